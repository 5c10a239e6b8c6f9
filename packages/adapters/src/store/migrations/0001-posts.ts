/** Posts, quarantine, checkpoints and the meta key-value table (e.g. the author-key secret). */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('posts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('platform_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_handle', 'text')
    .addColumn('author_name', 'text')
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('display_text', 'text', (c) => c.notNull())
    .addColumn('lang_hint', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('reply_to_id', 'text')
    .addColumn('quote_of_id', 'text')
    .addColumn('repost_of_id', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('hashtags', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('lat', 'real')
    .addColumn('lon', 'real')
    .addColumn('place_name', 'text')
    .addColumn('metrics', 'text')
    .addColumn('raw', 'text')
    .addColumn('source', 'text')
    .addUniqueConstraint('posts_platform_id_unique', ['platform', 'platform_id'])
    .execute()
  await db.schema.createIndex('posts_created_at').on('posts').column('created_at').execute()

  await db.schema
    .createTable('quarantine')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raw', 'blob', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('quarantine_reason').on('quarantine').column('reason').execute()

  // Posts the platform reported deleted: a replay of older input must not bring them back.
  await db.schema
    .createTable('tombstones')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('platform_id', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tombstones_pk', ['platform', 'platform_id'])
    .execute()

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('checkpoints')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checkpoints').execute()
  await db.schema.dropTable('meta').execute()
  await db.schema.dropTable('tombstones').execute()
  await db.schema.dropTable('quarantine').execute()
  await db.schema.dropTable('posts').execute()
  void sql
}
