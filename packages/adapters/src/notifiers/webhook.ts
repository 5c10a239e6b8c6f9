/**
 * Webhook notifier: POSTs a JSON body signed with HMAC-SHA256 over `${timestamp}.${body}`
 * (headers `X-CivicPulse-Timestamp` and `X-CivicPulse-Signature: sha256=<hex>`), with an
 * `Idempotency-Key` that stays the same across retries so the receiver can drop duplicates.
 * Retries network errors, 408, 425, 429 and 5xx with capped exponential backoff and jitter, and
 * honours `Retry-After`. Sleep, randomness and the clock are injectable for tests.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Where and how to deliver. */
export interface WebhookTarget {
  readonly url: string
  /** Shared secret for the HMAC signature. */
  readonly secret: string
  /** Extra headers (e.g. an authorisation token). */
  readonly headers?: Readonly<Record<string, string>>
}

/** Retry and test hooks. */
export interface WebhookOptions {
  /** Same key on every attempt of one delivery (e.g. the alert's cool-down key). */
  readonly idempotencyKey: string
  /** Attempts in total, first included (default 6). */
  readonly maxAttempts?: number
  /** First backoff delay, ms (default 500). */
  readonly baseDelayMs?: number
  /** Longest backoff delay, ms (default 30 s); also caps a Retry-After. */
  readonly maxDelayMs?: number
  /** Per-attempt timeout, ms (default 10 s). */
  readonly timeoutMs?: number
  readonly sleep?: (ms: number) => Promise<void>
  /** Uniform random in [0, 1) for jitter. */
  readonly random?: () => number
  /** Clock for the signature timestamp, ms. */
  readonly now?: () => number
}

/** Outcome of a delivery. */
export interface WebhookResult {
  readonly ok: boolean
  readonly attempts: number
  /** Last HTTP status (0 when no response was received). */
  readonly status: number
  /** Delays slept between attempts, ms. */
  readonly delays: readonly number[]
  readonly error?: string
}

/** The header names used, for receivers. */
export const WEBHOOK_HEADERS = {
  signature: 'x-civicpulse-signature',
  timestamp: 'x-civicpulse-timestamp',
  idempotency: 'idempotency-key',
} as const

/** The signature header value for a body sent at `timestampSec`. */
export function signWebhook(secret: string, timestampSec: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex')
}

/** Checks a received signature (constant-time) and that the timestamp is within `toleranceSec` of `nowSec`. */
export function verifyWebhook(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: string,
  nowSec: number,
  toleranceSec = 300,
): boolean {
  const ts = Number(timestampHeader)
  if (!Number.isFinite(ts) || !signatureHeader || Math.abs(nowSec - ts) > toleranceSec) return false
  const expected = Buffer.from(signWebhook(secret, ts, body))
  const got = Buffer.from(signatureHeader)
  return expected.length === got.length && timingSafeEqual(expected, got)
}

/** Milliseconds to wait from a Retry-After header (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined
  const s = Number(value)
  if (Number.isFinite(s)) return Math.max(0, s * 1000)
  const d = Date.parse(value)
  return Number.isNaN(d) ? undefined : Math.max(0, d - nowMs)
}

/** Backoff before attempt `n + 1` after `n` failures: exponential, capped, with equal jitter. */
export function backoffDelay(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

const RETRYABLE = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500

/** Delivers `payload` to the webhook, retrying as described above. Never throws for HTTP or network failures. */
export async function sendWebhook(
  target: WebhookTarget,
  payload: unknown,
  options: WebhookOptions,
): Promise<WebhookResult> {
  const maxAttempts = options.maxAttempts ?? 6
  const base = options.baseDelayMs ?? 500
  const cap = options.maxDelayMs ?? 30_000
  const timeoutMs = options.timeoutMs ?? 10_000
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const body = JSON.stringify(payload)
  const delays: number[] = []
  let status = 0
  let error: string | undefined
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const ts = Math.floor(now() / 1000)
    let retryAfter: number | undefined
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: {
          ...target.headers,
          'content-type': 'application/json',
          'user-agent': 'CivicPulse-Webhook/1',
          [WEBHOOK_HEADERS.timestamp]: String(ts),
          [WEBHOOK_HEADERS.signature]: signWebhook(target.secret, ts, body),
          [WEBHOOK_HEADERS.idempotency]: options.idempotencyKey,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      status = res.status
      await res.arrayBuffer().catch(() => undefined)
      if (res.ok) return { ok: true, attempts: attempt, status, delays }
      error = `the receiver answered HTTP ${status}`
      if (!RETRYABLE(status)) return { ok: false, attempts: attempt, status, delays, error }
      retryAfter = parseRetryAfter(res.headers.get('retry-after'), now())
    } catch (e) {
      status = 0
      error = `the receiver could not be reached: ${(e as Error).message}`
    }
    if (attempt === maxAttempts) break
    const wait = Math.min(cap, Math.max(retryAfter ?? 0, backoffDelay(attempt, base, cap, random)))
    delays.push(wait)
    await sleep(wait)
  }
  return { ok: false, attempts: maxAttempts, status, delays, ...(error ? { error } : {}) }
}
