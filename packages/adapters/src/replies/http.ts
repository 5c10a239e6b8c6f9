/**
 * The HTTP client under every reply sender: honours the platforms' rate-limit headers
 * (`x-ratelimit-*` of Mastodon and Reddit, `x-rate-limit-*` of X, `ratelimit-*` of atproto, and
 * `Retry-After`), retries 429 and 5xx a few times when the wait is short (longer waits go back to
 * the outbox with the reset time), and turns other 4xx into errors carrying the platform's message.
 * Credentials travel only in request headers: they are never put in messages or log lines.
 */
import { ReplySendError, type ReplyPlatform } from '@civicpulse/core'

/** Options shared by the senders. */
export interface HttpClientOptions {
  /** `fetch` to use (tests may pass their own). */
  fetch?: typeof fetch
  /** Current time in epoch ms. */
  now?: () => number
  /** Waits `ms`; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>
  /** Retries inside one send for 429/5xx whose wait is at most `maxInlineWaitMs`. Default 2. */
  maxInlineRetries?: number
  /** Longest wait spent inside one send; longer ones return to the outbox. Default 5 s. */
  maxInlineWaitMs?: number
  /** Request timeout. Default 15 s. */
  timeoutMs?: number
  /** Descriptive User-Agent (Reddit requires one). */
  userAgent?: string
  /** Structured log hook; receives no credentials. */
  log?: (event: string, fields: Record<string, unknown>) => void
}

/** A parsed response. */
export interface HttpResult {
  status: number
  headers: Headers
  body: unknown
}

/** A request; `auth` holds the Authorization value and is never logged. */
export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers?: Record<string, string>
  auth?: string
  json?: unknown
  form?: Record<string, string>
}

