/**
 * The sanitise-and-validate stage: a decoder's {@link PostDraft} becomes a validated {@link Post},
 * or a quarantine reason. Pure: the receive time and the author-key function are passed in.
 */
import { POST_LIMITS, PostSchema, type Post, type PostDraft } from './post.schema.js'
import type { QuarantineReason } from './quarantine.js'

/** What the sanitiser needs from outside: the time now and a keyed hash for author keys. */
export interface SanitiseContext {
  /** Receive time, epoch milliseconds. */
  receivedAt: number
  /** A stable keyed hash of `platform:authorId` (the pseudonymous author key). */
  authorKey: (platform: string, authorId: string) => string
  /** Keep the raw payload on the post. */
  keepRaw: boolean
  /** How far in the future a post time may be before it counts as clock skew (ms). Default 10 min. */
  maxFutureSkewMs?: number
}

export type SanitiseResult =
  { ok: true; post: Post } | { ok: false; reason: QuarantineReason; message: string }

/** Earliest plausible post time: 2006-03-21, the first public micro-post. */
const EARLIEST_MS = Date.UTC(2006, 2, 21)
/** Beyond this much in the future a time is wrong, not skewed: quarantine instead of clamping. */
const MAX_FUTURE_MS = 24 * 3600_000

// Bidi embeddings/overrides/isolates and marks, zero-width characters, BOM, word joiner, soft hyphen,
// and C0/C1 controls other than tab and newline. Zero-width joiners inside emoji are kept (below).
const INVISIBLE =
  /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u200C\u2060\uFEFF\u00AD\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g
const LONE_ZWJ = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu
const SPACES = /[^\S\n]+/g
const BLANK_LINES = /\n{3,}/g

/** Makes text well-formed (lone surrogates → U+FFFD), NFC, and within the size cap. */
export function cleanText(s: string, cap: number = POST_LIMITS.textChars): string {
  let t = s.toWellFormed().normalize('NFC')
  if (t.length > cap) {
    t = t.slice(0, cap)
    // Do not end on half a surrogate pair.
    t = t.toWellFormed()
  }
  return t
}

/** The display-safe form: invisible and direction-changing characters removed, whitespace folded. */
export function displayText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(LONE_ZWJ, '')
    .replace(SPACES, ' ')
    .replace(/ *\n */g, '\n')
    .replace(BLANK_LINES, '\n\n')
    .trim()
}

/** Parses an ISO 8601 string (any offset) or epoch milliseconds; NaN when unreadable. */
export function parseTime(v: string | number): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN
  const s = v.trim()
  if (/^\d{9,16}(\.\d+)?$/.test(s)) {
    const n = Number(s)
    // Seconds (10 digits), milliseconds (13) or microseconds (16).
    return s.length <= 11 ? n * 1000 : s.length <= 14 ? n : n / 1000
  }
  return Date.parse(s)
}

