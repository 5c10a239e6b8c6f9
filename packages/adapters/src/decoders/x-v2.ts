/**
 * X API v2 payloads: recent/full-archive search pages (`{data[], includes, meta}`), filtered-stream
 * lines (`{data, includes, matching_rules}`), lookups (`{data: obj|[]}`), error-only responses,
 * batch-compliance delete records, and (skipped) tweet counts and user lookups.
 *
 * Choices: tweets in `includes.tweets` are context for the page, not posts of their own; a tweet
 * without `author_id` (the request did not ask for it) is quarantined MISSING_FIELD, because every
 * post needs an author; a missing `created_at` is read from the id (a snowflake id holds its
 * creation time in milliseconds).
 */
import type { PostDraft } from '@civicpulse/core'
import type { DecodedItem } from './types.js'
import { decodeXEntities } from './html-text.js'
import {
  type Obj,
  geoPoint,
  isObj,
  metricsOf,
  optArr,
  optCount,
  optId,
  optObj,
  optStr,
  pushUnique,
  reqStr,
  toId,
  toNumber,
} from './fields.js'
import { type RecordContext, RecordError, guarded, jsonRaw, quarantine, skip } from './outcome.js'

/** The X snowflake epoch (2010-11-04T01:42:54.657Z), in ms. */
const TWEPOCH = 1288834974657n

/** True when a parsed value looks like an X API v2 response or stream line. */
export function isXPayload(v: Obj): boolean {
  const data = v['data']
  if (isObj(data))
    return (
      'id' in data && ('text' in data || 'username' in data || 'edit_history_tweet_ids' in data)
    )
  if (Array.isArray(data)) {
    if ('includes' in v || 'meta' in v || 'matching_rules' in v) return true
    const first: unknown = data[0]
    return (
      isObj(first) &&
      'id' in first &&
      ('text' in first || 'edit_history_tweet_ids' in first || 'username' in first)
    )
  }
  return false
}

/** True for an X error-only response (`{errors:[{title, detail, type}]}` with no `data`). */
export function isXErrors(v: Obj): boolean {
  if (!Array.isArray(v['errors']) || 'data' in v) return false
  const e: unknown = v['errors'][0]
  return isObj(e) && ('title' in e || 'detail' in e || 'message' in e)
}

/** True for a batch-compliance record (`{id, action, created_at, reason}`). */
export function isXCompliance(v: Obj): boolean {
  return typeof v['action'] === 'string' && 'id' in v && ('reason' in v || 'redacted_at' in v)
}

interface Includes {
  users: Map<string, Obj>
  places: Map<string, Obj>
}

function indexIncludes(inc: Obj | undefined): Includes {
  const users = new Map<string, Obj>()
  const places = new Map<string, Obj>()
  for (const u of optArr(inc, 'users')) {
    const id = isObj(u) ? optId(u['id']) : undefined
    if (id !== undefined && isObj(u)) users.set(id, u)
  }
  for (const p of optArr(inc, 'places')) {
    const id = isObj(p) ? optId(p['id']) : undefined
    if (id !== undefined && isObj(p)) places.set(id, p)
  }
  return { users, places }
}

/** Decodes one X payload (page, stream line, lookup, errors, compliance) into outcomes. */
export function decodeXPayload(v: Obj, ctx: RecordContext, out: DecodedItem[]): void {
  const data = v['data']
  if (Array.isArray(data) || isObj(data)) {
    const items: unknown[] = Array.isArray(data) ? data : [data]
    if (items.length === 0) {
      out.push(skip('An X response with no tweets (empty page).', ctx.position))
      return
    }
    const first: unknown = items[0]
    if (isObj(first) && 'tweet_count' in first && !('text' in first)) {
      out.push(skip('X tweet counts (numbers per time bucket), not posts.', ctx.position))
      return
    }
    if (isObj(first) && 'username' in first && !('text' in first)) {
      out.push(skip('An X user lookup (accounts), not posts.', ctx.position))
      return
    }
    const inc = indexIncludes(optObj(v, 'includes'))
    const many = items.length > 1 || Array.isArray(data)
    for (let i = 0; i < items.length; i++) {
      const t = items[i]
      const position = many ? `${ctx.position} tweet ${i + 1}` : ctx.position
      guarded(
        out,
        position,
        () => (many ? jsonRaw(t) : (ctx.rawText ?? jsonRaw(v))),
        () => {
          if (!isObj(t))
            throw new RecordError('WRONG_TYPE', `The X tweet is not an object (${typeof t}).`)
          out.push({
            kind: 'post',
            draft: tweetToDraft(t, inc, ctx, many ? undefined : ctx.rawText),
            position,
          })
        },
      )
    }
    return
  }
  if (isXErrors(v)) {
    out.push(
      quarantine('PLATFORM_ERROR', xErrorMessage(v), ctx.rawText ?? jsonRaw(v), ctx.position),
    )
    return
  }
  if (isXCompliance(v)) {
    guarded(
      out,
      ctx.position,
      () => ctx.rawText ?? jsonRaw(v),
      () => {
        const id = toId(v['id'], "The compliance record's `id`", ctx.rawText, 'id')
        if (v['action'] === 'delete')
          out.push({ kind: 'delete', platform: 'x', platformId: id, position: ctx.position })
        else
          out.push(
            skip(
              `An X compliance record with action "${String(v['action'])}" (not a deletion).`,
              ctx.position,
            ),
          )
      },
    )
    return
  }
  if ('data' in v && (v['data'] === null || v['data'] === undefined) && isObj(v['meta'])) {
    out.push(skip('An X response with no tweets (empty page).', ctx.position))
    return
  }
  out.push(
    quarantine(
      'UNKNOWN_FORMAT',
      `This is not an X API v2 response: expected \`data\` (a tweet or a list of tweets) but found the keys ${keyList(v)}.`,
      ctx.rawText ?? jsonRaw(v),
      ctx.position,
    ),
  )
}

