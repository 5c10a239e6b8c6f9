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
  seriesKeyOf,
  type Post,
  type QuarantineEntry,
  type StoredPost,
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

export interface SqliteStoreConfig {
  /** File path, or `:memory:`. The folder is created when missing. */
  path: string
  /** Open read-only (for `search`, `stats`): never migrates, never writes. */
  readonly?: boolean
}

type Row = Record<string, unknown>

const POST_COLUMNS = [
  'platform',
  'platform_id',
  'url',
  'author_id',
  'author_handle',
  'author_name',
  'author_key',
  'text',
  'display_text',
  'lang_hint',
  'created_at',
  'received_at',
  'reply_to_id',
  'quote_of_id',
  'repost_of_id',
  'conversation_id',
  'hashtags',
  'mentions',
  'links',
  'lat',
  'lon',
  'place_name',
  'metrics',
  'raw',
  'source',
  'relevant_p',
  'intent',
  'intent_p',
  'service_code',
  'service_p',
  'sentiment',
  'sentiment_score',
  'urgency',
  'lang',
  'ward_code',
  'spam_p',
  'abuse_p',
  'labels',
  'labelled_at',
  'model_version',
  'simhash',
] as const

/** Maps a post to the row values in POST_COLUMNS order. */
function postValues(p: StoredPost, source: string | null, now: number): unknown[] {
  const l = p.labels
  return [
    p.platform,
    p.platformId,
    p.url ?? null,
    p.author.platformId,
    p.author.handle ?? null,
    p.author.displayName ?? null,
    p.author.key,
    p.text,
    p.displayText,
    p.langHint ?? null,
    Date.parse(p.createdAt),
    Date.parse(p.receivedAt),
    p.replyToId ?? null,
    p.quoteOfId ?? null,
    p.repostOfId ?? null,
    p.conversationId ?? null,
    JSON.stringify(p.hashtags),
    JSON.stringify(p.mentions),
    JSON.stringify(p.links),
    p.geo?.lat ?? null,
    p.geo?.lon ?? null,
    p.geo?.placeName ?? null,
    p.metrics ? JSON.stringify(p.metrics) : null,
    p.raw ?? null,
    source,
    l?.relevant.p ?? null,
    l?.intent.label ?? null,
    l?.intent.p ?? null,
    l?.service.code ?? null,
    l?.service.p ?? null,
    l?.sentiment.label ?? null,
    l?.sentiment.score ?? null,
    l?.urgency.score ?? null,
    l?.language.code ?? null,
    l?.places.find((x) => x.wardCode)?.wardCode ?? null,
    l?.spam.p ?? null,
    l?.abuse.p ?? null,
    l ? JSON.stringify(l) : null,
    l ? now : null,
    l?.model ?? null,
    p.simhash ?? null,
  ]
}

const RESOLUTIONS = [
  ['m5', 300_000],
  ['h1', 3_600_000],
  ['d1', 86_400_000],
] as const

/** Adds a stored post to the batch's series increments (spam is left out of counts). */
function countInto(acc: Map<string, number[]>, p: StoredPost): void {
  const k = seriesKeyOf(p.labels)
  if (!k) return
  const t = Date.parse(p.createdAt)
  const s = k.sentiment
  for (const [res, ms] of RESOLUTIONS) {
    const key = `${res}\u0000${Math.floor(t / ms) * ms}\u0000${k.service}\u0000${k.ward}\u0000${k.intent}`
    let v = acc.get(key)
    if (!v) acc.set(key, (v = [0, 0, 0, 0]))
    v[0]! += 1
    if (s === 'negative') v[1]! += 1
    else if (s === 'neutral') v[2]! += 1
    else if (s === 'positive') v[3]! += 1
  }
}

/** Opens (and migrates) a SQLite database and returns the store. */
export async function openSqliteStore(config: SqliteStoreConfig): Promise<SqliteStore> {
  let raw: BetterSqlite3.Database
  try {
    if (config.path !== ':memory:' && !config.readonly) mkdirSync(dirname(config.path), { recursive: true })
    raw = new BetterSqlite3(config.path, { readonly: config.readonly ?? false, fileMustExist: config.readonly ?? false })
    if (!config.readonly) {
      raw.pragma('journal_mode = WAL')
      raw.pragma('synchronous = NORMAL')
    }
    raw.pragma('busy_timeout = 5000')
    raw.pragma('cache_size = -65536')
    raw.pragma('temp_store = MEMORY')
  } catch (e: unknown) {
    throw new AppError('STORE_UNAVAILABLE', `Cannot open the database at ${config.path}: ${(e as Error).message}`, { cause: e })
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
  if (!config.readonly) {
    const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest()
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
      throw new AppError('STORE_UNAVAILABLE', `Database migration ${failed} failed: ${(error as Error).message}`, { cause: error })
    }
  }
  return new SqliteStore(raw, db, config.readonly ?? false)
}

