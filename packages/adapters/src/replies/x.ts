/**
 * Replies on X: API v2 `POST /2/tweets` with `reply.in_reply_to_tweet_id`. X has no idempotency
 * key, so after a crash the sender looks through the account's recent tweets
 * (`GET /2/users/:id/tweets` with `referenced_tweets`) for a reply to the same tweet with the same text.
 */
import {
  ReplySendError,
  type ReplySender,
  type ReplyTarget,
  type SentReply,
} from '@civicpulse/core'
import { httpOptions, ReplyHttpClient, type HttpClientOptions } from './http.js'

/** An X account to reply from. */
export interface XReplyConfig extends HttpClientOptions {
  /** API base, default `https://api.x.com`. */
  baseUrl?: string
  /** OAuth 2.0 user-context access token with `tweet.write`. */
  accessToken: string
  /** The account's numeric user id (for the crash-recovery lookup). */
  userId?: string
}

interface TweetV2 {
  id: string
  text: string
  referenced_tweets?: { type: string; id: string }[]
}

/** Sends replies to X. */
export class XReplySender implements ReplySender {
  readonly platform = 'x' as const
  readonly idempotentByKey = false
  readonly #token: string
  private readonly http: ReplyHttpClient
  private readonly base: string
  private readonly userId: string | undefined
  readonly findExisting: ReplySender['findExisting']

  constructor(cfg: XReplyConfig) {
    this.#token = cfg.accessToken
    this.base = (cfg.baseUrl ?? 'https://api.x.com').replace(/\/+$/, '')
    this.userId = cfg.userId
    this.http = new ReplyHttpClient('x', httpOptions(cfg))
    this.findExisting = cfg.userId ? (t, text) => this.lookup(t, text) : undefined
  }

  async send(target: ReplyTarget, text: string): Promise<SentReply> {
    const r = await this.http.call({
      method: 'POST',
      url: `${this.base}/2/tweets`,
      auth: `Bearer ${this.#token}`,
      json: { text, reply: { in_reply_to_tweet_id: target.inReplyTo } },
    })
    const d = (r.body as { data?: { id?: unknown } })?.data
    if (typeof d?.id !== 'string')
      throw new ReplySendError(
        'server',
        `x: ${JSON.stringify((r.body as { errors?: unknown })?.errors ?? 'the answer carried no tweet id')}`,
        r.status,
      )
    return { id: d.id, url: `https://x.com/i/web/status/${d.id}` }
  }

  private async lookup(target: ReplyTarget, text: string): Promise<SentReply | undefined> {
    const q = new URLSearchParams({
      max_results: '100',
      'tweet.fields': 'referenced_tweets,created_at',
    })
    const r = await this.http.call({
      method: 'GET',
      url: `${this.base}/2/users/${encodeURIComponent(this.userId ?? '')}/tweets?${q}`,
      auth: `Bearer ${this.#token}`,
    })
    const tweets = ((r.body as { data?: TweetV2[] })?.data ?? []) as TweetV2[]
    const norm = (s: string) =>
      s
        .replace(/https:\/\/t\.co\/\w+/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    const hit = tweets.find(
      (t) =>
        t.referenced_tweets?.some((rt) => rt.type === 'replied_to' && rt.id === target.inReplyTo) &&
        norm(t.text) === norm(text),
    )
    return hit ? { id: hit.id, url: `https://x.com/i/web/status/${hit.id}` } : undefined
  }
}
