/**
 * Persistence for the detect stage: detector state, incidents with their evidence posts and
 * timeline. Written once against Kysely (no dialect-specific SQL).
 */
import type { Kysely } from 'kysely'
import type { Incident } from '@civicpulse/core'
import type { Database } from '../schema.js'

/** An incident as `civicpulse incidents --json` lists it. */
export interface IncidentListItem {
  id: string
  title: string
  service: string
  areas: string[]
  startedAt: string
  status: string
  severity: string
  /** How many distinct posts are evidence for it. */
  posts: number
}

export class DetectionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async loadDetectorState(key: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('detector_state')
      .select('state')
      .where('key', '=', key)
      .executeTakeFirst()
    return r?.state
  }

  async saveDetectorState(key: string, json: string): Promise<void> {
    await this.db
      .insertInto('detector_state')
      .values({ key, state: json, updated_at: this.now() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ state: json, updated_at: this.now() }))
      .execute()
  }

  async loadLiveIncidents(): Promise<Incident[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .select('detail')
      .where('status', 'in', ['open', 'acknowledged'])
      .execute()
    return rows.map((r) => JSON.parse(r.detail) as Incident)
  }

  /** Inserts or updates an incident, its evidence links and its timeline, in one transaction. */
  async saveIncident(inc: Incident, _change: 'opened' | 'updated'): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = {
        title: inc.title,
        service_code: inc.service,
        areas: JSON.stringify(inc.areas),
        started_at: inc.startedAt,
        updated_at: inc.updatedAt,
        status: inc.status,
        severity: inc.severity,
        observed: inc.observed,
        expected: inc.expected,
        summary: inc.timeline[inc.timeline.length - 1]?.text ?? '',
        merged_into: null,
        detail: JSON.stringify(inc),
      }
      const existing = await tx
        .selectFrom('incidents')
        .select('id')
        .where('public_id', '=', inc.id)
        .executeTakeFirst()
      let id: number
      if (existing) {
        id = existing.id
        await tx.updateTable('incidents').set(row).where('id', '=', id).execute()
      } else {
        const r = await tx
          .insertInto('incidents')
          .values({ ...row, public_id: inc.id })
          .returning('id')
          .executeTakeFirstOrThrow()
        id = r.id
      }
      const reps = new Set(inc.posts)
      const members = inc.memberPosts.map(Number).filter((n) => Number.isInteger(n) && n > 0)
      for (let i = 0; i < members.length; i += 200) {
        const chunk = members.slice(i, i + 200)
        await tx
          .insertInto('incident_posts')
          .values(
            chunk.map((post_id) => ({
              incident_id: id,
              post_id,
              representative: reps.has(String(post_id)) ? 1 : 0,
            })),
          )
          .onConflict((oc) =>
            oc
              .columns(['incident_id', 'post_id'])
              .doUpdateSet((eb) => ({ representative: eb.ref('excluded.representative') })),
          )
          .execute()
      }
      // The timeline only grows: append the entries not stored yet.
      const stored = await tx
        .selectFrom('incident_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('incident_id', '=', id)
        .executeTakeFirst()
      const fresh = inc.timeline.slice(Number(stored?.n ?? 0))
      if (fresh.length) {
        await tx
          .insertInto('incident_events')
          .values(fresh.map((e) => ({ incident_id: id, at: e.time, kind: e.kind, detail: e.text })))
          .execute()
      }
    })
  }

  /** One incident as the detect stage stores it, by public id. */
  async getIncident(id: string): Promise<Incident | undefined> {
    const r = await this.db
      .selectFrom('incidents')
      .select('detail')
      .where('public_id', '=', id)
      .executeTakeFirst()
    return r ? (JSON.parse(r.detail) as Incident) : undefined
  }

  /** Records that incident `fromId` was merged into `intoId` (public ids). */
  async setMergedInto(fromId: string, intoId: string): Promise<void> {
    const into = await this.db
      .selectFrom('incidents')
      .select('id')
      .where('public_id', '=', intoId)
      .executeTakeFirst()
    if (into)
      await this.db
        .updateTable('incidents')
        .set({ merged_into: into.id })
        .where('public_id', '=', fromId)
        .execute()
  }

  /** Lists incidents, newest first. */
  async listIncidents(opts: { status?: string; limit?: number } = {}): Promise<IncidentListItem[]> {
    let q = this.db
      .selectFrom('incidents')
      .select([
        'public_id',
        'title',
        'service_code',
        'areas',
        'started_at',
        'status',
        'severity',
        'detail',
      ])
      .orderBy('started_at', 'desc')
      .limit(opts.limit ?? 100)
    if (opts.status) q = q.where('status', '=', opts.status)
    const rows = await q.execute()
    return rows.map((r) => {
      const inc = JSON.parse(r.detail) as Incident
      return {
        id: r.public_id,
        title: r.title,
        service: r.service_code ?? '',
        areas: JSON.parse(r.areas) as string[],
        startedAt: new Date(Number(r.started_at)).toISOString(),
        status: r.status,
        severity: r.severity,
        posts: inc.distinctPosts,
      }
    })
  }
}