function cleanList(xs: string[] | undefined, cap: number, lower: boolean): string[] {
  if (!xs || xs.length === 0) return []
  const out: string[] = []
  const seen = new Set<string>()
  for (const x of xs) {
    if (typeof x !== 'string') continue
    let v = displayText(cleanText(x, cap)).replace(/^[#@]/, '')
    if (lower) v = v.toLowerCase()
    if (!v || seen.has(v)) continue
    seen.add(v)
    out.push(v)
    if (out.length >= POST_LIMITS.listItems) break
  }
  return out
}

function optStr(v: unknown, cap: number): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined
  const s = displayText(cleanText(String(v), cap))
  return s ? s : undefined
}

/**
 * Sanitises and validates one draft. Never throws: anything wrong is a quarantine reason with a
 * plain-English message.
 */
export function sanitise(d: PostDraft, ctx: SanitiseContext): SanitiseResult {
  if (typeof d.platformId !== 'string' || d.platformId.length === 0) {
    return { ok: false, reason: 'MISSING_FIELD', message: 'The post has no id.' }
  }
  if (d.platformId.length > POST_LIMITS.idChars) {
    return {
      ok: false,
      reason: 'TOO_LARGE',
      message: `The post id is longer than ${POST_LIMITS.idChars} characters.`,
    }
  }
  if (typeof d.text !== 'string') {
    return { ok: false, reason: 'WRONG_TYPE', message: 'The post text is not a string.' }
  }
  const authorId = d.author?.platformId
  if (typeof authorId !== 'string' || authorId.length === 0) {
    return { ok: false, reason: 'MISSING_FIELD', message: 'The post has no author id.' }
  }
  const t = parseTime(d.createdAt)
  if (Number.isNaN(t)) {
    return {
      ok: false,
      reason: 'BAD_TIMESTAMP',
      message: `The post time ${JSON.stringify(d.createdAt).slice(0, 60)} cannot be read.`,
    }
  }
  const skew = ctx.maxFutureSkewMs ?? 10 * 60_000
  if (t < EARLIEST_MS) {
    return {
      ok: false,
      reason: 'BAD_TIMESTAMP',
      message: `The post time ${new Date(t).toISOString()} is before 2006, which is not plausible.`,
    }
  }
  if (t > ctx.receivedAt + MAX_FUTURE_MS) {
    return {
      ok: false,
      reason: 'BAD_TIMESTAMP',
      message: `The post time ${new Date(t).toISOString()} is more than a day in the future.`,
    }
  }
  // Small clock skew: a post cannot be created after we received it, so clamp it.
  const createdAt = t > ctx.receivedAt + skew ? ctx.receivedAt : t

  const text = cleanText(d.text)
  const platform = d.platform
  const post: Post = {
    platform,
    platformId: d.platformId,
    author: {
      platformId: cleanText(authorId, POST_LIMITS.idChars),
      key: ctx.authorKey(platform, authorId),
    },
    text,
    displayText: displayText(text),
    createdAt: new Date(createdAt).toISOString(),
    receivedAt: new Date(ctx.receivedAt).toISOString(),
    hashtags: cleanList(d.hashtags, 200, true),
    mentions: cleanList(d.mentions, POST_LIMITS.handleChars, false),
    links: cleanList(d.links, POST_LIMITS.urlChars, false),
  }
  const handle = optStr(d.author.handle, POST_LIMITS.handleChars)
  if (handle) post.author.handle = handle
  const name = optStr(d.author.displayName, POST_LIMITS.nameChars)
  if (name) post.author.displayName = name
  const url = optStr(d.url, POST_LIMITS.urlChars)
  if (url) post.url = url
  const lang =
    typeof d.langHint === 'string' ? d.langHint.trim().toLowerCase().split(/[-_]/)[0] : undefined
  if (lang && /^[a-z]{2,3}$/.test(lang)) post.langHint = lang
  for (const k of ['replyToId', 'quoteOfId', 'repostOfId', 'conversationId'] as const) {
    const v = optStr(d[k], POST_LIMITS.idChars)
    if (v) post[k] = v
  }
  if (d.geo) {
    const g: NonNullable<Post['geo']> = {}
    const { lat, lon } = d.geo
    if (
      typeof lat === 'number' &&
      typeof lon === 'number' &&
      Math.abs(lat) <= 90 &&
      Math.abs(lon) <= 180 &&
      !(lat === 0 && lon === 0)
    ) {
      g.lat = lat
      g.lon = lon
    }
    const pn = optStr(d.geo.placeName, POST_LIMITS.nameChars)
    if (pn) g.placeName = pn
    if (g.lat !== undefined || g.placeName) post.geo = g
  }
  if (d.metrics) {
    const m: NonNullable<Post['metrics']> = {}
    for (const k of ['likes', 'reposts', 'replies', 'quotes'] as const) {
      const v = d.metrics[k]
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) m[k] = v
    }
    if (Object.keys(m).length) post.metrics = m
  }
  if (ctx.keepRaw && d.raw !== undefined) {
    const raw = typeof d.raw === 'string' ? d.raw : safeJson(d.raw)
    if (raw !== undefined && raw.length <= POST_LIMITS.rawBytes) post.raw = raw
  }
  const v = PostSchema.safeParse(post)
  if (!v.success) {
    const issue = v.error.issues[0]
    return {
      ok: false,
      reason: 'INVALID_POST',
      message: `The post failed validation at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}.`,
    }
  }
  return { ok: true, post }
}

function safeJson(v: unknown): string | undefined {
  try {
    return JSON.stringify(v)
  } catch {
    return undefined
  }
}
