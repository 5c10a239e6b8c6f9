/**
 * A person's incident lifecycle actions (acknowledge, resolve, reopen, merge) over the stored
 * incident. Used by the HTTP API and, with the detect stage's live copy kept in step, by the
 * composition root.
 */
import {
  mergeIncidents,
  transitionIncident,
  type Incident,
  type IncidentAction,
} from '@civicpulse/core'

/** Where incidents are saved. */
export interface IncidentRecords {
  saveIncident(incident: Incident, change: 'opened' | 'updated'): Promise<void>
  /** Records that `fromId` was merged into `intoId` (public ids). */
  setMergedInto(fromId: string, intoId: string): Promise<void>
}

/** Adds a person's note to the newest timeline line. */
export function withNote(inc: Incident, note: string | undefined): Incident {
  const last = inc.timeline[inc.timeline.length - 1]
  if (!note || !last) return inc
  return {
    ...inc,
    timeline: [...inc.timeline.slice(0, -1), { ...last, text: `${last.text} Note: ${note}` }],
  }
}

/** Applies an action and saves the result; refused (with a reason) when the state does not allow it. */
export async function actOnIncident(
  records: IncidentRecords,
  inc: Incident,
  c: { action: IncidentAction; by: string; note?: string | undefined; at: number },
): Promise<{ ok: true; incident: Incident } | { ok: false; reason: string }> {
  const r = transitionIncident(inc, c.action, c.at, c.by)
  if (!r.ok) return r
  const incident = withNote(r.incident, c.note)
  await records.saveIncident(incident, 'updated')
  return { ok: true, incident }
}

/** Merges `from` into `into` and saves both; returns the two updated incidents. */
export async function mergeIncidentInto(
  records: IncidentRecords,
  from: Incident,
  into: Incident,
  at: number,
): Promise<{ target: Incident; source: Incident }> {
  const m = mergeIncidents(into, from, at)
  await records.saveIncident(m.target, 'updated')
  await records.saveIncident(m.source, 'updated')
  await records.setMergedInto(from.id, into.id)
  return m
}
