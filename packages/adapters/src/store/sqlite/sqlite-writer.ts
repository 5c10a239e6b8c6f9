/**
 * The SQLite write path: one transaction per batch with idempotent post inserts (natural key),
 * FTS5 rows, series increments for inserted posts only, quarantine rows, deletion tombstones and
 * the input's checkpoint. Batches travel in a flat "wire" form (arrays of primitives) so they can
 * cross to a writer thread cheaply. Statements are compiled once from Kysely.
 */
import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { seriesKeyOf, type StoredPost, type WriteBatch, type WriteResult } from '@civicpulse/core'
import type { Database } from '../schema.js'

/** A batch in wire form: rows in POST_COLUMNS order, FTS text and series dimensions per post. */
export interface WireBatch {
  rows: unknown[][]
  fts: string[]
  /** Per post: [createdAtMs, service, ward, intent, sentiment] or null when not counted (spam). */
  series: ([number, string, string, string, string] | null)[]
  keys: [string, string][]
  quarantine: [string, string | null, string, string, Uint8Array][]
  deletes: [string, string][]
  checkpoint: [string, string] | null
}
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
function postValues(p: StoredPost, source: string | null): unknown[] {
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
    null, // labelled_at: set by the writer at commit time
    l?.model ?? null,
    p.simhash ?? null,
  ]
}

/** Flattens a batch for the writer. */
export function toWire(batch: WriteBatch): WireBatch {
  return {
    rows: batch.posts.map((p) => postValues(p, null)),
    fts: batch.posts.map((p) => p.displayText),
    series: batch.posts.map((p) => {
      const k = seriesKeyOf(p.labels)
      return k ? [Date.parse(p.createdAt), k.service, k.ward, k.intent, k.sentiment] : null
    }),
    keys: batch.posts.map((p) => [p.platform, p.platformId]),
    quarantine: batch.quarantine.map((q) => [
      q.source,
      q.position ?? null,
      q.reason,
      q.message,
      q.raw,
    ]),
    deletes: batch.deletes.map((d) => [d.platform, d.platformId]),
    checkpoint: batch.checkpoint ? [batch.checkpoint.source, batch.checkpoint.cursor] : null,
  }
}

const RESOLUTIONS = [
  ['m5', 300_000],
  ['h1', 3_600_000],
  ['d1', 86_400_000],
] as const

const LABELLED_AT = POST_COLUMNS.indexOf('labelled_at')
const LABELS = POST_COLUMNS.indexOf('labels')

/** Owns the prepared statements of one writing connection. */
export class SqliteWriter {
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
  private readonly upsertSeriesSi: BetterSqlite3.Statement
  private readonly upsertSeriesWi: BetterSqlite3.Statement
  /** Whether any tombstone exists; while none does, inserts skip the tombstone lookup. */
  private hasTombstones: boolean
  private readonly tx: (batch: WireBatch, now: number) => WriteResult

