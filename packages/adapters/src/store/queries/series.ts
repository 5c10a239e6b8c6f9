/**
 * Aggregate reads for charts, the overview and the ward map. They read the `series` summary table
 * only (maintained as posts are stored), never raw posts, so they stay fast at millions of posts.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../schema.js'

/** The series resolutions: five minutes, one hour, one day. */
export type SeriesRes = 'm5' | 'h1' | 'd1'

/** Bucket length in milliseconds per resolution. */
export const RES_MS: Record<SeriesRes, number> = { m5: 300_000, h1: 3_600_000, d1: 86_400_000 }

/** Filters on the series dimensions. */
export interface SeriesFilter {
  res: SeriesRes
  from: number
  to: number
  service?: string | undefined
  ward?: string | undefined
  intent?: string | undefined
}

/** Counts in one bucket (or one group). */
export interface Counts {
  n: number
  neg: number
  neu: number
  pos: number
}

/**
 * The smallest table holding the dimensions a query needs: `series_si` (no ward) or `series_wi`
 * (no service) are a tenth of `series`, which has every dimension.
 */
function tableFor(f: SeriesFilter, dim?: SeriesDimension): 'series' {
  const needsWard = f.ward !== undefined || dim === 'ward_code'
  const needsService = f.service !== undefined || dim === 'service_code'
  // The roll-ups have a subset of `series`' columns; the cast is safe because only present ones are used.
  if (!needsWard) return 'series_si' as 'series'
  if (!needsService) return 'series_wi' as 'series'
  return 'series'
}

function base(db: Kysely<Database>, f: SeriesFilter, dim?: SeriesDimension) {
  let q = db
    .selectFrom(tableFor(f, dim))
    .where('res', '=', f.res)
    .where('bucket', '>=', f.from)
    .where('bucket', '<', f.to)
  if (f.service !== undefined) q = q.where('service_code', '=', f.service)
  if (f.ward !== undefined) q = q.where('ward_code', '=', f.ward)
  if (f.intent !== undefined) q = q.where('intent', '=', f.intent)
  return q
}

/**
 * Splits [from, to) into the coarsest buckets that tile it: whole days from d1, whole hours at the
 * edges from h1, five-minute buckets at the outer edges from m5. Totals over a week then read about
 * a seventh of the rows the hourly buckets would need. Relies on the writer keeping all three
 * resolutions for the range.
 */
export function spanParts(
  from: number,
  to: number,
): Array<{ res: SeriesRes; from: number; to: number }> {
  const out: Array<{ res: SeriesRes; from: number; to: number }> = []
  const add = (res: SeriesRes, a: number, b: number) => {
    if (b > a) out.push({ res, from: a, to: b })
  }
  const hours = (a: number, b: number) => {
    const hs = Math.ceil(a / RES_MS.h1) * RES_MS.h1
    const he = Math.floor(b / RES_MS.h1) * RES_MS.h1
    if (he > hs) {
      add('m5', a, hs)
      add('h1', hs, he)
      add('m5', he, b)
    } else add('m5', a, b)
  }
  const ds = Math.ceil(from / RES_MS.d1) * RES_MS.d1
  const de = Math.floor(to / RES_MS.d1) * RES_MS.d1
  if (de > ds) {
    hours(from, ds)
    add('d1', ds, de)
    hours(de, to)
  } else hours(from, to)
  return out
}

/** Like `base`, but over the coarsest tiling of the range (for totals, not per-bucket series). */
function tiled(db: Kysely<Database>, f: SeriesFilter, dim?: SeriesDimension) {
  const parts = spanParts(f.from, f.to)
  let q = db
    .selectFrom(tableFor(f, dim))
    .where((eb) =>
      eb.or(
        parts.map((p) =>
          eb.and([eb('res', '=', p.res), eb('bucket', '>=', p.from), eb('bucket', '<', p.to)]),
        ),
      ),
    )
  if (parts.length === 0) q = q.where(sql<boolean>`0`)
  if (f.service !== undefined) q = q.where('service_code', '=', f.service)
  if (f.ward !== undefined) q = q.where('ward_code', '=', f.ward)
  if (f.intent !== undefined) q = q.where('intent', '=', f.intent)
  return q
}

const sums = [
  sql<number>`sum(n)`.as('n'),
  sql<number>`sum(neg)`.as('neg'),
  sql<number>`sum(neu)`.as('neu'),
  sql<number>`sum(pos)`.as('pos'),
] as const

function num(r: { n: unknown; neg: unknown; neu: unknown; pos: unknown }): Counts {
  return {
    n: Number(r.n ?? 0),
    neg: Number(r.neg ?? 0),
    neu: Number(r.neu ?? 0),
    pos: Number(r.pos ?? 0),
  }
}

/** Counts per bucket, oldest first (empty buckets are absent). */
export async function seriesByBucket(
  db: Kysely<Database>,
  f: SeriesFilter,
): Promise<Array<Counts & { bucket: number }>> {
  const rows = await base(db, f)
    .select(['bucket', ...sums])
    .groupBy('bucket')
    .orderBy('bucket', 'asc')
    .execute()
  return rows.map((r) => ({ bucket: Number(r.bucket), ...num(r) }))
}

/** A series dimension to group totals by. */
export type SeriesDimension = 'service_code' | 'ward_code' | 'intent'

/** Totals per value of one dimension, largest first. */
export async function seriesByDimension(
  db: Kysely<Database>,
  f: SeriesFilter,
  dim: SeriesDimension,
  limit = 1000,
): Promise<Array<Counts & { key: string }>> {
  const rows = await tiled(db, f, dim)
    .select([sql<string>`${sql.ref(dim)}`.as('key'), ...sums])
    .groupBy(dim)
    .orderBy(sql`sum(n)`, 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ key: String(r.key), ...num(r) }))
}

