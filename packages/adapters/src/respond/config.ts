/**
 * Respond configuration (YAML validated by zod, `config/respond.yaml` by default, overridable by
 * `CIVICPULSE_RESPOND`): SLA policies over business hours and holidays, team settings (policy,
 * approval by a second person), routing rules (which may open cases by themselves: `open: auto`),
 * whether incidents open cases, and the starting reply templates. Teams come from the taxonomy
 * (code = the team's name in lower case with dashes); the file adds or overrides.
 */
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { loadYamlConfig } from '../yaml-config.js'
import {
  AppError,
  INTENTS,
  PRIORITIES,
  URGENCY_FLAGS,
  alwaysOpen,
  validateCalendar,
  type BusinessCalendar,
  type Priority,
  type RoutingDefaults,
  type RoutingRule,
  type SlaPolicy,
} from '@civicpulse/core'
import type { Taxonomy } from '../sieve/taxonomy/index.js'

/** The default configuration file (the Lewisham demo's). */
export const DEFAULT_RESPOND_CONFIG_PATH = fileURLToPath(
  new URL('../../../../config/respond.yaml', import.meta.url),
)

const HHMM = z.string().regex(/^\d{2}:\d{2}$/, 'must be HH:MM')
const Minutes = z.object(
  Object.fromEntries(PRIORITIES.map((p) => [p, z.number().int().positive()])) as Record<
    Priority,
    z.ZodNumber
  >,
)

const PolicySchema = z
  .object({
    hours: z.union([
      z.literal('always'),
      z
        .object({
          days: z.array(z.number().int().min(0).max(6)).min(1).default([1, 2, 3, 4, 5]),
          start: HHMM,
          end: HHMM,
        })
        .strict(),
    ]),
    firstResponseMinutes: Minutes,
    resolutionMinutes: Minutes,
    warnAt: z.number().gt(0).lt(1).optional(),
  })
  .strict()