/** The SQLite implementation of the Store port. */
export class SqliteStore implements Store {
  private readonly insertPost: BetterSqlite3.Statement
  private readonly insertFts: BetterSqlite3.Statement
  private readonly insertQuarantine: BetterSqlite3.Statement
  private readonly findForDelete: BetterSqlite3.Statement
  private readonly deleteFts: BetterSqlite3.Statement
  private readonly deletePost: BetterSqlite3.Statement
  private readonly upsertCheckpoint: BetterSqlite3.Statement
  private readonly insertTombstone: BetterSqlite3.Statement
  private readonly findTombstone: BetterSqlite3.Statement
  private readonly upsertSeries: BetterSqlite3.Statement
  /** Whether any tombstone exists; while none does, inserts skip the tombstone lookup. */
  private hasTombstones: boolean
  private readonly writeTx: (batch: WriteBatch, now: number) => WriteResult

  constructor(
    /** The driver handle; exposed for adapters in this package (series, labels), never outside. */
    readonly raw: BetterSqlite3.Database,
    /** The Kysely instance for queries written once for every dialect. */
    readonly db: Kysely<Database>,
    readonly readonly: boolean,
  ) {
    const placeholders = Object.fromEntries(POST_COLUMNS.map((c) => [c, null]))
    const insert = db
      .insertInto('posts')
      .values(placeholders as never)
      .onConflict((oc) => oc.columns(['platform', 'platform_id']).doNothing())
      .returning('id')
      .compile()
    const q = db
      .insertInto('quarantine')
      .values({ source: '', position: null, reason: '', message: '', raw: new Uint8Array(), received_at: 0 })
      .compile()
    const cp = db
      .insertInto('checkpoints')
      .values({ source: '', cursor: '', updated_at: 0 })
      .onConflict((oc) => oc.column('source').doUpdateSet((eb) => ({ cursor: eb.ref('excluded.cursor'), updated_at: eb.ref('excluded.updated_at') })))
      .compile()
    const find = db.selectFrom('posts').select(['id', 'display_text']).where('platform', '=', '').where('platform_id', '=', '').compile()
    const del = db.deleteFrom('posts').where('id', '=', 0).compile()
    const tomb = db
      .insertInto('tombstones')
      .values({ platform: '', platform_id: '', deleted_at: 0 })
      .onConflict((oc) => oc.columns(['platform', 'platform_id']).doNothing())
      .compile()
    const findTomb = db.selectFrom('tombstones').select('deleted_at').where('platform', '=', '').where('platform_id', '=', '').compile()
    const series = db
      .insertInto('series')
      .values({ res: '', bucket: 0, service_code: '', ward_code: '', intent: '', n: 0, neg: 0, neu: 0, pos: 0 })
      .onConflict((oc) =>
        oc.columns(['res', 'bucket', 'service_code', 'ward_code', 'intent']).doUpdateSet((eb) => ({
          n: eb('series.n', '+', eb.ref('excluded.n')),
          neg: eb('series.neg', '+', eb.ref('excluded.neg')),
          neu: eb('series.neu', '+', eb.ref('excluded.neu')),
          pos: eb('series.pos', '+', eb.ref('excluded.pos')),
        })),
      )
      .compile()
    this.findTombstone = raw.prepare(findTomb.sql)
    this.hasTombstones = raw.prepare('SELECT 1 FROM tombstones LIMIT 1').get() !== undefined
    if (readonly) {
      this.insertPost = this.insertFts = this.insertQuarantine = this.deleteFts = this.deletePost = this.upsertCheckpoint = this.insertTombstone = this.upsertSeries = raw.prepare('SELECT 1')
      this.findForDelete = raw.prepare(find.sql)
    } else {
      this.insertPost = raw.prepare(insert.sql)
      this.insertQuarantine = raw.prepare(q.sql)
      this.upsertCheckpoint = raw.prepare(cp.sql)
      this.findForDelete = raw.prepare(find.sql)
      this.deletePost = raw.prepare(del.sql)
      this.insertTombstone = raw.prepare(tomb.sql)
      this.upsertSeries = raw.prepare(series.sql)
      // FTS5 external-content maintenance has no Kysely form: these two are SQLite-specific.
      this.insertFts = raw.prepare('INSERT INTO posts_fts(rowid, display_text) VALUES (?, ?)')
      this.deleteFts = raw.prepare("INSERT INTO posts_fts(posts_fts, rowid, display_text) VALUES ('delete', ?, ?)")
    }
    this.writeTx = raw.transaction((batch: WriteBatch, now: number): WriteResult => {
      const ids: (number | undefined)[] = []
      let inserted = 0
      // Series are counted in the same transaction, only for posts really inserted: a redelivered
      // batch changes no count.
      const counts = new Map<string, number[]>()
      for (const p of batch.posts) {
        if (this.hasTombstones && this.findTombstone.get(p.platform, p.platformId) !== undefined) {
          ids.push(undefined)
          continue
        }
        const row = this.insertPost.get(...postValues(p, null, now)) as { id: number } | undefined
        if (row) {
          this.insertFts.run(row.id, p.displayText)
          countInto(counts, p)
          inserted++
        }
        ids.push(row?.id)
      }
      for (const [key, v] of counts) {
        const [res, bucket, service, ward, intent] = key.split('\u0000')
        this.upsertSeries.run(res, Number(bucket), service, ward, intent, v[0], v[1], v[2], v[3])
      }
      for (const qr of batch.quarantine) {
        this.insertQuarantine.run(qr.source, qr.position ?? null, qr.reason, qr.message, Buffer.from(qr.raw.buffer, qr.raw.byteOffset, qr.raw.byteLength), now)
      }
      let deleted = 0
      for (const d of batch.deletes) {
        this.insertTombstone.run(d.platform, d.platformId, now)
        this.hasTombstones = true
        const row = this.findForDelete.get(d.platform, d.platformId) as { id: number; display_text: string } | undefined
        if (row) {
          this.deleteFts.run(row.id, row.display_text)
          this.deletePost.run(row.id)
          deleted++
        }
      }
      if (batch.checkpoint) this.upsertCheckpoint.run(batch.checkpoint.source, batch.checkpoint.cursor, now)
      return { inserted, duplicates: batch.posts.length - inserted, quarantined: batch.quarantine.length, deleted, ids }
    })
  }

