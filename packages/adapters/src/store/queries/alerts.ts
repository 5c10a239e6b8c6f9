/**
 * The alert outbox in the database: the idempotency key is unique, so an alert is queued once
 * whatever happens upstream.
 */
import type { Kysely } from 'kysely'
import type { AlertPayload } from '@civicpulse/core'
import type { Database } from '../schema.js'

export class AlertOutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async keysFor(incidentId: string): Promise<Set<string>> {
    const inc = await this.db
      .selectFrom('incidents')
      .select('id')
      .where('public_id', '=', incidentId)
      .executeTakeFirst()
    if (!inc) return new Set()
    const rows = await this.db
      .selectFrom('alert_outbox')
      .select('idempotency_key')
      .where('incident_id', '=', inc.id)
      .execute()
    return new Set(rows.map((r) => r.idempotency_key))
  }

  async enqueue(
    key: string,
    incidentId: string,
    channel: string,
    payload: AlertPayload,
    dueAt: number,
  ): Promise<boolean> {
    const inc = await this.db
      .selectFrom('incidents')
      .select('id')
      .where('public_id', '=', incidentId)
      .executeTakeFirst()
    const r = await this.db
      .insertInto('alert_outbox')
      .values({
        idempotency_key: key,
        incident_id: inc?.id ?? 0,
        channel,
        payload: JSON.stringify(payload),
        status: 'pending',
        attempts: 0,
        next_attempt_at: dueAt,
        last_error: null,
        created_at: dueAt,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst()
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
  }

  async due(now: number, limit: number) {
    const rows = await this.db
      .selectFrom('alert_outbox')
      .select(['id', 'idempotency_key', 'channel', 'payload', 'attempts'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map((r) => {
      const payload = JSON.parse(r.payload) as AlertPayload
      return {
        id: r.id,
        key: r.idempotency_key,
        incidentId: payload.incident.id,
        channel: r.channel,
        payload,
        attempts: r.attempts,
      }
    })
  }

  async markSent(id: number, _now: number): Promise<void> {
    await this.db
      .updateTable('alert_outbox')
      .set((eb) => ({ status: 'sent', attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', id)
      .execute()
  }

  async markFailed(id: number, error: string, retryAt: number | null, _now: number): Promise<void> {
    await this.db
      .updateTable('alert_outbox')
      .set((eb) => ({
        status: retryAt === null ? 'failed' : 'pending',
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 1000),
        next_attempt_at: retryAt ?? 0,
      }))
      .where('id', '=', id)
      .execute()
  }
}