/** Counts per bucket for each value of one dimension (for stacked charts), oldest first. */
export async function seriesByBucketAndDimension(
  db: Kysely<Database>,
  f: SeriesFilter,
  dim: SeriesDimension,
): Promise<Array<Counts & { bucket: number; key: string }>> {
  const rows = await base(db, f, dim)
    .select(['bucket', sql<string>`${sql.ref(dim)}`.as('key'), ...sums])
    .groupBy(['bucket', dim])
    .orderBy('bucket', 'asc')
    .execute()
  return rows.map((r) => ({ bucket: Number(r.bucket), key: String(r.key), ...num(r) }))
}

/** Totals over the whole filtered range. */
export async function seriesTotals(db: Kysely<Database>, f: SeriesFilter): Promise<Counts> {
  const r = await tiled(db, f)
    .select([...sums])
    .executeTakeFirst()
  return r ? num(r) : { n: 0, neg: 0, neu: 0, pos: 0 }
}

/** The time span the series covers at one resolution (undefined when empty). */
export async function seriesSpan(
  db: Kysely<Database>,
  res: SeriesRes,
): Promise<{ first: number; last: number } | undefined> {
  // Two single-aggregate queries: SQLite answers each from the primary key in microseconds, while
  // min() and max() together in one query scan every row of the resolution.
  const edge = (fn: 'min' | 'max') =>
    db
      .selectFrom('series_si' as 'series')
      .where('res', '=', res)
      .select(sql<number | null>`${sql.raw(fn)}(bucket)`.as('v'))
      .executeTakeFirst()
  const [first, last] = await Promise.all([edge('min'), edge('max')])
  if (first?.v == null || last?.v == null) return undefined
  return { first: Number(first.v), last: Number(last.v) }
}

/**
 * Recomputes the roll-ups (`series_si`, `series_wi`) from `series`. The writer keeps them in step
 * as posts are stored; call this after loading `series` rows by other means (imports, test seeds).
 */
export async function rebuildSeriesRollups(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('series_si').execute()
    await tx.deleteFrom('series_wi').execute()
    await sql`INSERT INTO series_si (res, bucket, service_code, intent, n, neg, neu, pos)
      SELECT res, bucket, service_code, intent, sum(n), sum(neg), sum(neu), sum(pos) FROM series GROUP BY res, bucket, service_code, intent`.execute(
      tx,
    )
    await sql`INSERT INTO series_wi (res, bucket, ward_code, intent, n, neg, neu, pos)
      SELECT res, bucket, ward_code, intent, sum(n), sum(neg), sum(neu), sum(pos) FROM series GROUP BY res, bucket, ward_code, intent`.execute(
      tx,
    )
  })
}

/** A post's place in the series: its dimensions and sentiment ('' = none), as `seriesKeyOf` gives them. */
export interface SeriesKey {
  service: string
  ward: string
  intent: string
  sentiment: string
}

/**
 * Moves one post's count from one series key to another in `series` and both roll-ups, at every
 * resolution (used when a person corrects a label). Either key may be undefined: the post was not
 * counted (spam) before, or is not after.
 */
export async function moveSeriesCount(
  db: Kysely<Database>,
  createdAt: number,
  from: SeriesKey | undefined,
  to: SeriesKey | undefined,
): Promise<void> {
  const same = (a?: SeriesKey, b?: SeriesKey) =>
    a === b ||
    (!!a &&
      !!b &&
      a.service === b.service &&
      a.ward === b.ward &&
      a.intent === b.intent &&
      a.sentiment === b.sentiment)
  if (same(from, to)) return
  const apply = async (k: SeriesKey, d: 1 | -1) => {
    const c = {
      n: d,
      neg: k.sentiment === 'negative' ? d : 0,
      neu: k.sentiment === 'neutral' ? d : 0,
      pos: k.sentiment === 'positive' ? d : 0,
    }
    for (const [res, ms] of Object.entries(RES_MS) as [SeriesRes, number][]) {
      const bucket = Math.floor(createdAt / ms) * ms
      const upd = (t: string) =>
        sql`n = ${sql.raw(t)}.n + excluded.n, neg = ${sql.raw(t)}.neg + excluded.neg, neu = ${sql.raw(t)}.neu + excluded.neu, pos = ${sql.raw(t)}.pos + excluded.pos`
      await sql`INSERT INTO series (res, bucket, service_code, ward_code, intent, n, neg, neu, pos)
        VALUES (${res}, ${bucket}, ${k.service}, ${k.ward}, ${k.intent}, ${c.n}, ${c.neg}, ${c.neu}, ${c.pos})
        ON CONFLICT (res, bucket, service_code, ward_code, intent) DO UPDATE SET ${upd('series')}`.execute(
        db,
      )
      await sql`INSERT INTO series_si (res, bucket, service_code, intent, n, neg, neu, pos)
        VALUES (${res}, ${bucket}, ${k.service}, ${k.intent}, ${c.n}, ${c.neg}, ${c.neu}, ${c.pos})
        ON CONFLICT (res, bucket, service_code, intent) DO UPDATE SET ${upd('series_si')}`.execute(
        db,
      )
      await sql`INSERT INTO series_wi (res, bucket, ward_code, intent, n, neg, neu, pos)
        VALUES (${res}, ${bucket}, ${k.ward}, ${k.intent}, ${c.n}, ${c.neg}, ${c.neu}, ${c.pos})
        ON CONFLICT (res, bucket, ward_code, intent) DO UPDATE SET ${upd('series_wi')}`.execute(db)
    }
  }
  if (from) await apply(from, -1)
  if (to) await apply(to, 1)
}