  writeBatch(batch: WriteBatch): Promise<WriteResult> {
    if (this.readonly) return Promise.reject(new AppError('STORE_UNAVAILABLE', 'The database was opened read-only.'))
    return Promise.resolve(this.writeTx(batch, Date.now()))
  }

  /** Returns a value from the meta table, creating it with `init()` the first time. */
  async metaValue(key: string, init: () => string): Promise<string> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst()
    if (row) return row.value
    const value = init()
    await this.db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute()
    return (await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value
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
    const byPlatform = await this.db.selectFrom('posts').select(['platform', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('platform').execute()
    const byReason = await this.db.selectFrom('quarantine').select(['reason', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('reason').execute()
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

  async listQuarantine(opts: { limit?: number; reason?: QuarantineReason } = {}): Promise<QuarantineEntry[]> {
    let q = this.db
      .selectFrom('quarantine')
      .select(['id', 'source', 'position', 'reason', 'message', 'received_at', sql<number>`length(raw)`.as('size')])
      .orderBy('id', 'desc')
      .limit(opts.limit ?? 50)
    if (opts.reason) q = q.where('reason', '=', opts.reason)
    const rows = await q.execute()
    return rows.map(toEntry)
  }

  async getQuarantine(id: number): Promise<(QuarantineEntry & { raw: Uint8Array }) | undefined> {
    const r = await this.db
      .selectFrom('quarantine')
      .select(['id', 'source', 'position', 'reason', 'message', 'received_at', 'raw', sql<number>`length(raw)`.as('size')])
      .where('id', '=', id)
      .executeTakeFirst()
    return r ? { ...toEntry(r), raw: new Uint8Array(r.raw) } : undefined
  }

  async getCheckpoint(source: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('checkpoints').select('cursor').where('source', '=', source).executeTakeFirst()
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
    await this.db.destroy()
  }
}

function toEntry(r: { id: number; source: string; position: string | null; reason: string; message: string; received_at: number; size: number }): QuarantineEntry {
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
