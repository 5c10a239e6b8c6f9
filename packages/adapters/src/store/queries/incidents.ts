/**
 * Incident reads and the state changes people make from the dashboard: acknowledge, resolve and
 * merge, each recorded on the incident's timeline.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Database, IncidentsTable } from '../schema.js'

/** An incident row as read. */
export type IncidentRow = Selectable<IncidentsTable>

/** Lists incidents, most recently updated first, optionally by status. */
export async function listIncidents(
  db: Kysely<Database>,
  f: {
    status?: string[] | undefined
    limit: number
    before?: { updatedAt: number; id: number } | undefined
  },
): Promise<{ rows: IncidentRow[]; next: { updatedAt: number; id: number } | undefined }> {
  let q = db.selectFrom('incidents').selectAll()
  if (f.status?.length) q = q.where('status', 'in', f.status)
  const b = f.before
  if (b)
    q = q.where((eb) =>
      eb.or([
        eb('updated_at', '<', b.updatedAt),
        eb.and([eb('updated_at', '=', b.updatedAt), eb('id', '<', b.id)]),
      ]),
    )
  const rows = await q
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute()
  const more = rows.length > f.limit
  if (more) rows.pop()
  const last = rows[rows.length - 1]
  return {
    rows,
    next: more && last ? { updatedAt: Number(last.updated_at), id: last.id } : undefined,
  }
}

/** Counts incidents per status. */
export async function countIncidentsByStatus(
  db: Kysely<Database>,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('incidents')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

/** Finds an incident by its public id. */
export async function getIncidentByPublicId(
  db: Kysely<Database>,
  publicId: string,
): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('public_id', '=', publicId).executeTakeFirst()
}

/** Finds an incident by row id. */
export async function getIncidentById(
  db: Kysely<Database>,
  id: number,
): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The incident's timeline, oldest first. */
export async function incidentEvents(db: Kysely<Database>, incidentId: number) {
  return db
    .selectFrom('incident_events')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('at', 'asc')
    .orderBy('id', 'asc')
    .execute()
}

/** The incident's posts, representative ones first, newest first within each. */
export async function incidentPosts(db: Kysely<Database>, incidentId: number, limit: number) {
  return db
    .selectFrom('incident_posts as ip')
    .innerJoin('posts as p', 'p.id', 'ip.post_id')
    .select([
      'p.id',
      'p.platform',
      'p.created_at',
      'p.display_text',
      'p.intent',
      'p.service_code',
      'p.sentiment',
      'p.ward_code',
      'p.abuse_p',
      'p.lang',
      'ip.representative',
    ])
    .where('ip.incident_id', '=', incidentId)
    .orderBy('ip.representative', 'desc')
    .orderBy('p.created_at', 'desc')
    .limit(limit)
    .execute()
}

/** How many posts an incident has. */
export async function incidentPostCount(db: Kysely<Database>, incidentId: number): Promise<number> {
  const r = await db
    .selectFrom('incident_posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Sets an incident's status and records the change on its timeline (one transaction). */
export async function setIncidentStatus(
  db: Kysely<Database>,
  c: {
    id: number
    status: 'acknowledged' | 'resolved' | 'open'
    actor: string
    note?: string | undefined
    at: number
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('incidents')
      .set({ status: c.status, updated_at: c.at })
      .where('id', '=', c.id)
      .execute()
    await trx
      .insertInto('incident_events')
      .values({
        incident_id: c.id,
        at: c.at,
        kind: c.status,
        detail: JSON.stringify({ actor: c.actor, ...(c.note ? { note: c.note } : {}) }),
      })
      .execute()
  })
}

/**
 * Merges incident `from` into `into`: moves its posts (keeping representative flags), marks it
 * merged, and records the merge on both timelines.
 */
export async function mergeIncidents(
  db: Kysely<Database>,
  c: { from: number; into: number; actor: string; at: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const from = await trx
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', c.from)
      .executeTakeFirstOrThrow()
    const into = await trx
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', c.into)
      .executeTakeFirstOrThrow()
    const posts = await trx
      .selectFrom('incident_posts')
      .selectAll()
      .where('incident_id', '=', c.from)
      .execute()
    for (const p of posts) {
      await trx
        .insertInto('incident_posts')
        .values({ incident_id: c.into, post_id: p.post_id, representative: p.representative })
        .onConflict((oc) => oc.columns(['incident_id', 'post_id']).doNothing())
        .execute()
    }
    const areas = [
      ...new Set([
        ...(JSON.parse(into.areas) as string[]),
        ...(JSON.parse(from.areas) as string[]),
      ]),
    ]
    await trx
      .updateTable('incidents')
      .set({
        areas: JSON.stringify(areas),
        observed: into.observed + from.observed,
        expected: into.expected + from.expected,
        started_at: Math.min(into.started_at, from.started_at),
        updated_at: c.at,
      })
      .where('id', '=', c.into)
      .execute()
    await trx
      .updateTable('incidents')
      .set({ status: 'merged', merged_into: c.into, updated_at: c.at })
      .where('id', '=', c.from)
      .execute()
    await trx
      .insertInto('incident_events')
      .values([
        {
          incident_id: c.from,
          at: c.at,
          kind: 'merged',
          detail: JSON.stringify({ actor: c.actor, into: into.public_id }),
        },
        {
          incident_id: c.into,
          at: c.at,
          kind: 'merged_in',
          detail: JSON.stringify({ actor: c.actor, from: from.public_id }),
        },
      ])
      .execute()
  })
}
