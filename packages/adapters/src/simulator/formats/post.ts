/** The generator's internal post, shared by the payload writers, and entity finding in text. */
import type { SimAuthor } from '../authors.js'
import type { SimPlatform } from '../types.js'

/** A post before it is written in a platform's shape. */
export interface SimPost {
  platform: SimPlatform
  /** Creation time, epoch ms (simulated). */
  at: number
  /** Platform id: status/tweet id, Bluesky rkey, Reddit id without prefix. */
  id: string
  /** `platform:platformId` as the Post model keys it. */
  key: string
  author: SimAuthor
  text: string
  lang: string
  replyTo?: SimPost | undefined
  root?: SimPost | undefined
  repostOf?: SimPost | undefined
  geo?: { lat: number; lon: number } | undefined
  /** Bluesky content id. */
  cid?: string
  /** Reddit: subreddit, and whether this is a link (t3) or a comment (t1). */
  subreddit?: string
  redditKind?: 't3' | 't1'
  title?: string
  /** Replies received so far (Reddit listings show num_comments). */
  replies: number
  /** `at` as ISO 8601, computed once. */
  iso?: string
}

/** A hashtag, mention or link found in a text, with UTF-16 offsets. */
export interface Entity {
  type: 'hashtag' | 'mention' | 'url'
  start: number
  end: number
  /** Tag without `#`, handle without `@`, or the URL. */
  value: string
}

const URL_RE = /https?:\/\/[^\s]+[^\s.,!?;:)]/g
const TAG_RE = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu
const MENTION_X = /(^|[^\w@])@(\w{1,15})(?![\w@])/g
const MENTION_MASTODON = /(^|[^\w@/])@(\w+(?:@[\w-]+(?:\.[\w-]+)+)?)/g
const MENTION_BSKY = /(^|[\s(])@([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)/g

/** Finds hashtags, mentions (in the platform's handle syntax) and links, sorted by position. */
export function findEntities(text: string, platform: SimPlatform): Entity[] {
  const out: Entity[] = []
  for (const m of text.matchAll(URL_RE))
    out.push({ type: 'url', start: m.index, end: m.index + m[0].length, value: m[0] })
  const inUrl = (i: number): boolean =>
    out.some((e) => e.type === 'url' && i >= e.start && i < e.end)
  for (const m of text.matchAll(TAG_RE)) {
    const start = m.index + (m[1] as string).length
    if (!inUrl(start))
      out.push({
        type: 'hashtag',
        start,
        end: start + 1 + (m[2] as string).length,
        value: m[2] as string,
      })
  }
  if (platform !== 'reddit') {
    const re =
      platform === 'x' ? MENTION_X : platform === 'mastodon' ? MENTION_MASTODON : MENTION_BSKY
    for (const m of text.matchAll(re)) {
      const start = m.index + (m[1] as string).length
      if (!inUrl(start))
        out.push({
          type: 'mention',
          start,
          end: start + 1 + (m[2] as string).length,
          value: m[2] as string,
        })
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

/** ISO 8601 with milliseconds, UTC. */
export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

const HTML_SPECIAL = /[&<>"']/
const HTML_ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML content. */
export function escapeHtml(s: string): string {
  if (!HTML_SPECIAL.test(s)) return s
  return s.replace(/[&<>"']/g, (c) => HTML_ESC[c] as string)
}
