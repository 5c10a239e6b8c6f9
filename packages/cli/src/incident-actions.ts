/**
 * A person's incident actions for the server, applied to the stored incident and to the detect
 * stage's live copy, so the detector never overwrites a person's decision.
 */
import { actOnIncident, mergeIncidentInto, type DetectStage } from '@civicpulse/engine'
import type { DetectionRepository } from '@civicpulse/adapters'

type Result = { ok: true } | { ok: false; reason: string }
const NOT_FOUND: Result = { ok: false, reason: 'There is no such incident.' }

/** The `IncidentActions` the server calls. */
export function incidentActions(repo: DetectionRepository, detect: DetectStage | undefined) {
  return {
    async act(c: {
      id: string
      action: 'acknowledge' | 'resolve' | 'reopen'
      by: string
      note?: string | undefined
      at: number
    }): Promise<Result> {
      const inc = await repo.getIncident(c.id)
      if (!inc) return NOT_FOUND
      const r = await actOnIncident(repo, inc, c)
      if (!r.ok) return r
      detect?.syncIncident(r.incident)
      return { ok: true }
    },
    async merge(c: { from: string; into: string; by: string; at: number }): Promise<Result> {
      if (c.from === c.into)
        return { ok: false, reason: 'An incident cannot be merged into itself.' }
      const [from, into] = [await repo.getIncident(c.from), await repo.getIncident(c.into)]
      if (!from || !into) return NOT_FOUND
      const m = await mergeIncidentInto(repo, from, into, c.at)
      detect?.syncIncident(m.target)
      detect?.syncIncident(m.source)
      return { ok: true }
    },
  }
}