  constructor(raw: BetterSqlite3.Database, db: Kysely<Database>) {
    const placeholders = Object.fromEntries(POST_COLUMNS.map((c) => [c, null]))
    const sqlOf = (q: { compile(): { sql: string } }) => q.compile().sql
    this.insertPost = raw.prepare(
      sqlOf(
        db
          .insertInto('posts')
          .values(placeholders as never)
          .onConflict((oc) => oc.columns(['platform', 'platform_id']).doNothing())
          .returning('id'),
      ),
    )
    this.insertQuarantine = raw.prepare(
      sqlOf(
        db.insertInto('quarantine').values({
          source: '',
          position: null,
          reason: '',
          message: '',
          raw: new Uint8Array(),
          received_at: 0,
        }),
      ),
    )
    this.upsertCheckpoint = raw.prepare(
      sqlOf(
        db
          .insertInto('checkpoints')
          .values({ source: '', cursor: '', updated_at: 0 })
          .onConflict((oc) =>
            oc.column('source').doUpdateSet((eb) => ({
              cursor: eb.ref('excluded.cursor'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          ),
      ),
    )
    this.findForDelete = raw.prepare(
      sqlOf(
        db
          .selectFrom('posts')
          .select(['id', 'display_text'])
          .where('platform', '=', '')
          .where('platform_id', '=', ''),
      ),
    )
    this.deletePost = raw.prepare(sqlOf(db.deleteFrom('posts').where('id', '=', 0)))
    this.insertTombstone = raw.prepare(
      sqlOf(
        db
          .insertInto('tombstones')
          .values({ platform: '', platform_id: '', deleted_at: 0 })
          .onConflict((oc) => oc.columns(['platform', 'platform_id']).doNothing()),
      ),
    )
    this.findTombstone = raw.prepare(
      sqlOf(
        db
          .selectFrom('tombstones')
          .select('deleted_at')
          .where('platform', '=', '')
          .where('platform_id', '=', ''),
      ),
    )
    this.upsertSeries = raw.prepare(
      sqlOf(
        db
          .insertInto('series')
          .values({
            res: '',
            bucket: 0,
            service_code: '',
            ward_code: '',
            intent: '',
            n: 0,
            neg: 0,
            neu: 0,
            pos: 0,
          })
          .onConflict((oc) =>
            oc
              .columns(['res', 'bucket', 'service_code', 'ward_code', 'intent'])
              .doUpdateSet((eb) => ({
                n: eb('series.n', '+', eb.ref('excluded.n')),
                neg: eb('series.neg', '+', eb.ref('excluded.neg')),
                neu: eb('series.neu', '+', eb.ref('excluded.neu')),
                pos: eb('series.pos', '+', eb.ref('excluded.pos')),
              })),
          ),
      ),
    )
    const rollup = (table: 'series_si' | 'series_wi', dim: 'service_code' | 'ward_code') =>
      raw.prepare(
        sqlOf(
          db
            .insertInto(table as 'series_si')
            .values({
              res: '',
              bucket: 0,
              [dim]: '',
              intent: '',
              n: 0,
              neg: 0,
              neu: 0,
              pos: 0,
            } as never)
            .onConflict((oc) =>
              oc.columns(['res', 'bucket', dim as 'service_code', 'intent']).doUpdateSet((eb) => ({
                n: eb(`${table as 'series_si'}.n`, '+', eb.ref('excluded.n')),
                neg: eb(`${table as 'series_si'}.neg`, '+', eb.ref('excluded.neg')),
                neu: eb(`${table as 'series_si'}.neu`, '+', eb.ref('excluded.neu')),
                pos: eb(`${table as 'series_si'}.pos`, '+', eb.ref('excluded.pos')),
              })),
            ),
        ),
      )
    this.upsertSeriesSi = rollup('series_si', 'service_code')
    this.upsertSeriesWi = rollup('series_wi', 'ward_code')
    // FTS5 external-content maintenance has no Kysely form: these two are SQLite-specific.
    this.insertFts = raw.prepare('INSERT INTO posts_fts(rowid, display_text) VALUES (?, ?)')
    this.deleteFts = raw.prepare(
      "INSERT INTO posts_fts(posts_fts, rowid, display_text) VALUES ('delete', ?, ?)",
    )
    this.hasTombstones = raw.prepare('SELECT 1 FROM tombstones LIMIT 1').get() !== undefined
    this.tx = raw.transaction((b: WireBatch, now: number) => this.apply(b, now))
  }

  /** Commits one batch atomically. */
  write(batch: WireBatch, now: number): WriteResult {
    return this.tx(batch, now)
  }

  private apply(b: WireBatch, now: number): WriteResult {
    const ids: (number | undefined)[] = []
    let inserted = 0
    // Series are counted in the same transaction, only for posts really inserted: a redelivered
    // batch changes no count.
    const counts = new Map<string, number[]>()
    for (let i = 0; i < b.rows.length; i++) {
      const [platform, platformId] = b.keys[i]!
      if (this.hasTombstones && this.findTombstone.get(platform, platformId) !== undefined) {
        ids.push(undefined)
        continue
      }
      const values = b.rows[i]!
      if (values[LABELS] !== null) values[LABELLED_AT] = now
      const row = this.insertPost.get(...values) as { id: number } | undefined
      if (row) {
        this.insertFts.run(row.id, b.fts[i])
        const k = b.series[i]
        if (k) countInto(counts, k)
        inserted++
      }
      ids.push(row?.id)
    }
    const si = new Map<string, number[]>()
    const wi = new Map<string, number[]>()
    const addTo = (m: Map<string, number[]>, key: string, v: number[]) => {
      const t = m.get(key)
      if (t) for (let k = 0; k < 4; k++) t[k]! += v[k]!
      else m.set(key, [...v])
    }
    for (const [key, v] of counts) {
      const [res, bucket, service, ward, intent] = key.split('\u0000') as [
        string,
        string,
        string,
        string,
        string,
      ]
      this.upsertSeries.run(res, Number(bucket), service, ward, intent, v[0], v[1], v[2], v[3])
      addTo(si, `${res}\u0000${bucket}\u0000${service}\u0000${intent}`, v)
      addTo(wi, `${res}\u0000${bucket}\u0000${ward}\u0000${intent}`, v)
    }
    for (const [m, stmt] of [
      [si, this.upsertSeriesSi],
      [wi, this.upsertSeriesWi],
    ] as const) {
      for (const [key, v] of m) {
        const [res, bucket, dim, intent] = key.split('\u0000')
        stmt.run(res, Number(bucket), dim, intent, v[0], v[1], v[2], v[3])
      }
    }
    for (const [source, position, reason, message, raw] of b.quarantine) {
      this.insertQuarantine.run(
        source,
        position,
        reason,
        message,
        Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
        now,
      )
    }
    let deleted = 0
    for (const [platform, platformId] of b.deletes) {
      this.insertTombstone.run(platform, platformId, now)
      this.hasTombstones = true
      const row = this.findForDelete.get(platform, platformId) as
        { id: number; display_text: string } | undefined
      if (row) {
        this.deleteFts.run(row.id, row.display_text)
        this.deletePost.run(row.id)
        deleted++
      }
    }
    if (b.checkpoint) this.upsertCheckpoint.run(b.checkpoint[0], b.checkpoint[1], now)
    return {
      inserted,
      duplicates: b.rows.length - inserted,
      quarantined: b.quarantine.length,
      deleted,
      ids,
    }
  }
}

function countInto(acc: Map<string, number[]>, k: [number, string, string, string, string]): void {
  const [t, service, ward, intent, s] = k
  for (const [res, ms] of RESOLUTIONS) {
    const key = `${res}\u0000${Math.floor(t / ms) * ms}\u0000${service}\u0000${ward}\u0000${intent}`
    let v = acc.get(key)
    if (!v) acc.set(key, (v = [0, 0, 0, 0]))
    v[0]! += 1
    if (s === 'negative') v[1]! += 1
    else if (s === 'neutral') v[2]! += 1
    else if (s === 'positive') v[3]! += 1
  }
}