/** Lists an object's keys for messages (first 8). */
export function keyList(v: Obj): string {
  const keys = Object.keys(v)
  if (keys.length === 0) return '(none: the object is empty)'
  return (
    keys
      .slice(0, 8)
      .map((k) => `\`${k}\``)
      .join(', ') + (keys.length > 8 ? ', …' : '')
  )
}

function xErrorMessage(v: Obj): string {
  const errs = optArr(v, 'errors')
  const first = errs[0]
  const e = isObj(first) ? first : {}
  const title = optStr(e, 'title') ?? optStr(e, 'message') ?? 'error'
  const detail = optStr(e, 'detail')?.replace(/\.$/, '')
  const more = errs.length > 1 ? ` (and ${errs.length - 1} more errors)` : ''
  return `X returned an error instead of tweets: ${title}${detail ? ` — ${detail}` : ''}${more}.`
}

function snowflakeTime(id: string): number | undefined {
  if (!/^\d{15,20}$/.test(id)) return undefined
  const ms = (BigInt(id) >> 22n) + TWEPOCH
  return ms > TWEPOCH ? Number(ms) : undefined
}

function tweetToDraft(
  t: Obj,
  inc: Includes,
  ctx: RecordContext,
  rawText: string | undefined,
): PostDraft {
  const id = toId(t['id'], "The X tweet's `id`", rawText, 'id')
  const note = optObj(t, 'note_tweet')
  const noteText = optStr(note, 'text')
  const text = decodeXEntities(noteText ?? reqStr(t, 'text', `The text of X tweet ${id}`))
  const authorId = optId(t['author_id'])
  if (authorId === undefined) {
    throw new RecordError(
      'MISSING_FIELD',
      `X tweet ${id} has no \`author_id\`: the request did not ask for it (add tweet.fields=author_id or expansions=author_id).`,
    )
  }
  const createdAt = optStr(t, 'created_at') ?? snowflakeTime(id)
  if (createdAt === undefined) {
    throw new RecordError(
      'BAD_TIMESTAMP',
      `X tweet ${id} has no \`created_at\` and its id does not encode a time.`,
    )
  }
  const user = inc.users.get(authorId)
  const handle = optStr(user, 'username')
  const draft: PostDraft = {
    platform: 'x',
    platformId: id,
    url: handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`,
    author: { platformId: authorId, handle, displayName: optStr(user, 'name') },
    text,
    createdAt,
  }
  const lang = optStr(t, 'lang')
  if (lang !== undefined && lang !== 'und') draft.langHint = lang
  for (const r of optArr(t, 'referenced_tweets')) {
    if (!isObj(r)) continue
    const rid = optId(r['id'])
    if (r['type'] === 'replied_to') draft.replyToId = rid
    else if (r['type'] === 'quoted') draft.quoteOfId = rid
    else if (r['type'] === 'retweeted') draft.repostOfId = rid
  }
  const conv = optId(t['conversation_id'])
  if (conv !== undefined) draft.conversationId = conv
  // A long tweet's note_tweet carries its own entities; the short text's are truncated.
  const ent =
    (noteText !== undefined ? optObj(note, 'entities') : undefined) ?? optObj(t, 'entities')
  if (ent) {
    const hashtags: string[] = []
    const mentions: string[] = []
    const links: string[] = []
    for (const h of optArr(ent, 'hashtags')) if (isObj(h)) pushUnique(hashtags, optStr(h, 'tag'))
    for (const m of optArr(ent, 'mentions'))
      if (isObj(m)) pushUnique(mentions, optStr(m, 'username'))
    for (const u of optArr(ent, 'urls'))
      if (isObj(u)) pushUnique(links, optStr(u, 'expanded_url') ?? optStr(u, 'url'))
    if (hashtags.length) draft.hashtags = hashtags
    if (mentions.length) draft.mentions = mentions
    if (links.length) draft.links = links
  }
  const geo = optObj(t, 'geo')
  if (geo) {
    const coords = optArr(optObj(geo, 'coordinates'), 'coordinates')
    // GeoJSON order: [longitude, latitude].
    const point = geoPoint(toNumber(coords[1]), toNumber(coords[0]))
    const placeId = optId(geo['place_id'])
    const place = placeId !== undefined ? inc.places.get(placeId) : undefined
    const placeName = optStr(place, 'full_name') ?? optStr(place, 'name')
    if (point || placeName)
      draft.geo = { ...point, ...(placeName !== undefined ? { placeName } : {}) }
  }
  const pm = optObj(t, 'public_metrics')
  if (pm) {
    draft.metrics = metricsOf({
      likes: optCount(pm, 'like_count'),
      reposts: optCount(pm, 'retweet_count'),
      replies: optCount(pm, 'reply_count'),
      quotes: optCount(pm, 'quote_count'),
    })
  }
  if (ctx.keepRaw) draft.raw = t
  return draft
}
