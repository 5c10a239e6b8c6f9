/**
 * X API v2 filtered-stream lines: `{data, includes, matching_rules}` with entities (code-point
 * offsets), replies (`in_reply_to_user_id`, `referenced_tweets`), retweets (`RT @…` text and the
 * original in `includes.tweets`), and occasional geotags with `includes.places`.
 */
import type { SimAuthor } from '../authors.js'
import { findEntities, iso, type SimPost } from './post.js'

function user(a: SimAuthor): string {
  if (a.cache === undefined) a.cache = JSON.stringify(userObject(a))
  return a.cache
}

function userObject(a: SimAuthor): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    username: a.handle,
    created_at: iso(a.createdMs),
    verified: a.kind === 'official',
    protected: false,
    public_metrics: {
      followers_count: a.kind === 'official' ? 48213 : 20 + (Number(a.id.slice(-4)) % 2000),
      following_count: 150 + (Number(a.id.slice(-3)) % 700),
      tweet_count: 500 + (Number(a.id.slice(-5)) % 20000),
      listed_count: 1,
    },
  }
}

const METRICS =
  '"public_metrics":{"retweet_count":0,"reply_count":0,"like_count":0,"quote_count":0,"bookmark_count":0,"impression_count":0}'
const LETTERS3 = /\p{L}{3}/u

/** The `data` object of a tweet as JSON (built as a string: ids and times need no escaping). */
function tweetJson(p: SimPost, idOf: (username: string) => string | undefined): string {
  const lang = p.text.length < 12 && !LETTERS3.test(p.text) ? 'und' : p.lang
  const conv = p.root?.id ?? p.replyTo?.id ?? p.id
  let s = `{"edit_history_tweet_ids":["${p.id}"],"id":"${p.id}","text":${JSON.stringify(p.text)},"created_at":"${p.iso ?? iso(p.at)}","author_id":"${p.author.id}","conversation_id":"${conv}","lang":"${lang}","possibly_sensitive":false,"reply_settings":"everyone",${METRICS}`
  const ents =
    p.text.includes('#') || p.text.includes('@') || p.text.includes('http')
      ? findEntities(p.text, 'x')
      : []
  if (ents.length > 0) {
    // X counts entity offsets in Unicode code points.
    const cp = codePointIndex(p.text)
    const e: Record<string, unknown[]> = {}
    for (const x of ents) {
      const start = cp[x.start] as number
      const end = cp[x.end] as number
      if (x.type === 'hashtag') (e['hashtags'] ??= []).push({ start, end, tag: x.value })
      else if (x.type === 'mention') {
        const id = idOf(x.value)
        ;(e['mentions'] ??= []).push(
          id !== undefined
            ? { start, end, username: x.value, id }
            : { start, end, username: x.value },
        )
      } else
        (e['urls'] ??= []).push({
          start,
          end,
          url: x.value,
          expanded_url: x.value,
          display_url: x.value.replace(/^https?:\/\//, '').slice(0, 26),
        })
    }
    s += `,"entities":${JSON.stringify(e)}`
  }
  if (p.replyTo)
    s += `,"in_reply_to_user_id":"${p.replyTo.author.id}","referenced_tweets":[{"type":"replied_to","id":"${p.replyTo.id}"}]`
  if (p.repostOf) s += `,"referenced_tweets":[{"type":"retweeted","id":"${p.repostOf.id}"}]`
  if (p.geo)
    s += `,"geo":{"place_id":"${PLACE_ID}","coordinates":{"type":"Point","coordinates":[${p.geo.lon},${p.geo.lat}]}}`
  return s + '}'
}

const PLACE_ID = '457b4814b4240d87'
const PLACE = {
  id: PLACE_ID,
  full_name: 'London, England',
  name: 'London',
  country: 'United Kingdom',
  country_code: 'GB',
  place_type: 'city',
  geo: { type: 'Feature', bbox: [-0.187894, 51.483718, -0.109978, 51.516466], properties: {} },
}

const PLACE_JSON = JSON.stringify(PLACE)

/** One filtered-stream line for a post. `idOf` gives the user id of a mentioned username, if known. */
export function xLine(
  p: SimPost,
  idOf: (username: string) => string | undefined,
  rule: { id: string; tag: string },
): string {
  let includes = `{"users":[${user(p.author)}`
  if (p.repostOf) {
    includes += `,${user(p.repostOf.author)}],"tweets":[${tweetJson(p.repostOf, idOf)}]`
  } else if (p.replyTo && p.replyTo.author.id !== p.author.id) {
    includes += `,${user(p.replyTo.author)}]`
  } else includes += ']'
  if (p.geo) includes += `,"places":[${PLACE_JSON}]`
  return `{"data":${tweetJson(p, idOf)},"includes":${includes}},"matching_rules":[${JSON.stringify(rule)}]}`
}

/** Maps each UTF-16 index to its code-point index (length + 1 entries). */
export function codePointIndex(s: string): Uint32Array {
  const out = new Uint32Array(s.length + 1)
  let cp = 0
  for (let i = 0; i < s.length; i++) {
    out[i] = cp
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      out[i + 1] = cp
      i++
    }
    cp++
  }
  out[s.length] = cp
  return out
}