const RuleSchema = z
  .object({
    id: z.string().min(1),
    when: z
      .object({
        services: z.array(z.string()).optional(),
        areas: z.array(z.string()).optional(),
        intents: z.array(z.enum(INTENTS)).optional(),
        minUrgency: z.number().min(0).max(1).optional(),
        flags: z.array(z.enum(URGENCY_FLAGS)).optional(),
        /** Only for `open: auto`: the post's relevance (to council services) must reach this. */
        minRelevance: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({}),
    team: z.string().optional(),
    priority: z.enum(PRIORITIES).optional(),
    notify: z.boolean().optional(),
    /** `auto`: a post matching the rule opens a case by itself. */
    open: z.enum(['auto', 'manual']).default('manual'),
  })
  .strict()

const Open311EndpointSchema = z
  .object({
    /** The name responders pick and the links keep. */
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _'),
    /** The endpoint's base, e.g. `https://city.example/open311/v2`. */
    baseUrl: z.string().url(),
    /** The environment variable that holds the api_key (never the key itself). */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name')
      .optional(),
    jurisdictionId: z.string().optional(),
    format: z.enum(['json', 'xml']).default('json'),
    /** `same`: our service codes; or a map from our codes (or groups, e.g. `waste`) to theirs. */
    serviceCodes: z.union([z.literal('same'), z.record(z.string(), z.string())]).default('same'),
    /** Their code for cases whose service has no mapping (otherwise such cases cannot be sent). */
    defaultServiceCode: z.string().optional(),
  })
  .strict()

/** The configuration file's shape. */
export const RespondConfigSchema = z
  .object({
    timeZone: z.string().default('Europe/London'),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')).default([]),
    policies: z.record(z.string(), PolicySchema),
    defaultPolicy: z.string(),
    fallbackTeam: z.string().default('customer-services'),
    defaultPriority: z.enum(PRIORITIES).default('normal'),
    teams: z
      .record(
        z.string(),
        z
          .object({
            name: z.string().optional(),
            policy: z.string().optional(),
            approvalRequired: z.boolean().default(false),
          })
          .strict(),
      )
      .default({}),
    rules: z.array(RuleSchema).default([]),
    incidents: z
      .object({
        open: z.enum(['auto', 'manual']).default('auto'),
        priority: z.enum(PRIORITIES).optional(),
      })
      .strict()
      .default({ open: 'auto' }),
    templates: z
      .array(z.object({ name: z.string().min(1), body: z.string().min(1) }).strict())
      .default([]),
    open311: z
      .object({
        /** How often open links are polled, in minutes. */
        pollEveryMinutes: z.number().positive().max(1440).default(5),
        endpoints: z.array(Open311EndpointSchema).default([]),
      })
      .strict()
      .default({ pollEveryMinutes: 5, endpoints: [] }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const names = c.open311.endpoints.map((e) => e.name)
    for (const [i, n] of names.entries())
      if (names.indexOf(n) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['open311', 'endpoints', i, 'name'],
          message: `two endpoints are called ${n}`,
        })
    if (!(c.defaultPolicy in c.policies))
      ctx.addIssue({
        code: 'custom',
        path: ['defaultPolicy'],
        message: `no policy is called ${c.defaultPolicy}`,
      })
    for (const [code, t] of Object.entries(c.teams))
      if (t.policy !== undefined && !(t.policy in c.policies))
        ctx.addIssue({
          code: 'custom',
          path: ['teams', code, 'policy'],
          message: `no policy is called ${t.policy}`,
        })
  })

/** The file as parsed. */
export type RespondConfigFile = z.infer<typeof RespondConfigSchema>

/** A routing rule with whether it opens cases by itself (and how relevant a post must be to). */
export type RespondRule = RoutingRule & { open: 'auto' | 'manual'; minRelevance?: number }

/** An external Open311 endpoint cases can be sent to. */
export type Open311EndpointConfig = z.infer<typeof Open311EndpointSchema>

/** A team as Respond uses it. */
export interface RespondTeam {
  code: string
  name: string
  policy: string
  approvalRequired: boolean
}

/** The configuration resolved against the taxonomy. */
export interface RespondConfig {
  timeZone: string
  teams: RespondTeam[]
  policies: Record<string, SlaPolicy>
  defaultPolicy: string
  rules: RespondRule[]
  defaults: RoutingDefaults
  incidents: { open: 'auto' | 'manual'; priority?: Priority | undefined }
  templates: { name: string; body: string }[]
  /** External Open311 endpoints and how often their requests are polled. */
  open311: { pollEveryMs: number; endpoints: Open311EndpointConfig[] }
}

/** A team's code from its name: lower case, words joined by dashes. */
export function teamCode(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

function calendarOf(
  hours: z.infer<typeof PolicySchema>['hours'],
  timeZone: string,
  holidays: string[],
): BusinessCalendar {
  if (hours === 'always') return alwaysOpen(timeZone)
  const iv = [{ start: hours.start, end: hours.end }]
  const week: BusinessCalendar['week'] = {}
  for (const d of hours.days) week[d as 0] = iv
  return { timeZone, week, holidays }
}

/** Resolves a parsed file against the taxonomy (teams, service → team). */
export function resolveRespondConfig(file: RespondConfigFile, taxonomy: Taxonomy): RespondConfig {
  const policies: Record<string, SlaPolicy> = {}
  for (const [id, p] of Object.entries(file.policies)) {
    const calendar = calendarOf(p.hours, file.timeZone, file.holidays)
    validateCalendar(calendar)
    policies[id] = {
      id,
      calendar,
      firstResponseMinutes: p.firstResponseMinutes,
      resolutionMinutes: p.resolutionMinutes,
      ...(p.warnAt !== undefined ? { warnAt: p.warnAt } : {}),
    }
  }
  const names = new Map<string, string>()
  const serviceTeams: Record<string, string> = {}
  for (const s of taxonomy.services) {
    const code = teamCode(s.team)
    names.set(code, s.team)
    serviceTeams[s.code] = code
  }
  // Incidents may name only a service group.
  for (const g of taxonomy.data.groups) {
    const first = taxonomy.services.find((s) => s.group === g.code)
    if (first) serviceTeams[g.code] = teamCode(first.team)
  }
  for (const [code, t] of Object.entries(file.teams))
    names.set(code, t.name ?? names.get(code) ?? code)
  if (!names.has(file.fallbackTeam)) names.set(file.fallbackTeam, file.fallbackTeam)
  const teams = [...names.entries()]
    .map(([code, name]) => ({
      code,
      name,
      policy: file.teams[code]?.policy ?? file.defaultPolicy,
      approvalRequired: file.teams[code]?.approvalRequired ?? false,
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
  const rules: RespondRule[] = file.rules.map((r) => ({
    id: r.id,
    when: Object.fromEntries(
      Object.entries(r.when).filter(([k, v]) => v !== undefined && k !== 'minRelevance'),
    ),
    open: r.open,
    ...(r.when.minRelevance !== undefined ? { minRelevance: r.when.minRelevance } : {}),
    ...(r.team !== undefined ? { team: r.team } : {}),
    ...(r.priority !== undefined ? { priority: r.priority } : {}),
    ...(r.notify !== undefined ? { notify: r.notify } : {}),
  }))
  return {
    timeZone: file.timeZone,
    teams,
    policies,
    defaultPolicy: file.defaultPolicy,
    rules,
    defaults: {
      serviceTeams,
      fallbackTeam: file.fallbackTeam,
      defaultPriority: file.defaultPriority,
    },
    incidents: file.incidents,
    templates: file.templates,
    open311: {
      pollEveryMs: Math.round(file.open311.pollEveryMinutes * 60_000),
      endpoints: file.open311.endpoints,
    },
  }
}

/** Reads, validates and resolves a configuration file; every problem is reported at once. */
export function loadRespondConfig(
  taxonomy: Taxonomy,
  path: string = process.env['CIVICPULSE_RESPOND'] ?? DEFAULT_RESPOND_CONFIG_PATH,
): RespondConfig {
  const data = loadYamlConfig(path, RespondConfigSchema, 'Respond configuration')
  try {
    return resolveRespondConfig(data, taxonomy)
  } catch (e: unknown) {
    throw new AppError('CONFIG_INVALID', `${path}: ${(e as Error).message}`, { cause: e })
  }
}

/**
 * The endpoint's service code for one of ours: the same code, or the map's entry for the code,
 * then for its group (`waste` for `waste.missed-collection`), then `defaultServiceCode`; null when
 * none applies.
 */
export function open311ServiceCode(
  e: Pick<Open311EndpointConfig, 'serviceCodes' | 'defaultServiceCode'>,
  serviceCode: string | null,
): string | null {
  if (serviceCode && e.serviceCodes === 'same') return serviceCode
  if (serviceCode && e.serviceCodes !== 'same') {
    const group = serviceCode.split('.')[0] as string
    const hit = e.serviceCodes[serviceCode] ?? e.serviceCodes[group]
    if (hit) return hit
  }
  return e.defaultServiceCode ?? null
}
