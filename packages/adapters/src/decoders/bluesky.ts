/**
 * Bluesky Jetstream events (v1 JSON lines, and the v2 `message` envelope). Commits to
 * `app.bsky.feed.post` become posts (create, update) or deletions; every other collection (likes,
 * reposts, follows, blocks, profiles) and `identity`/`account` events are skipped.
 *
 * Facets carry UTF-8 BYTE offsets into the text: mentions are read from those byte ranges (the
 * handle as written), tags and links from the facet features (the link's full URI, which the text
 * may shorten). Jetstream carries no handles, so authors are identified by DID only.
 */
import type { PostDraft } from '@civicpulse/core'
import type { DecodedItem } from './types.js'
import { type Obj, isObj, optArr, optObj, optStr, pushUnique, reqStr } from './fields.js'
import { type RecordContext, RecordError, guarded, jsonRaw, skip } from './outcome.js'

const POST = 'app.bsky.feed.post'
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** True for a Jetstream v1 event (`{did, time_us, kind, …}`) or a v2 message envelope. */
export function isJetstreamEvent(v: Obj): boolean {
  if ('did' in v && typeof v['kind'] === 'string') return true
  return v['$type'] === 'message' && isObj(v['payload'])
}

/** Decodes one Jetstream event into one outcome (post, delete or skip) or a quarantine. */
export function decodeJetstreamEvent(v: Obj, ctx: RecordContext, out: DecodedItem[]): void {
  guarded(
    out,
    ctx.position,
    () => ctx.rawText ?? jsonRaw(v),
    () => {
      if (v['$type'] === 'message') {
        decodeV2(optObj(v, 'payload') ?? {}, ctx, out)
        return
      }
      const kind = v['kind']
      if (kind !== 'commit') {
        out.push(skip(`A Jetstream "${String(kind)}" event, not a post.`, ctx.position))
        return
      }
      const did = reqStr(v, 'did', 'The `did` of the Jetstream event')
      const commit = v['commit']
      if (!isObj(commit))
        throw new RecordError('MISSING_FIELD', 'The Jetstream commit event has no `commit` object.')
      decodeCommit(did, commit, v['time_us'], ctx, out)
    },
  )
}

function decodeV2(p: Obj, ctx: RecordContext, out: DecodedItem[]): void {
  const type = optStr(p, '$type') ?? ''
  if (!type.endsWith('#commit')) {
    out.push(skip(`A Jetstream "${type || 'unknown'}" message, not a post.`, ctx.position))
    return
  }
  const did = reqStr(p, 'did', 'The `did` of the Jetstream message')
  const time = optStr(p, 'time')
  decodeCommit(did, p, time, ctx, out)
}

function decodeCommit(
  did: string,
  c: Obj,
  time: unknown,
  ctx: RecordContext,
  out: DecodedItem[],
): void {
  const collection = reqStr(c, 'collection', 'The `collection` of the Jetstream commit')
  const op = reqStr(c, 'operation', 'The `operation` of the Jetstream commit')
  if (collection !== POST) {
    out.push(skip(`A Jetstream ${op} of ${collection}, not a post.`, ctx.position))
    return
  }
  const rkey = reqStr(c, 'rkey', 'The `rkey` of the Jetstream post commit')
  const uri = `at://${did}/${POST}/${rkey}`
  if (op === 'delete') {
    out.push({ kind: 'delete', platform: 'bluesky', platformId: uri, position: ctx.position })
    return
  }
  if (op !== 'create' && op !== 'update') {
    out.push(skip(`A Jetstream post commit with operation "${op}".`, ctx.position))
    return
  }
  const record = c['record']
  if (!isObj(record))
    throw new RecordError('MISSING_FIELD', `The Jetstream ${op} of ${uri} has no \`record\`.`)
  out.push({
    kind: 'post',
    draft: recordToDraft(did, rkey, uri, record, time, ctx),
    position: ctx.position,
  })
}

