/**
 * Replies on Reddit: `POST /api/comment` (form `thing_id`, `text`, `api_type=json`) with a
 * descriptive User-Agent. Reddit reports many refusals inside a 200 answer (`json.errors`), so those
 * are surfaced too. No idempotency key exists: after a crash the sender looks through the account's
 * recent comments (`GET /user/:name/comments`) for one under the same parent with the same text.
 */
import {
  ReplySendError,
  type ReplySender,
  type ReplyTarget,
  type SentReply,
} from '@civicpulse/core'
import { httpOptions, ReplyHttpClient, type HttpClientOptions } from './http.js'

/** A Reddit account to reply from. */
export interface RedditReplyConfig extends HttpClientOptions {
  /** OAuth API base, default `https://oauth.reddit.com`. */
  baseUrl?: string
  /** OAuth bearer token with the `submit` scope. */
  accessToken: string
  /** The account's user name (for the crash-recovery lookup). */
  username?: string
  /** Required by Reddit, e.g. `civicpulse:respond:1.0 (by /u/council)`. */
  userAgent: string
}

interface RedditComment {
  id: string
  name: string
  parent_id?: string
  link_id?: string
  body?: string
  permalink?: string
}

function commentUrl(c: RedditComment): string | null {
  if (c.permalink) return `https://www.reddit.com${c.permalink}`
  if (c.link_id)
    return `https://www.reddit.com/comments/${c.link_id.replace(/^t3_/, '')}/_/${c.id}/`
  return null
}

/** Sends replies to Reddit. */
export class RedditReplySender implements ReplySender {
  readonly platform = 'reddit' as const
  readonly idempotentByKey = false
  readonly #token: string
  private readonly http: ReplyHttpClient
  private readonly base: string
  private readonly username: string | undefined
  private readonly now: () => number
  readonly findExisting: ReplySender['findExisting']

  constructor(cfg: RedditReplyConfig) {
    this.#token = cfg.accessToken
    this.base = (cfg.baseUrl ?? 'https://oauth.reddit.com').replace(/\/+$/, '')
    this.username = cfg.username
    this.now = cfg.now ?? Date.now
    this.http = new ReplyHttpClient('reddit', httpOptions(cfg))
    this.findExisting = cfg.username ? (t, text) => this.lookup(t, text) : undefined
  }

  async send(target: ReplyTarget, text: string): Promise<SentReply> {
    if (!/^t[13]_[a-z0-9]+$/i.test(target.inReplyTo))
      throw new ReplySendError(
        'client',
        `reddit: ${target.inReplyTo} is not a post or comment fullname (t3_… or t1_…).`,
      )
    const r = await this.http.call({
      method: 'POST',
      url: `${this.base}/api/comment?raw_json=1`,
      auth: `Bearer ${this.#token}`,
      form: { api_type: 'json', thing_id: target.inReplyTo, text },
    })
    const json = (
      r.body as {
        json?: {
          errors?: unknown[][]
          data?: { things?: { kind: string; data: RedditComment }[] }
          ratelimit?: number
        }
      }
    )?.json
    const errors = json?.errors ?? []
    if (errors.length) {
      const msg = errors.map((e) => e.slice(0, 2).join(': ')).join('; ')
      if (errors.some((e) => e[0] === 'RATELIMIT')) {
        const wait = typeof json?.ratelimit === 'number' ? json.ratelimit * 1000 : 60_000
        throw new ReplySendError('rate_limited', `reddit: ${msg}`, r.status, this.now() + wait)
      }
      throw new ReplySendError('client', `reddit: ${msg}`, r.status)
    }
    const thing = json?.data?.things?.[0]
    if (!thing || thing.kind !== 't1' || typeof thing.data?.name !== 'string')
      throw new ReplySendError('server', 'reddit: the answer carried no comment.', r.status)
    return { id: thing.data.name, url: commentUrl(thing.data) }
  }

  private async lookup(target: ReplyTarget, text: string): Promise<SentReply | undefined> {
    const r = await this.http.call({
      method: 'GET',
      url: `${this.base}/user/${encodeURIComponent(this.username ?? '')}/comments?limit=100&sort=new&raw_json=1`,
      auth: `Bearer ${this.#token}`,
    })
    const children =
      (r.body as { data?: { children?: { kind: string; data: RedditComment }[] } })?.data
        ?.children ?? []
    const hit = children.find(
      (c) =>
        c.kind === 't1' &&
        c.data.parent_id === target.inReplyTo &&
        (c.data.body ?? '').trim() === text.trim(),
    )
    return hit ? { id: hit.data.name, url: commentUrl(hit.data) } : undefined
  }
}
