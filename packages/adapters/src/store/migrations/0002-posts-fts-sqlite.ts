/**
 * Full-text search over the display text. SQLite: an FTS5 external-content table kept in step by
 * the store's write path (not a trigger: batched index writes are several times faster).
 * PostgreSQL will use a generated tsvector column with a GIN index instead.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE posts_fts USING fts5(display_text, content='posts', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE posts_fts`.execute(db)
}
