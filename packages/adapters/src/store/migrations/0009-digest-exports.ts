/**
 * Converse follow-up: the periodic digest's sending record (one row per period sent, so a restart
 * never sends a period twice) and the export log (who exported what, with which filters, how many rows).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('digest_sends')
    .addColumn('period_key', 'text', (c) => c.primaryKey())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .execute()
  await db.schema
    .createTable('export_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('export_log_user')
    .on('export_log')
    .columns(['user_id', 'at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['export_log', 'digest_sends']) await db.schema.dropTable(t).ifExists().execute()
}
