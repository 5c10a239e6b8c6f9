/**
 * Source health as honestly as the store can tell it: posts stored and the newest post per
 * platform, each ingest checkpoint and when it last moved, and quarantined records per source.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../schema.js'

/** Per-platform post counts and the newest created/received times. */
export async function platformActivity(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('posts')
    .select([
      'platform',
      sql<number>`count(*)`.as('n'),
      sql<number>`max(created_at)`.as('last_created'),
      sql<number>`max(received_at)`.as('last_received'),
    ])
    .groupBy('platform')
    .execute()
  return rows.map((r) => ({
    platform: r.platform,
    posts: Number(r.n),
    lastCreatedAt: Number(r.last_created),
    lastReceivedAt: Number(r.last_received),
  }))
}

/** Every ingest checkpoint. */
export async function checkpoints(db: Kysely<Database>) {
  return db.selectFrom('checkpoints').selectAll().orderBy('source').execute()
}

/** Quarantined records per source and reason, with the newest time. */
export async function quarantineBySource(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('quarantine')
    .select([
      'source',
      'reason',
      sql<number>`count(*)`.as('n'),
      sql<number>`max(received_at)`.as('last'),
    ])
    .groupBy(['source', 'reason'])
    .execute()
  return rows.map((r) => ({
    source: r.source,
    reason: r.reason,
    count: Number(r.n),
    lastAt: Number(r.last),
  }))
}
