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

function base(db: Kysely<Database>, f: SeriesFilter) {
  let q = db.selectFrom('series').where('res', '=', f.res).where('bucket', '>=', f.from).where('bucket', '<', f.to)
  if (f.service !== undefined) q = q.where('service_code', '=', f.service)
  if (f.ward !== undefined) q = q.where('ward_code', '=', f.ward)
  if (f.intent !== undefined) q = q.where('intent', '=', f.intent)
  return q
}

const sums = [sql<number>`sum(n)`.as('n'), sql<number>`sum(neg)`.as('neg'), sql<number>`sum(neu)`.as('neu'), sql<number>`sum(pos)`.as('pos')] as const

function num(r: { n: unknown; neg: unknown; neu: unknown; pos: unknown }): Counts {
  return { n: Number(r.n ?? 0), neg: Number(r.neg ?? 0), neu: Number(r.neu ?? 0), pos: Number(r.pos ?? 0) }
}

/** Counts per bucket, oldest first (empty buckets are absent). */
export async function seriesByBucket(db: Kysely<Database>, f: SeriesFilter): Promise<Array<Counts & { bucket: number }>> {
  const rows = await base(db, f).select(['bucket', ...sums]).groupBy('bucket').orderBy('bucket', 'asc').execute()
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
  const rows = await base(db, f)
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
  const rows = await base(db, f)
    .select(['bucket', sql<string>`${sql.ref(dim)}`.as('key'), ...sums])
    .groupBy(['bucket', dim])
    .orderBy('bucket', 'asc')
    .execute()
  return rows.map((r) => ({ bucket: Number(r.bucket), key: String(r.key), ...num(r) }))
}

/** Totals over the whole filtered range. */
export async function seriesTotals(db: Kysely<Database>, f: SeriesFilter): Promise<Counts> {
  const r = await base(db, f).select([...sums]).executeTakeFirst()
  return r ? num(r) : { n: 0, neg: 0, neu: 0, pos: 0 }
}

/** The time span the series covers at one resolution (undefined when empty). */
export async function seriesSpan(db: Kysely<Database>, res: SeriesRes): Promise<{ first: number; last: number } | undefined> {
  const r = await db
    .selectFrom('series')
    .where('res', '=', res)
    .select([sql<number | null>`min(bucket)`.as('first'), sql<number | null>`max(bucket)`.as('last')])
    .executeTakeFirst()
  if (!r || r.first == null || r.last == null) return undefined
  return { first: Number(r.first), last: Number(r.last) }
}
