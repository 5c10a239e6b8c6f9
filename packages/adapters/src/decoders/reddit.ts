/**
 * Reddit Listings: `t3` links/self posts (title + selftext) and `t1` comments (body), in a single
 * Listing, the `[post Listing, comment Listing]` pair of the comments endpoint, nested `replies`
 * Listings (decoded recursively), and the `{json:{data:{things}}}` reply of `POST /api/comment`.
 * `more` placeholders and other kinds (accounts, subreddits, messages) are skipped.
 *
 * The platform id is the fullname (`t3_abc`, `t1_xyz`); `created_utc` (epoch seconds, possibly a
 * float) becomes epoch ms; the author is the account name (`[deleted]` stays as written, so all
 * deleted authors share one pseudonymous key).
 */
import type { PostDraft } from '@civicpulse/core'
import type { DecodedItem } from './types.js'
import {
  type Obj,
  isObj,
  metricsOf,
  optArr,
  optCount,
  optObj,
  optStr,
  reqStr,
  toTime,
} from './fields.js'
import { type RecordContext, RecordError, guarded, jsonRaw, skip } from './outcome.js'

/** True for a Reddit Listing, thing, or the `{json:{data:{things}}}` API reply. */
export function isRedditValue(v: Obj): boolean {
  const kind = v['kind']
  if (typeof kind === 'string' && isObj(v['data']))
    return kind === 'Listing' || kind === 'more' || /^t[1-6]$/.test(kind)
  const json = optObj(v, 'json')
  return json !== undefined && (isObj(json['data']) || Array.isArray(json['errors']))
}

/** Decodes a Reddit Listing / thing / API reply into outcomes. */
export function decodeRedditValue(v: Obj, ctx: RecordContext, out: DecodedItem[]): void {
  const json = optObj(v, 'json')
  if (json && !('kind' in v)) {
    const things = optArr(optObj(json, 'data'), 'things')
    if (things.length === 0) {
      const errs = optArr(json, 'errors')
      out.push(
        skip(
          errs.length
            ? `A Reddit API reply with errors: ${jsonRaw(errs).slice(0, 200)}`
            : 'A Reddit API reply with no things.',
          ctx.position,
        ),
      )
      return
    }
    things.forEach((t, i) => decodeThing(t, `${ctx.position} thing ${i + 1}`, ctx, out))
    return
  }
  decodeThing(v, ctx.position, ctx, out)
}

function decodeThing(t: unknown, position: string, ctx: RecordContext, out: DecodedItem[]): void {
  if (!isObj(t)) {
    guarded(
      out,
      position,
      () => jsonRaw(t),
      () => {
        throw new RecordError(
          'WRONG_TYPE',
          `A Reddit listing child should be an object but is ${typeof t}.`,
        )
      },
    )
    return
  }
  const kind = t['kind']
  const data = optObj(t, 'data')
  if (kind === 'Listing') {
    const children = optArr(data, 'children')
    if (children.length === 0) {
      out.push(skip('An empty Reddit Listing.', position))
      return
    }
    children.forEach((c, i) => decodeThing(c, `${position} child ${i + 1}`, ctx, out))
    return
  }
  if (kind === 'more') {
    out.push(skip('A Reddit "more comments" placeholder, not a post.', position))
    return
  }
  if (kind !== 't1' && kind !== 't3') {
    out.push(
      skip(
        `A Reddit ${typeof kind === 'string' ? kind : 'unknown'} thing, not a post or comment.`,
        position,
      ),
    )
    return
  }
  guarded(
    out,
    position,
    () => jsonRaw(t),
    () => {
      if (!data) throw new RecordError('MISSING_FIELD', `The Reddit ${kind} thing has no \`data\`.`)
      out.push({ kind: 'post', draft: thingToDraft(kind, data, ctx), position })
    },
  )
  // Comment trees: a t1's `replies` is a Listing (or "" when there are none).
  const replies = data?.['replies']
  if (isObj(replies)) decodeThing(replies, `${position} replies`, ctx, out)
}

function thingToDraft(kind: 't1' | 't3', d: Obj, ctx: RecordContext): PostDraft {
  const name =
    optStr(d, 'name') ??
    (optStr(d, 'id') !== undefined ? `${kind}_${optStr(d, 'id') ?? ''}` : undefined)
  if (name === undefined)
    throw new RecordError('MISSING_FIELD', `The Reddit ${kind} has no \`name\` nor \`id\`.`)
  let text: string
  if (kind === 't3') {
    const title = reqStr(d, 'title', `The title of Reddit post ${name}`)
    const self = optStr(d, 'selftext')
    text = self !== undefined ? `${title}\n\n${self}` : title
  } else {
    text = reqStr(d, 'body', `The body of Reddit comment ${name}`)
  }
  const author = reqStr(
    d,
    'author',
    `The author of Reddit ${kind === 't3' ? 'post' : 'comment'} ${name}`,
  )
  const createdAt = toTime(d['created_utc'])
  if (createdAt === undefined)
    throw new RecordError('BAD_TIMESTAMP', `Reddit ${name} has no readable \`created_utc\`.`)
  const permalink = optStr(d, 'permalink')
  const draft: PostDraft = {
    platform: 'reddit',
    platformId: name,
    url: permalink
      ? permalink.startsWith('http')
        ? permalink
        : `https://www.reddit.com${permalink}`
      : undefined,
    author: { platformId: author, handle: author === '[deleted]' ? undefined : author },
    text,
    createdAt,
  }
  if (kind === 't1') {
    const parent = optStr(d, 'parent_id')
    if (parent !== undefined) draft.replyToId = parent
  }
  const link = kind === 't1' ? optStr(d, 'link_id') : name
  if (link !== undefined) draft.conversationId = link
  if (kind === 't3' && d['is_self'] !== true) {
    const url = optStr(d, 'url_overridden_by_dest') ?? optStr(d, 'url')
    if (url !== undefined && /^https?:\/\//.test(url) && !url.includes(permalink ?? '\u0000'))
      draft.links = [url]
  }
  const metrics = metricsOf({ likes: optCount(d, 'ups'), replies: optCount(d, 'num_comments') })
  if (metrics) draft.metrics = metrics
  if (ctx.keepRaw) draft.raw = d
  return draft
}
