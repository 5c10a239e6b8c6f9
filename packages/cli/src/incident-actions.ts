/**
 * A person's incident lifecycle actions (acknowledge, resolve, reopen, merge), applied to the stored
 * incident and to the detect stage's live copy, so the detector never overwrites a person's decision.
 */
import { mergeIncidents, transitionIncident, type Incident } from '@civicpulse/core'
import type { DetectStage } from '@civicpulse/engine'
import type { DetectionRepository, SqliteStore } from '@civicpulse/adapters'

type Result = { ok: true } | { ok: false; reason: string }

async function load(store: SqliteStore, id: string): Promise<Incident | undefined> {
  const r = await store.db
    .selectFrom('incidents')
    .select('detail')
    .where('public_id', '=', id)
    .executeTakeFirst()
  return r ? (JSON.parse(r.detail) as Incident) : undefined
}

/** The `IncidentActions` the server calls. */
export function incidentActions(
  store: SqliteStore,
  repo: DetectionRepository,
  detect: DetectStage | undefined,
) {
  return {
    async act(c: {
      id: string
      action: 'acknowledge' | 'resolve' | 'reopen'
      by: string
      note?: string | undefined
      at: number
    }): Promise<Result> {
      const inc = await load(store, c.id)
      if (!inc) return { ok: false, reason: 'There is no such incident.' }
      const r = transitionIncident(inc, c.action, c.at, c.by)
      if (!r.ok) return r
      const updated = c.note
        ? {
            ...r.incident,
            timeline: [
              ...r.incident.timeline,
              {
                time: c.at,
                kind: r.incident.timeline[r.incident.timeline.length - 1]!.kind,
                text: `Note: ${c.note}`,
              },
            ],
          }
        : r.incident
      await repo.saveIncident(updated, 'updated')
      detect?.syncIncident(updated)
      return { ok: true }
    },
    async merge(c: { from: string; into: string; by: string; at: number }): Promise<Result> {
      if (c.from === c.into)
        return { ok: false, reason: 'An incident cannot be merged into itself.' }
      const [from, into] = [await load(store, c.from), await load(store, c.into)]
      if (!from || !into) return { ok: false, reason: 'There is no such incident.' }
      const m = mergeIncidents(into, from, c.at)
      await repo.saveIncident(m.target, 'updated')
      await repo.saveIncident(m.source, 'updated')
      const ids = await store.db
        .selectFrom('incidents')
        .select(['id', 'public_id'])
        .where('public_id', 'in', [c.from, c.into])
        .execute()
      const intoRow = ids.find((x) => x.public_id === c.into)
      if (intoRow)
        await store.db
          .updateTable('incidents')
          .set({ merged_into: intoRow.id })
          .where('public_id', '=', c.from)
          .execute()
      detect?.syncIncident(m.target)
      detect?.syncIncident(m.source)
      return { ok: true }
    },
  }
}
