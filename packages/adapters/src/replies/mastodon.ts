/**
 * Replies on Mastodon: `POST /api/v1/statuses` with `in_reply_to_id`, sent with an
 * `Idempotency-Key` header — Mastodon returns the same status for a repeated key (for about an
 * hour), so a send cut off by a crash can be repeated. After a longer outage, `findExisting` first
 * reads the thread (`GET /api/v1/statuses/:id/context`) for a reply by this account with the same text.
 */
import {
  ReplySendError,
  type ReplySender,
  type ReplyTarget,
  type SentReply,
} from '@civicpulse/core'
import { httpOptions, ReplyHttpClient, type HttpClientOptions } from './http.js'

interface MastodonStatus {
  id: string
  in_reply_to_id: string | null
  content?: string
  url?: string | null
  uri?: string
  account?: { id: string }
}

/** Status HTML (or plain text) reduced to comparable words. */
function plain(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/p>\s*<p>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}

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

  private me: string | undefined

  /** The reply by this account under the same status with the same text, if any. */
  readonly findExisting = async (
    target: ReplyTarget,
    text: string,
  ): Promise<SentReply | undefined> => {
    if (this.me === undefined) {
      const who = await this.http.call({
        method: 'GET',
        url: `${this.base}/api/v1/accounts/verify_credentials`,
        auth: `Bearer ${this.#token}`,
      })
      this.me = String((who.body as { id?: unknown })?.id ?? '')
    }
    const ctx = await this.http.call({
      method: 'GET',
      url: `${this.base}/api/v1/statuses/${encodeURIComponent(target.inReplyTo)}/context`,
      auth: `Bearer ${this.#token}`,
    })
    const descendants = ((ctx.body as { descendants?: MastodonStatus[] })?.descendants ??
      []) as MastodonStatus[]
    const want = plain(text)
    const hit = descendants.find(
      (d) =>
        d.in_reply_to_id === target.inReplyTo &&
        d.account?.id === this.me &&
        plain(d.content ?? '') === want,
    )
    return hit ? { id: hit.id, url: hit.url ?? hit.uri ?? null } : undefined
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
    if (typeof s?.id !== 'string')
      throw new ReplySendError('server', 'mastodon: the answer carried no status id.', r.status)
    return {
      id: s.id,
      url: typeof s.url === 'string' ? s.url : typeof s.uri === 'string' ? s.uri : null,
    }
  }
}