function num(v: string | null): number | null {
  if (v === null || v.trim() === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/**
 * When the platform says it will take requests again (epoch ms), from `Retry-After` (seconds or an
 * HTTP date), X's `x-rate-limit-reset` (epoch seconds), atproto's `ratelimit-reset` (epoch seconds),
 * Mastodon's `x-ratelimit-reset` (ISO 8601) or Reddit's `x-ratelimit-reset` (seconds from now).
 */
export function rateLimitReset(h: Headers, now: number): number | null {
  const ra = h.get('retry-after')
  if (ra !== null) {
    const s = num(ra)
    if (s !== null) return now + s * 1000
    const d = Date.parse(ra)
    if (Number.isFinite(d)) return d
  }
  const x = num(h.get('x-rate-limit-reset'))
  if (x !== null) return x * 1000
  const at = num(h.get('ratelimit-reset'))
  if (at !== null) return at > 1e9 ? at * 1000 : now + at * 1000
  const m = h.get('x-ratelimit-reset')
  if (m !== null) {
    const n = num(m)
    if (n === null) {
      const d = Date.parse(m)
      return Number.isFinite(d) ? d : null
    }
    return n > 1e9 ? n * 1000 : now + n * 1000
  }
  return null
}

/** Requests left in the window per the headers (Reddit sends floats such as `"997.0"`), or null. */
export function rateLimitRemaining(h: Headers): number | null {
  return num(
    h.get('x-rate-limit-remaining') ??
      h.get('x-ratelimit-remaining') ??
      h.get('ratelimit-remaining'),
  )
}

/** The platform's own error text from a JSON error body (Mastodon, X, Reddit, atproto shapes). */
export function platformMessage(body: unknown): string | null {
  if (typeof body === 'string') return body.trim().slice(0, 300) || null
  if (!body || typeof body !== 'object') return null
  const b = body as Record<string, unknown>
  const parts: string[] = []
  // atproto: {error, message}; Mastodon: {error, error_description?}
  if (typeof b['error'] === 'string') parts.push(b['error'])
  if (typeof b['message'] === 'string') parts.push(b['message'])
  if (typeof b['error_description'] === 'string') parts.push(b['error_description'])
  // X: {title, detail} or {errors:[{message}]}
  if (typeof b['detail'] === 'string') parts.push(b['detail'])
  else if (typeof b['title'] === 'string') parts.push(b['title'])
  if (Array.isArray(b['errors'])) {
    for (const e of b['errors'].slice(0, 3)) {
      if (
        e &&
        typeof e === 'object' &&
        typeof (e as Record<string, unknown>)['message'] === 'string'
      )
        parts.push((e as Record<string, string>)['message'] as string)
      // Reddit: [["CODE", "message", "field"]]
      if (Array.isArray(e)) parts.push(e.slice(0, 2).join(': '))
    }
  }
  return parts.length ? [...new Set(parts)].join(': ') : null
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** One platform's HTTP client with its rate-limit state. */
export class ReplyHttpClient {
  private blockedUntil = 0
  private readonly f: typeof fetch
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>

  constructor(
    readonly platform: ReplyPlatform,
    private readonly o: HttpClientOptions = {},
  ) {
    this.f = o.fetch ?? fetch
    this.now = o.now ?? Date.now
    this.sleep = o.sleep ?? realSleep
  }

  private log(event: string, fields: Record<string, unknown>): void {
    this.o.log?.(event, { platform: this.platform, ...fields })
  }

  /** Sends a request, waiting out short rate limits and retrying short 429/5xx; throws `ReplySendError`. */
  async call(req: HttpRequest): Promise<HttpResult> {
    const maxRetries = this.o.maxInlineRetries ?? 2
    const maxWait = this.o.maxInlineWaitMs ?? 5000
    for (let attempt = 0; ; attempt++) {
      const wait = this.blockedUntil - this.now()
      if (wait > 0) {
        if (wait > maxWait)
          throw new ReplySendError(
            'rate_limited',
            `${this.platform}: rate limit reached; try again after ${new Date(this.blockedUntil).toISOString()}.`,
            429,
            this.blockedUntil,
          )
        this.log('reply.rate_limit_wait', { ms: wait })
        await this.sleep(wait)
      }
      let res: Response
      try {
        const headers: Record<string, string> = {
          accept: 'application/json',
          ...(req.headers ?? {}),
        }
        if (req.auth) headers['authorization'] = req.auth
        if (this.o.userAgent) headers['user-agent'] = this.o.userAgent
        let body: string | undefined
        if (req.json !== undefined) {
          headers['content-type'] = 'application/json'
          body = JSON.stringify(req.json)
        } else if (req.form) {
          headers['content-type'] = 'application/x-www-form-urlencoded'
          body = new URLSearchParams(req.form).toString()
        }
        res = await this.f(req.url, {
          method: req.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
        })
      } catch (e) {
        const msg = `${this.platform}: could not reach the platform (${(e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message}).`
        if (attempt < maxRetries) {
          this.log('reply.retry', { reason: 'network', attempt })
          await this.sleep(Math.min(maxWait, 500 * 2 ** attempt))
          continue
        }
        throw new ReplySendError('network', msg)
      }
      const text = await res.text()
      let body: unknown = text
      try {
        body = text ? JSON.parse(text) : null
      } catch {
        /* keep the text: some errors come back as HTML or plain text */
      }
      const now = this.now()
      const reset = rateLimitReset(res.headers, now)
      const remaining = rateLimitRemaining(res.headers)
      if (remaining !== null && remaining < 1 && reset !== null)
        this.blockedUntil = Math.max(this.blockedUntil, reset)
      this.log('reply.http', {
        method: req.method,
        path: new URL(req.url).pathname,
        status: res.status,
        remaining,
      })
      if (res.status >= 200 && res.status < 300)
        return { status: res.status, headers: res.headers, body }
      const message = `${this.platform}: ${platformMessage(body) ?? `HTTP ${res.status}`}`
      if (res.status === 429 || res.status >= 500) {
        const retryAt = res.status === 429 ? (reset ?? now + 60_000) : reset
        if (res.status === 429 && retryAt !== null)
          this.blockedUntil = Math.max(this.blockedUntil, retryAt)
        const waitMs = (retryAt ?? now + 1000 * 2 ** attempt) - now
        if (attempt < maxRetries && waitMs <= maxWait) {
          this.log('reply.retry', { status: res.status, attempt, waitMs })
          if (res.status >= 500) await this.sleep(Math.max(0, waitMs))
          continue
        }
        throw new ReplySendError(
          res.status === 429 ? 'rate_limited' : 'server',
          message,
          res.status,
          retryAt,
        )
      }
      throw new ReplySendError(
        res.status === 401 || res.status === 403 ? 'auth' : 'client',
        message,
        res.status,
      )
    }
  }
}

/** Picks only the HTTP options out of a sender config, so credentials never reach the client object. */
export function httpOptions(cfg: HttpClientOptions): HttpClientOptions {
  const o: HttpClientOptions = {}
  if (cfg.fetch) o.fetch = cfg.fetch
  if (cfg.now) o.now = cfg.now
  if (cfg.sleep) o.sleep = cfg.sleep
  if (cfg.maxInlineRetries !== undefined) o.maxInlineRetries = cfg.maxInlineRetries
  if (cfg.maxInlineWaitMs !== undefined) o.maxInlineWaitMs = cfg.maxInlineWaitMs
  if (cfg.timeoutMs !== undefined) o.timeoutMs = cfg.timeoutMs
  if (cfg.userAgent !== undefined) o.userAgent = cfg.userAgent
  if (cfg.log) o.log = cfg.log
  return o
}
