/**
 * The embedded store: SQLite through better-sqlite3, queried with Kysely. WAL mode, batched
 * transactions, FTS5 search, idempotent insert on (platform, platform id).
 *
 * The hot write path compiles its statements once from Kysely (so the SQL is still written once,
 * against the shared schema) and runs them as prepared better-sqlite3 statements inside one
 * transaction per batch.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { randomBytes } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely'
import {
  AppError,
  type Post,
  type QuarantineEntry,
  type QuarantineReason,
  type SearchHit,
  type Store,
  type StoreStats,
  type WriteBatch,
  type WriteResult,
} from '@civicpulse/core'
import type { Database } from '../schema.js'
import { migrationProvider } from '../migrations/index.js'
import { ftsQuery } from './sqlite-functions.js'
import { SqliteWriter, toWire } from './sqlite-writer.js'
import { WriterWorker } from './sqlite-writer-thread.js'

export interface SqliteStoreConfig {
  /** File path, or `:memory:`. The folder is created when missing. */
  path: string
  /** Open read-only (for `search`, `stats`): never migrates, never writes. */
  readonly?: boolean
}

type Row = Record<string, unknown>

/** Opens (and migrates) a SQLite database and returns the store. */
export async function openSqliteStore(config: SqliteStoreConfig): Promise<SqliteStore> {
  let raw: BetterSqlite3.Database
  try {
    if (config.path !== ':memory:' && !config.readonly)
      mkdirSync(dirname(config.path), { recursive: true })
    raw = new BetterSqlite3(config.path, {
      readonly: config.readonly ?? false,
      fileMustExist: config.readonly ?? false,
    })
    if (!config.readonly) {
      raw.pragma('journal_mode = WAL')
      raw.pragma('synchronous = NORMAL')
    }
    raw.pragma('busy_timeout = 5000')
    raw.pragma('cache_size = -65536')
    raw.pragma('temp_store = MEMORY')
  } catch (e: unknown) {
    throw new AppError(
      'STORE_UNAVAILABLE',
      `Cannot open the database at ${config.path}: ${(e as Error).message}`,
      { cause: e },
    )
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
  if (!config.readonly) {
    const { error, results } = await new Migrator({
      db,
      provider: migrationProvider,
      allowUnorderedMigrations: true,
    }).migrateToLatest()
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
      throw new AppError(
        'STORE_UNAVAILABLE',
        `Database migration ${failed} failed: ${(error as Error).message}`,
        { cause: error },
      )
    }
  }
  return new SqliteStore(raw, db, config.readonly ?? false)
}

/** The SQLite implementation of the Store port. */
export class SqliteStore implements Store {
  private readonly writer: SqliteWriter | undefined
  private worker: WriterWorker | undefined

  constructor(
    /** The driver handle; exposed for adapters in this package (series, labels), never outside. */
    readonly raw: BetterSqlite3.Database,
    /** The Kysely instance for queries written once for every dialect. */
    readonly db: Kysely<Database>,
    readonly readonly: boolean,
  ) {
    this.writer = readonly ? undefined : new SqliteWriter(raw, db)
    this.worker = undefined
  }

  writeBatch(batch: WriteBatch): Promise<WriteResult> {
    if (this.readonly || !this.writer)
      return Promise.reject(new AppError('STORE_UNAVAILABLE', 'The database was opened read-only.'))
    const wire = toWire(batch)
    if (this.worker) return this.worker.write(wire, Date.now())
    return Promise.resolve(this.writer.write(wire, Date.now()))
  }

  /**
   * Moves batch writes to a worker thread with its own connection, so decoding and labelling on
   * this thread run in parallel with SQLite on the other core. Reads stay on this connection (WAL).
   */
  async useWriterThread(): Promise<void> {
    if (this.readonly || this.worker || this.raw.name === ':memory:') return
    this.worker = await WriterWorker.start(this.raw.name)
    // This connection now only reads; the writer thread holds the large page cache.
    this.raw.pragma('cache_size = -8192')
  }

  /** Returns a value from the meta table, creating it with `init()` the first time. */
  async metaValue(key: string, init: () => string): Promise<string> {
    const row = await this.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst()
    if (row) return row.value
    const value = init()
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute()
    return (
      await this.db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirstOrThrow()
    ).value
  }

