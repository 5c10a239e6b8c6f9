/**
 * The campaign model: a conversation a government starts under its own hashtags, with the
 * questions it asks, the services and areas in scope and the team that owns it.
 */
import { z } from 'zod'
import { AppError } from '../errors.js'

const isoUtc = z.iso.datetime({ offset: true })

/** Strips a leading `#`, folds case and drops spaces: the form hashtags are compared in. */
export function normaliseHashtag(tag: string): string {
  return tag.trim().replace(/^#+/, '').normalize('NFKC').toLowerCase().replace(/\s+/g, '')
}

/** Strips a leading `@` and folds case: the form account handles are compared in. */
export function normaliseHandle(handle: string): string {
  return handle.trim().replace(/^@+/, '').toLowerCase()
}

/** What a person gives to open a campaign (validated; times are ISO 8601 with an offset). */
export const CampaignInputSchema = z
  .object({
    name: z.string().trim().min(1, 'A campaign needs a name.').max(200),
    hashtags: z
      .array(z.string().trim().min(1).max(200))
      .min(1, 'A campaign needs at least one hashtag.')
      .max(20),
    keywords: z.array(z.string().trim().min(2).max(200)).max(50).default([]),
    accounts: z.array(z.string().trim().min(1).max(256)).max(50).default([]),
    startsAt: isoUtc,
    endsAt: isoUtc.optional(),
    questions: z.array(z.string().trim().min(1).max(2000)).max(20).default([]),
    services: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
    areas: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
    ownerTeam: z.string().trim().min(1).max(200).optional(),
    /** How many themes to group contributions into; chosen from the data when absent. */
    themeCount: z.number().int().min(1).max(50).optional(),
  })
  .refine((c) => c.endsAt === undefined || Date.parse(c.endsAt) > Date.parse(c.startsAt), {
    message: 'The campaign must end after it starts.',
    path: ['endsAt'],
  })

/** A campaign as given by a person, before normalisation. */
export type CampaignInput = z.input<typeof CampaignInputSchema>

/** A validated campaign: hashtags and accounts normalised, times as epoch milliseconds. */
export interface Campaign {
  readonly name: string
  /** Normalised hashtags (no `#`, lower case), in the order given: what posts are matched on. */
  readonly hashtags: readonly string[]
  /** The hashtags as the campaign writes them (no `#`, case kept), for display. */
  readonly displayHashtags: readonly string[]
  /** Lower-cased keywords or phrases that also attach a post. */
  readonly keywords: readonly string[]
  /** Normalised handles of the campaign's own accounts (the government's). */
  readonly accounts: readonly string[]
  readonly startsAtMs: number
  /** Open-ended when undefined. */
  readonly endsAtMs: number | undefined
  readonly questions: readonly string[]
  readonly services: readonly string[]
  readonly areas: readonly string[]
  readonly ownerTeam: string | undefined
  readonly themeCount: number | undefined
}

/** Validates a campaign input (an invalid-input AppError lists every problem) and normalises it. */
export function parseCampaign(input: CampaignInput): Campaign {
  const parsed = CampaignInputSchema.safeParse(input)
  if (!parsed.success)
    throw new AppError(
      'USAGE_INVALID',
      `The campaign is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'campaign'}: ${i.message}`).join('; ')}`,
    )
  const c = parsed.data
  const uniq = (xs: string[]): string[] => [...new Set(xs)]
  return {
    name: c.name,
    hashtags: uniq(c.hashtags.map(normaliseHashtag).filter((h) => h.length > 0)),
    displayHashtags: uniq(
      c.hashtags.map((h) => h.trim().replace(/^#+/, '')).filter((h) => h.length > 0),
    ),
    keywords: uniq(c.keywords.map((k) => k.toLowerCase())),
    accounts: uniq(c.accounts.map(normaliseHandle)),
    startsAtMs: Date.parse(c.startsAt),
    endsAtMs: c.endsAt === undefined ? undefined : Date.parse(c.endsAt),
    questions: c.questions,
    services: c.services,
    areas: c.areas,
    ownerTeam: c.ownerTeam,
    themeCount: c.themeCount,
  }
}
