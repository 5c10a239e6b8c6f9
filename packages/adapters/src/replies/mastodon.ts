/**
 * Replies on Mastodon: `POST /api/v1/statuses` with `in_reply_to_id`, sent with an
 * `Idempotency-Key` header — Mastodon returns the same status for a repeated key, so a send cut off
 * by a crash can safely be repeated.
 */
import { ReplySendError, type ReplySender, type ReplyTarget, type SentReply } from './domain.js'
import { httpOptions, ReplyHttpClient, type HttpClientOptions } from './http.js'

/** A Mastodon account to reply from. */
export interface MastodonReplyConfig extends HttpClientOptions {
  /** Instance base URL, e.g. `https://mastodon.example`. */
  baseUrl: string
  /** OAuth access token with `write:statuses`. */
  accessToken: string
  /** `public` (default) or `unlisted`. */
  visibility?: 'public' | 'unlisted'
}

/** Sends replies to Mastodon. */
export class MastodonReplySender implements ReplySender {
  readonly platform = 'mastodon' as const
  readonly idempotentByKey = true
  readonly #token: string
  private readonly http: ReplyHttpClient
  private readonly base: string
  private readonly visibility: 'public' | 'unlisted'

  constructor(cfg: MastodonReplyConfig) {
    this.#token = cfg.accessToken
    this.base = cfg.baseUrl.replace(/\/+$/, '')
    this.visibility = cfg.visibility ?? 'public'
    this.http = new ReplyHttpClient('mastodon', httpOptions(cfg))
  }

  async send(target: ReplyTarget, text: string, idempotencyKey: string): Promise<SentReply> {
    const r = await this.http.call({
      method: 'POST',
      url: `${this.base}/api/v1/statuses`,
      auth: `Bearer ${this.#token}`,
      headers: { 'idempotency-key': idempotencyKey },
      json: { status: text, in_reply_to_id: target.inReplyTo, visibility: this.visibility },
    })
    const s = r.body as { id?: unknown; url?: unknown; uri?: unknown; in_reply_to_id?: unknown }
    if (typeof s?.id !== 'string') throw new ReplySendError('server', 'mastodon: the answer carried no status id.', r.status)
    return { id: s.id, url: typeof s.url === 'string' ? s.url : typeof s.uri === 'string' ? s.uri : null }
  }
}