  /** The per-database secret behind pseudonymous author keys. */
  authorKeySecret(): Promise<string> {
    return this.metaValue('author_key_secret', () => randomBytes(32).toString('hex'))
  }

  async search(query: string, opts: { limit?: number } = {}): Promise<SearchHit[]> {
    const match = ftsQuery(query)
    if (!match) return []
    const rows = await sql<Row>`
      SELECT p.id, p.platform, p.platform_id, p.created_at, p.author_handle, p.display_text,
             snippet(posts_fts, 0, '[', ']', '…', 24) AS snippet
      FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid
      WHERE posts_fts MATCH ${match}
      ORDER BY rank LIMIT ${opts.limit ?? 20}`.execute(this.db)
    return rows.rows.map((r) => ({
      id: r['id'] as number,
      platform: r['platform'] as Post['platform'],
      platformId: r['platform_id'] as string,
      createdAt: new Date(r['created_at'] as number).toISOString(),
      authorHandle: (r['author_handle'] as string | null) ?? undefined,
      displayText: r['display_text'] as string,
      snippet: r['snippet'] as string,
    }))
  }

  async stats(): Promise<StoreStats> {
    const byPlatform = await this.db
      .selectFrom('posts')
      .select(['platform', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('platform')
      .execute()
    const byReason = await this.db
      .selectFrom('quarantine')
      .select(['reason', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('reason')
      .execute()
    const range = await this.db
      .selectFrom('posts')
      .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
      .executeTakeFirst()
    const sum = (xs: { n: number }[]) => xs.reduce((a, x) => a + Number(x.n), 0)
    const first = range?.first as number | null | undefined
    const last = range?.last as number | null | undefined
    return {
      posts: sum(byPlatform),
      quarantined: sum(byReason),
      byPlatform: Object.fromEntries(byPlatform.map((r) => [r.platform, Number(r.n)])),
      byReason: Object.fromEntries(byReason.map((r) => [r.reason, Number(r.n)])),
      firstPostAt: first != null ? new Date(first).toISOString() : undefined,
      lastPostAt: last != null ? new Date(last).toISOString() : undefined,
    }
  }

  async listQuarantine(
    opts: { limit?: number; reason?: QuarantineReason } = {},
  ): Promise<QuarantineEntry[]> {
    let q = this.db
      .selectFrom('quarantine')
      .select([
        'id',
        'source',
        'position',
        'reason',
        'message',
        'received_at',
        sql<number>`length(raw)`.as('size'),
      ])
      .orderBy('id', 'desc')
      .limit(opts.limit ?? 50)
    if (opts.reason) q = q.where('reason', '=', opts.reason)
    const rows = await q.execute()
    return rows.map(toEntry)
  }

  async getQuarantine(id: number): Promise<(QuarantineEntry & { raw: Uint8Array }) | undefined> {
    const r = await this.db
      .selectFrom('quarantine')
      .select([
        'id',
        'source',
        'position',
        'reason',
        'message',
        'received_at',
        'raw',
        sql<number>`length(raw)`.as('size'),
      ])
      .where('id', '=', id)
      .executeTakeFirst()
    return r ? { ...toEntry(r), raw: new Uint8Array(r.raw) } : undefined
  }

  async getCheckpoint(source: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('checkpoints')
      .select('cursor')
      .where('source', '=', source)
      .executeTakeFirst()
    return r?.cursor
  }

  async close(): Promise<void> {
    if (!this.readonly && this.raw.open) {
      try {
        this.raw.pragma('optimize')
      } catch {
        /* optimisation is best effort */
      }
    }
    if (this.worker) await this.worker.close()
    this.worker = undefined
    await this.db.destroy()
  }
}

function toEntry(r: {
  id: number
  source: string
  position: string | null
  reason: string
  message: string
  received_at: number
  size: number
}): QuarantineEntry {
  return {
    id: r.id,
    source: r.source,
    position: r.position ?? undefined,
    reason: r.reason as QuarantineReason,
    message: r.message,
    receivedAt: new Date(Number(r.received_at)).toISOString(),
    size: Number(r.size),
  }
}
