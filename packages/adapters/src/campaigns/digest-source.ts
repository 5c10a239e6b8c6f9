/**
 * Reads the figures of the periodic digest from the store: posts by service (relevant posts only)
 * and ward in the period and the one before (spam and copies left out), incidents started or resolved in it with their first response,
 * and the themes of the campaigns running in it.
 */
import { sql, type Kysely } from 'kysely'
import {
  RELEVANT_THRESHOLD,
  SPAM_THRESHOLD,
  type DigestIncident,
  type DigestInput,
  type PeriodCount,
} from '@civicpulse/core'
import type { Database } from '../store/schema.js'

async function countBy(
  db: Kysely<Database>,
  column: 'service_code' | 'ward_code',
  fromMs: number,
  toMs: number,
): Promise<Map<string, number>> {
  let q = db
    .selectFrom('posts')
    .select([column, (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', fromMs)
    .where('created_at', '<', toMs)
    .where((eb) => eb.or([eb('spam_p', 'is', null), eb('spam_p', '<', SPAM_THRESHOLD)]))
    .where('dup_of', 'is', null)
    .where(column, 'is not', null)
    .where(column, '!=', '')
  // a service counts only when the post concerns a public service (as the series do)
  if (column === 'service_code') q = q.where('relevant_p', '>=', RELEVANT_THRESHOLD)
  const rows = await q.groupBy(column).execute()
  return new Map(rows.map((r) => [String((r as Record<string, unknown>)[column]), Number(r.n)]))
}

async function total(db: Kysely<Database>, fromMs: number, toMs: number): Promise<number> {
  const r = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', fromMs)
    .where('created_at', '<', toMs)
    .where((eb) => eb.or([eb('spam_p', 'is', null), eb('spam_p', '<', SPAM_THRESHOLD)]))
    .where('dup_of', 'is', null)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

function merge(
  now: Map<string, number>,
  before: Map<string, number>,
  labels?: ReadonlyMap<string, string>,
): PeriodCount[] {
  const keys = new Set([...now.keys(), ...before.keys()])
  return [...keys].map((key) => ({
    key,
    label: labels?.get(key),
    count: now.get(key) ?? 0,
    previous: before.get(key) ?? 0,
  }))
}

/** Loads the digest's input for [fromMs, toMs); the previous period has the same length. */
export async function loadDigestInput(
  db: Kysely<Database>,
  fromMs: number,
  toMs: number,
  labels: { services?: ReadonlyMap<string, string>; wards?: ReadonlyMap<string, string> } = {},
): Promise<DigestInput> {
  const prevFrom = fromMs - (toMs - fromMs)
  const [svcNow, svcBefore, wardNow, wardBefore, totalNow, totalBefore] = await Promise.all([
    countBy(db, 'service_code', fromMs, toMs),
    countBy(db, 'service_code', prevFrom, fromMs),
    countBy(db, 'ward_code', fromMs, toMs),
    countBy(db, 'ward_code', prevFrom, fromMs),
    total(db, fromMs, toMs),
    total(db, prevFrom, fromMs),
  ])
  const incRows = await db
    .selectFrom('incidents as i')
    .select([
      'i.id',
      'i.title',
      'i.service_code',
      'i.severity',
      'i.status',
      'i.started_at',
      sql<
        number | null
      >`(select min(e.at) from incident_events e where e.incident_id = i.id and e.kind in ('acknowledged','resolved'))`.as(
        'first_response',
      ),
      sql<
        number | null
      >`(select max(e.at) from incident_events e where e.incident_id = i.id and e.kind = 'resolved')`.as(
        'resolved_at',
      ),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('i.started_at', '>=', fromMs), eb('i.started_at', '<', toMs)]),
        eb.exists(
          eb
            .selectFrom('incident_events as e')
            .select('e.id')
            .whereRef('e.incident_id', '=', 'i.id')
            .where('e.kind', '=', 'resolved')
            .where('e.at', '>=', fromMs)
            .where('e.at', '<', toMs),
        ),
      ]),
    )
    .where('i.status', '!=', 'merged')
    .orderBy('i.started_at', 'asc')
    .execute()
  const incidents: DigestIncident[] = incRows.map((r) => ({
    title: r.title,
    service: r.service_code,
    severity: r.severity,
    status: r.status,
    startedAtMs: Number(r.started_at),
    ...(r.first_response !== null ? { firstResponseAtMs: Number(r.first_response) } : {}),
    ...(r.resolved_at !== null ? { resolvedAtMs: Number(r.resolved_at) } : {}),
  }))
  const themeRows = await db
    .selectFrom('campaign_themes as t')
    .innerJoin('campaigns as c', 'c.id', 't.campaign_id')
    .select(['c.name', 't.label', 't.size'])
    .where('c.starts_at', '<', toMs)
    .where((eb) => eb.or([eb('c.ends_at', 'is', null), eb('c.ends_at', '>', fromMs)]))
    .execute()
  return {
    fromMs,
    toMs,
    totalPosts: totalNow,
    previousTotalPosts: totalBefore,
    byService: merge(svcNow, svcBefore, labels.services),
    byWard: merge(wardNow, wardBefore, labels.wards),
    incidents,
    themes: themeRows.map((t) => ({ campaign: t.name, label: t.label, size: Number(t.size) })),
  }
}
