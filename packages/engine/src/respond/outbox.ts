/**
 * The reply outbox processor: delivers queued replies to the citizen's platform, durable and at
 * most once. The outbox row (with its idempotency key) is written before anything is sent, and the
 * row is claimed (`sending`) before the platform is called. After a crash between the send and the
 * acknowledgement the claim goes stale; recovery then asks the platform whether the reply exists
 * (`findExisting`), or resends only where the platform itself de-duplicates by key, and otherwise
 * parks the reply as `uncertain` for a person to check — it never risks a second public reply.
 * 429, 5xx and network errors are retried with capped exponential backoff (or the platform's reset
 * time); other 4xx fail at once with the platform's message for the responder.
 */
import type { Clock } from '@civicpulse/core'
import {
  ReplySendError,
  type OutboxReply,
  type ReplyOutboxStore,
  type ReplyPlatform,
  type ReplySender,
  type SentReply,
} from '@civicpulse/core'

/** Options of the processor. */
export interface ReplyOutboxOptions {
  store: ReplyOutboxStore
  senders: Partial<Record<ReplyPlatform, ReplySender>>
  clock: Clock
  /** Attempts before a retryable failure becomes final. Default 8. */
  maxAttempts?: number
  /** First retry delay; doubles per attempt. Default 30 s. */
  baseDelayMs?: number
  /** Longest retry delay. Default 1 h. */
  maxDelayMs?: number
  /** A `sending` claim older than this is taken as a crashed attempt. Default 2 min. */
  staleAfterMs?: number
  /** Called after a reply is known to be on the platform (e.g. to stop the first-response clock). */
  onSent?: (item: OutboxReply, remote: SentReply) => Promise<void>
  /** Called when a reply failed for good or needs a person to check (`uncertain`). */
  onFailed?: (item: OutboxReply, status: 'failed' | 'uncertain', message: string) => Promise<void>
}

/** What one pass did. */
export interface OutboxRunResult {
  sent: number
  retried: number
  failed: number
  uncertain: number
  skipped: number
}

/** Delivers due replies; call `runOnce` on a timer (or after each enqueue). */
export class ReplyOutboxProcessor {
  private readonly maxAttempts: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private readonly staleAfterMs: number

  constructor(private readonly o: ReplyOutboxOptions) {
    this.maxAttempts = o.maxAttempts ?? 8
    this.baseDelayMs = o.baseDelayMs ?? 30_000
    this.maxDelayMs = o.maxDelayMs ?? 3_600_000
    this.staleAfterMs = o.staleAfterMs ?? 120_000
  }

  /** The delay before retry number `attempts` (1-based), capped. */
  backoffMs(attempts: number): number {
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempts - 1))
  }

  /** Processes up to `limit` due replies, one at a time (platform rate limits are per account). */
  async runOnce(limit = 20): Promise<OutboxRunResult> {
    const now = this.o.clock.now()
    const due = await this.o.store.due(now, now - this.staleAfterMs, limit)
    const r: OutboxRunResult = { sent: 0, retried: 0, failed: 0, uncertain: 0, skipped: 0 }
    for (const item of due) {
      const outcome = await this.process(item)
      r[outcome]++
    }
    return r
  }

  private async fail(
    item: OutboxReply,
    status: 'failed' | 'uncertain',
    message: string,
  ): Promise<'failed' | 'uncertain'> {
    await this.o.store.markFailed(item.id, status, message, this.o.clock.now())
    await this.o.onFailed?.(item, status, message)
    return status
  }

  private async delivered(item: OutboxReply, remote: SentReply): Promise<'sent'> {
    await this.o.store.markSent(item.id, remote, this.o.clock.now())
    await this.o.onSent?.(item, remote)
    return 'sent'
  }

  /** Processes one item; returns what happened to it. */
  async process(item: OutboxReply): Promise<keyof OutboxRunResult> {
    const sender = this.o.senders[item.target.platform]
    const recovering = item.status === 'sending'
    if (
      !(await this.o.store.claim(
        item.id,
        { status: item.status, attempts: item.attempts },
        this.o.clock.now(),
      ))
    )
      return 'skipped'
    if (!sender)
      return this.fail(
        item,
        'failed',
        `No ${item.target.platform} account is set up to send replies.`,
      )
    const attempts = item.attempts + 1

    if (recovering) {
      // The previous attempt may have reached the platform: look before sending again.
      if (sender.findExisting) {
        try {
          const found = await sender.findExisting(item.target, item.text, item.idempotencyKey)
          if (found) return this.delivered(item, found)
        } catch (e) {
          return this.retryOrFail(item, attempts, e)
        }
      } else if (!sender.idempotentByKey) {
        return this.fail(
          item,
          'uncertain',
          'Sending was interrupted and this platform cannot tell whether the reply was posted. Check the thread before sending again.',
        )
      }
    }

    try {
      const remote = await sender.send(item.target, item.text, item.idempotencyKey)
      return this.delivered(item, remote)
    } catch (e) {
      return this.retryOrFail(item, attempts, e)
    }
  }

  private async retryOrFail(
    item: OutboxReply,
    attempts: number,
    e: unknown,
  ): Promise<'retried' | 'failed' | 'uncertain'> {
    const err =
      e instanceof ReplySendError
        ? e
        : new ReplySendError('network', e instanceof Error ? e.message : String(e))
    if (!err.retryable) return this.fail(item, 'failed', err.message)
    if (attempts >= this.maxAttempts)
      return this.fail(item, 'failed', `Gave up after ${attempts} attempts: ${err.message}`)
    const now = this.o.clock.now()
    const next = Math.max(now + this.backoffMs(attempts), err.retryAt ?? 0)
    await this.o.store.markRetry(item.id, err.message, next, now)
    return 'retried'
  }
}