function fallbackTime(time: unknown): string | number | undefined {
  if (typeof time === 'number' && Number.isFinite(time)) return Math.floor(time / 1000) // µs → ms
  if (typeof time === 'string' && time !== '') return time
  return undefined
}

function recordToDraft(
  did: string,
  rkey: string,
  uri: string,
  r: Obj,
  time: unknown,
  ctx: RecordContext,
): PostDraft {
  const text = reqStr(r, 'text', `The text of Bluesky post ${uri}`)
  const createdAt = optStr(r, 'createdAt') ?? fallbackTime(time)
  if (createdAt === undefined)
    throw new RecordError(
      'BAD_TIMESTAMP',
      `Bluesky post ${uri} has no \`createdAt\` nor \`time_us\`.`,
    )
  const draft: PostDraft = {
    platform: 'bluesky',
    platformId: uri,
    url: `https://bsky.app/profile/${did}/post/${rkey}`,
    author: { platformId: did },
    text,
    createdAt,
  }
  const langs = optArr(r, 'langs')
  if (typeof langs[0] === 'string' && langs[0] !== '') draft.langHint = langs[0]
  const reply = optObj(r, 'reply')
  if (reply) {
    const parent = optStr(optObj(reply, 'parent'), 'uri')
    const root = optStr(optObj(reply, 'root'), 'uri')
    if (parent !== undefined) draft.replyToId = parent
    if (root !== undefined) draft.conversationId = root
  }
  const hashtags: string[] = []
  const mentions: string[] = []
  const links: string[] = []
  const facets = optArr(r, 'facets')
  let bytes: Uint8Array | undefined
  for (const f of facets) {
    if (!isObj(f)) continue
    const index = optObj(f, 'index')
    for (const feat of optArr(f, 'features')) {
      if (!isObj(feat)) continue
      const type = optStr(feat, '$type') ?? ''
      if (type.endsWith('#tag'))
        pushUnique(
          hashtags,
          optStr(feat, 'tag') ??
            sliceBytes((bytes ??= encoder.encode(text)), index)?.replace(/^[#＃]/, ''),
        )
      else if (type.endsWith('#link')) pushUnique(links, optStr(feat, 'uri'))
      else if (type.endsWith('#mention')) {
        const written = sliceBytes((bytes ??= encoder.encode(text)), index)
        pushUnique(mentions, written?.replace(/^@/, '') || optStr(feat, 'did'))
      }
    }
  }
  for (const t of optArr(r, 'tags')) if (typeof t === 'string') pushUnique(hashtags, t)
  const embed = optObj(r, 'embed')
  if (embed) {
    const etype = optStr(embed, '$type') ?? ''
    const rec = optObj(embed, 'record')
    // recordWithMedia nests the quoted record one level deeper.
    const quoted = etype.startsWith('app.bsky.embed.recordWithMedia') ? optObj(rec, 'record') : rec
    if (etype.startsWith('app.bsky.embed.record')) {
      const q = optStr(quoted, 'uri')
      if (q !== undefined) draft.quoteOfId = q
    }
    if (etype.startsWith('app.bsky.embed.external'))
      pushUnique(links, optStr(optObj(embed, 'external'), 'uri'))
  }
  if (hashtags.length) draft.hashtags = hashtags
  if (mentions.length) draft.mentions = mentions
  if (links.length) draft.links = links
  if (ctx.keepRaw) draft.raw = r
  return draft
}

/** The text between UTF-8 byte offsets `index.byteStart` and `index.byteEnd`, if valid. */
export function sliceBytes(bytes: Uint8Array, index: Obj | undefined): string | undefined {
  const s = index?.['byteStart']
  const e = index?.['byteEnd']
  if (
    typeof s !== 'number' ||
    typeof e !== 'number' ||
    !Number.isInteger(s) ||
    !Number.isInteger(e)
  )
    return undefined
  if (s < 0 || e > bytes.length || s >= e) return undefined
  return decoder.decode(bytes.subarray(s, e))
}
