/**
 * Respond settings and the rows around the outbox: reply templates, replies before they enter the
 * outbox (draft / awaiting approval / rejected, with author and approver), team settings (approval,
 * SLA policy), the team of each user, Open311 API keys (stored as hashes), reply accounts per
 * platform (base URL and credentials, never returned by the API), Open311 requests received, and
 * the SLA breaches already announced (once per case and clock).
 */
import type { Kysely } from 'kysely'

/** Creates the Respond settings tables. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reply_templates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('case_replies')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('template_id', 'integer')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('reject_reason', 'text')
    .addColumn('outbox_id', 'integer')
    .addUniqueConstraint('case_replies_key', ['case_id', 'client_key'])
    .execute()
  await db.schema
    .createIndex('case_replies_case')
    .on('case_replies')
    .columns(['case_id', 'id'])
    .execute()

  await db.schema
    .createTable('team_settings')
    .addColumn('team', 'text', (c) => c.primaryKey())
    .addColumn('approval_required', 'integer', (c) => c.notNull())
    .addColumn('sla_policy', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('user_teams')
    .addColumn('user_id', 'integer', (c) => c.primaryKey())
    .addColumn('team', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('open311_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute()

  await db.schema
    .createTable('reply_accounts')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text')
    .addColumn('credentials', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('reply_accounts_pk', ['platform', 'account'])
    .execute()

  await db.schema
    .createTable('open311_requests')
    .addColumn('case_id', 'integer', (c) => c.primaryKey())
    .addColumn('key_id', 'integer')
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('address', 'text')
    .addColumn('address_id', 'text')
    .addColumn('zipcode', 'text')
    .addColumn('lat', 'real')
    .addColumn('long', 'real')
    .addColumn('media_url', 'text')
    .addColumn('contact', 'text')
    .addColumn('account_id', 'text')
    .addColumn('agency_responsible', 'text')
    .addColumn('status_notes', 'text')
    .addColumn('expected_at', 'bigint')
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('open311_requests_time')
    .on('open311_requests')
    .column('requested_at')
    .execute()

  await db.schema
    .createTable('case_sla_breaches')
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('clock', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_sla_breaches_pk', ['case_id', 'clock'])
    .execute()
}

/** Drops the Respond settings tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'case_sla_breaches',
    'open311_requests',
    'reply_accounts',
    'open311_keys',
    'user_teams',
    'team_settings',
    'case_replies',
    'reply_templates',
  ])
    await db.schema.dropTable(t).ifExists().execute()
}
