/**
 * Campaigns (Converse): the campaigns a government starts, the posts attached to each (and their
 * theme), the themes last computed, and the actions staff record against themes ("you said, we did").
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('refreshed_at', 'bigint')
    .execute()
  await db.schema
    .createTable('campaign_posts')
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('post_id', 'integer', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('theme_key', 'text')
    .addPrimaryKeyConstraint('campaign_posts_pk', ['campaign_id', 'post_id'])
    .execute()
  await db.schema
    .createTable('campaign_themes')
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('theme_key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_themes_pk', ['campaign_id', 'theme_key'])
    .execute()
  await db.schema
    .createTable('campaign_actions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('campaign_id', 'integer', (c) => c.notNull())
    .addColumn('theme_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('team', 'text')
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('campaign_actions_campaign')
    .on('campaign_actions')
    .column('campaign_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['campaign_actions', 'campaign_themes', 'campaign_posts', 'campaigns'])
    await db.schema.dropTable(t).ifExists().execute()
}
