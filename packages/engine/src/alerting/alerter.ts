/**
 * Alerting: turns incident changes into alerts through a durable outbox. Each alert has an
 * idempotency key (incident × severity × rule × channel), so a redelivered incident update, a
 * restart or a retry never produces a second alert; the outbox survives a crash between "decided
 * to alert" and "delivered". Delivery retries with capped exponential backoff.
 */
import { alertsFor, type AlertPayload, type AlertRule, type Incident } from '@civicpulse/core'

export type { AlertPayload }

/** One alert waiting in (or delivered from) the outbox. */
export interface OutboxAlert {
  id: number
  key: string
  incidentId: string
  channel: string
  payload: AlertPayload
  attempts: number
}

/** The outbox port. */
export interface AlertOutbox {
  /** Keys already queued or sent for an incident (for the cool-down). */
  keysFor(incidentId: string): Promise<Set<string>>
  /** Queues an alert; false when its key is already there (nothing is queued twice). */
  enqueue(
    key: string,
    incidentId: string,
    channel: string,
    payload: AlertPayload,
    dueAt: number,
  ): Promise<boolean>
  /** Alerts due for delivery. */
  due(now: number, limit: number): Promise<OutboxAlert[]>
  markSent(id: number, now: number): Promise<void>
  markFailed(id: number, error: string, retryAt: number | null, now: number): Promise<void>
}

/** Delivers one alert to one channel; resolves when delivered, rejects with a reason when not. */
export type ChannelSender = (
  channel: string,
  payload: AlertPayload,
  idempotencyKey: string,
) => Promise<void>

export interface AlerterOptions {
  outbox: AlertOutbox
  rules: readonly AlertRule[]
  send: ChannelSender
  /** Attempts before an alert is marked failed for good. Default 8. */
  maxAttempts?: number
  baseDelayMs?: number
  now?: () => number
}

export class Alerter {
  constructor(private readonly o: AlerterOptions) {}

  /** Queues the alerts an incident change calls for (one per rise in severity per rule and channel). */
  async onIncident(inc: Incident, now = (this.o.now ?? Date.now)()): Promise<number> {
    const sent = await this.o.outbox.keysFor(inc.id)
    let queued = 0
    for (const d of alertsFor(inc, this.o.rules, now, sent)) {
      const payload: AlertPayload = {
        type: 'incident.alert',
        idempotencyKey: d.key,
        rule: d.ruleId,
        incident: {
          id: inc.id,
          title: inc.title,
          service: inc.service,
          areas: [...inc.areas],
          severity: inc.severity,
          status: inc.status,
          startedAt: new Date(inc.startedAt).toISOString(),
          observed: inc.observed,
          expected: Math.round(inc.expected * 10) / 10,
        },
      }
      // A deferred alert (quiet hours) waits in the outbox; without a known end it is retried hourly.
      const due = d.deferred ? now + 3_600_000 : now
      if (await this.o.outbox.enqueue(d.key, inc.id, d.channel, payload, due)) queued++
    }
    return queued
  }

  /** Delivers what is due; returns how many were delivered. */
  async deliver(now = (this.o.now ?? Date.now)()): Promise<number> {
    const max = this.o.maxAttempts ?? 8
    const base = this.o.baseDelayMs ?? 2000
    let delivered = 0
    for (const a of await this.o.outbox.due(now, 50)) {
      try {
        await this.o.send(a.channel, a.payload, a.key)
        await this.o.outbox.markSent(a.id, now)
        delivered++
      } catch (e: unknown) {
        const attempts = a.attempts + 1
        const retryAt =
          attempts >= max ? null : now + Math.min(3_600_000, base * 2 ** (attempts - 1))
        await this.o.outbox.markFailed(a.id, (e as Error).message, retryAt, now)
      }
    }
    return delivered
  }
}
