/**
 * Respond: cases with their linked posts, internal notes and audit trail; the reply outbox
 * (durable, one row per reply, unique idempotency key); and the links of cases pushed to external
 * Open311 endpoints.
 */
import type { Kysely } from 'kysely'

/** Creates the cases, case_posts, case_notes, case_audit, reply_outbox and case_open311 tables. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('team', 'text')
    .addColumn('assignee', 'text')
    .addColumn('service_code', 'text')
    .addColumn('area', 'text')
    .addColumn('intent', 'text')
    .addColumn('urgency_flags', 'text', (c) => c.notNull())
    .addColumn('jumped', 'integer', (c) => c.notNull())
    .addColumn('pauses', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('first_response_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('merged_into', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('cases_status_team').on('cases').columns(['status', 'team']).execute()
  await db.schema
    .createIndex('cases_assignee')
    .on('cases')
    .columns(['assignee', 'status'])
    .execute()
  await db.schema
    .createIndex('cases_source')
    .on('cases')
    .columns(['source_kind', 'source_id'])
    .execute()

  await db.schema
    .createTable('case_posts')
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_posts_pk', ['case_id', 'post_id'])
    .execute()
  await db.schema.createIndex('case_posts_post').on('case_posts').column('post_id').execute()

  await db.schema
    .createTable('case_notes')
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_notes_pk', ['case_id', 'n'])
    .execute()

  await db.schema
    .createTable('case_audit')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('detail', 'text')
    .execute()
  await db.schema
    .createIndex('case_audit_case')
    .on('case_audit')
    .columns(['case_id', 'id'])
    .execute()

  await db.schema
    .createTable('reply_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('remote_id', 'text')
    .addColumn('remote_url', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('reply_outbox_due')
    .on('reply_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema.createIndex('reply_outbox_case').on('reply_outbox').column('case_id').execute()

  await db.schema
    .createTable('case_open311')
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('token', 'text')
    .addColumn('service_request_id', 'text')
    .addColumn('status', 'text')
    .addColumn('status_notes', 'text')
    .addColumn('pushed_at', 'bigint', (c) => c.notNull())
    .addColumn('polled_at', 'bigint')
    .addPrimaryKeyConstraint('case_open311_pk', ['case_id', 'endpoint'])
    .execute()
}

/** Drops the Respond tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'case_open311',
    'reply_outbox',
    'case_audit',
    'case_notes',
    'case_posts',
    'cases',
  ])
    await db.schema.dropTable(t).ifExists().execute()
}
