/**
 * The Post model: one normalised message from any platform.
 *
 * The Zod schema is the source of truth; the TypeScript types are inferred from it. Every decoder
 * produces a {@link PostDraft}; the sanitise stage turns a draft into a validated {@link Post} or a
 * quarantine record. Times are ISO 8601 strings in UTC (`…Z`), ids are strings (platform ids can
 * exceed 2^53 and must never pass through a JS number).
 */
import { z } from 'zod'

/** Platforms a post can come from. `file` covers CSV/NDJSON imports with no platform of their own. */
export const PLATFORMS = ['x', 'mastodon', 'bluesky', 'reddit', 'rss', 'atom', 'file'] as const
export const PlatformSchema = z.enum(PLATFORMS)
export type Platform = z.infer<typeof PlatformSchema>

/** Limits applied by the sanitise stage; larger values are cut (text) or quarantined (ids). */
export const POST_LIMITS = {
  textChars: 40_000,
  idChars: 512,
  urlChars: 2_048,
  handleChars: 256,
  nameChars: 512,
  listItems: 100,
  rawBytes: 256 * 1024,
} as const

const isoUtc = z.iso.datetime({ offset: false })

export const AuthorSchema = z.object({
  /** The platform's id for the author (X user id, Mastodon account id, Bluesky DID, Reddit name). */
  platformId: z.string().min(1).max(POST_LIMITS.idChars),
  handle: z.string().max(POST_LIMITS.handleChars).optional(),
  displayName: z.string().max(POST_LIMITS.nameChars).optional(),
  /**
   * A stable pseudonymous key (keyed hash of platform + platform id) used for analytics such as
   * "distinct participants", so counts never need the real identity.
   */
  key: z.string().min(1),
})
export type Author = z.infer<typeof AuthorSchema>

export const GeoSchema = z.object({
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  placeName: z.string().max(POST_LIMITS.nameChars).optional(),
})
export type Geo = z.infer<typeof GeoSchema>

export const MetricsSchema = z.object({
  likes: z.number().int().nonnegative().optional(),
  reposts: z.number().int().nonnegative().optional(),
  replies: z.number().int().nonnegative().optional(),
  quotes: z.number().int().nonnegative().optional(),
})
export type Metrics = z.infer<typeof MetricsSchema>

export const PostSchema = z.object({
  platform: PlatformSchema,
  platformId: z.string().min(1).max(POST_LIMITS.idChars),
  /** Where a person can read the post on its platform, when known. */
  url: z.string().max(POST_LIMITS.urlChars).optional(),
  author: AuthorSchema,
  /** The text as the platform sent it (NFC, invalid code units replaced), capped in size. */
  text: z.string().max(POST_LIMITS.textChars),
  /** Display-safe text: bidi overrides, zero-width and control characters removed, whitespace folded. */
  displayText: z.string().max(POST_LIMITS.textChars),
  /** The language the platform declared, if any (BCP 47 primary subtag, lower case). */
  langHint: z.string().max(16).optional(),
  createdAt: isoUtc,
  receivedAt: isoUtc,
  replyToId: z.string().max(POST_LIMITS.idChars).optional(),
  quoteOfId: z.string().max(POST_LIMITS.idChars).optional(),
  repostOfId: z.string().max(POST_LIMITS.idChars).optional(),
  conversationId: z.string().max(POST_LIMITS.idChars).optional(),
  hashtags: z.array(z.string().max(200)).max(POST_LIMITS.listItems),
  mentions: z.array(z.string().max(POST_LIMITS.handleChars)).max(POST_LIMITS.listItems),
  links: z.array(z.string().max(POST_LIMITS.urlChars)).max(POST_LIMITS.listItems),
  geo: GeoSchema.optional(),
  metrics: MetricsSchema.optional(),
  /** The original payload, as JSON text, when the retention setting keeps it. */
  raw: z.string().optional(),
})
export type Post = z.infer<typeof PostSchema>

/**
 * What a decoder emits: a post before sanitising. Text may still hold lone surrogates or control
 * characters, times may be in any ISO form or epoch, lists may be over-long; the author key and the
 * display text are filled in by the sanitise stage.
 */
export interface PostDraft {
  platform: Platform
  platformId: string
  url?: string | undefined
  author: { platformId: string; handle?: string | undefined; displayName?: string | undefined }
  text: string
  langHint?: string | undefined
  /** ISO 8601 with any offset, or epoch milliseconds. */
  createdAt: string | number
  replyToId?: string | undefined
  quoteOfId?: string | undefined
  repostOfId?: string | undefined
  conversationId?: string | undefined
  hashtags?: string[] | undefined
  mentions?: string[] | undefined
  links?: string[] | undefined
  geo?: Geo | undefined
  metrics?: Metrics | undefined
  /** The payload this draft came from (the object, or the raw text of a line/row/item). */
  raw?: unknown
}

/** The natural key of a post: unique per platform. */
export function postKey(p: Pick<Post, 'platform' | 'platformId'>): string {
  return `${p.platform}:${p.platformId}`
}
