/**
 * The taxonomy of public services, as a deployment writes it in YAML: groups → services, each service
 * with a stable Open311-style `service_code`, a responsible team, keywords and example phrasings per
 * language, and the SHEF groups (mySociety's harmonisation of UK council categories) it falls in.
 */
import { z } from 'zod'

/** A service or group code: short, lowercase, stable; services are `<group>.<name>` (e.g. `waste.missed-collection`). */
export const GROUP_CODE_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/
/** A full service code, `<group code>.<service name>`, usable as an Open311 `service_code`. */
export const SERVICE_CODE_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/
/** A language code as used by the taxonomy (ISO 639-1, or `und`). */
const LANG_RE = /^[a-z]{2,3}$/

const PhrasesSchema = z.record(
  z.string().regex(LANG_RE, { message: 'language keys must be ISO 639 codes such as en, es, pl' }),
  z.array(z.string().min(1, { message: 'must not be empty' })),
)

/** One public service people can talk about or report. */
export const ServiceSchema = z
  .object({
    code: z.string().regex(SERVICE_CODE_RE, {
      message:
        "must be lowercase '<group>.<service>' with letters, digits and dashes, e.g. 'waste.missed-collection'",
    }),
    name: z.string().min(1),
    description: z.string().optional(),
    /** The team that answers for it; falls back to the group's team. */
    team: z.string().optional(),
    /** SHEF-A groups (finest) this service covers. */
    shefA: z.array(z.string()).optional(),
    /** SHEF-B group (29 groups) for comparisons. */
    shefB: z.string().optional(),
    /** SHEF-C group (8 groups) for comparisons. */
    shefC: z.string().optional(),
    /** Local Government Service List codes. */
    lgsl: z.array(z.number().int().positive()).optional(),
    /** Which council tier provides it in two-tier areas (from GOV.UK's local services list). */
    tier: z.enum(['all', 'county/unitary', 'district/unitary']).optional(),
    /** Council category names (as people pick them on FixMyStreet and council forms) that mean this service. */
    categories: z.array(z.string()).optional(),
    keywords: PhrasesSchema.default({}),
    examples: PhrasesSchema.default({}),
  })
  .strict()
export type Service = z.infer<typeof ServiceSchema>

/** A group of services with a shared responsible team. */
export const GroupSchema = z
  .object({
    code: z.string().regex(GROUP_CODE_RE, {
      message: "must be a short lowercase word with dashes, e.g. 'waste' or 'social-care'",
    }),
    name: z.string().min(1),
    team: z.string().optional(),
    services: z.array(ServiceSchema),
  })
  .strict()
export type Group = z.infer<typeof GroupSchema>

/** The YAML file as written; `extends` names a base taxonomy this one adds to or overrides. */
export const TaxonomyFileSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    version: z.union([z.string(), z.number()]).transform(String),
    description: z.string().optional(),
    /** Path (relative to this file) of a base taxonomy, or `default` for the built-in UK one. */
    extends: z.string().optional(),
    /** Service or group codes to drop from the base. */
    remove: z.array(z.string()).optional(),
    /** The service used when nothing else fits (must exist after merging). */
    fallback: z.string().regex(SERVICE_CODE_RE).optional(),
    attribution: z.array(z.string()).optional(),
    groups: z.array(GroupSchema).default([]),
  })
  .strict()
export type TaxonomyFile = z.infer<typeof TaxonomyFileSchema>

/** A complete taxonomy (after merging): every service code unique and prefixed by its group code. */
export const TaxonomySchema = TaxonomyFileSchema.superRefine((t, ctx) => {
  const seen = new Map<string, string>()
  t.groups.forEach((g, gi) => {
    if (seen.has(g.code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['groups', gi, 'code'],
        message: `group code '${g.code}' is used twice`,
      })
    }
    seen.set(g.code, `groups[${gi}]`)
    g.services.forEach((s, si) => {
      const path = ['groups', gi, 'services', si, 'code']
      if (!s.code.startsWith(`${g.code}.`)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `service '${s.code}' must start with its group code '${g.code}.'`,
        })
      }
      const prev = seen.get(s.code)
      if (prev !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `service code '${s.code}' is used twice (also at ${prev})`,
        })
      }
      seen.set(s.code, `groups[${gi}].services[${si}]`)
    })
  })
  if (
    t.fallback !== undefined &&
    !t.groups.some((g) => g.services.some((s) => s.code === t.fallback))
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['fallback'],
      message: `fallback service '${t.fallback}' is not defined`,
    })
  }
})
export type TaxonomyData = z.infer<typeof TaxonomySchema>
