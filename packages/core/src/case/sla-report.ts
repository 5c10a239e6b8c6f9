/**
 * SLA report figures over cases whose clocks are already worked out: compliance (share of stopped
 * clocks that met their target), median elapsed business time, and open cases in breach — per team
 * and overall. Pure: the caller passes each case with its SLA state at one `now`.
 */
import type { SlaState } from './sla.js'
import type { Case } from './types.js'

/** Case statuses still being worked. */
export const OPEN_CASE_STATUSES = ['new', 'triaged', 'in_progress', 'awaiting_citizen'] as const

/** Whether a case status is one still being worked. */
export function isOpenCaseStatus(status: string): boolean {
  return (OPEN_CASE_STATUSES as readonly string[]).includes(status)
}

/** SLA figures over a set of cases (one team, or all). */
export interface SlaFigures {
  cases: number
  firstResponse: { compliancePct: number | null; medianMs: number | null }
  resolution: { compliancePct: number | null; medianMs: number | null }
  openBreaches: number
}

/** A case with its clocks. */
export interface CaseWithSla {
  case: Case
  sla: SlaState
}

/** The median of numbers (mean of the two middle ones for an even count); null when empty. */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** A share in percent with one decimal; null when there is nothing to share. */
function pct(a: number, b: number): number | null {
  return b ? Math.round((1000 * a) / b) / 10 : null
}

/** SLA figures over cases, each with its clocks. */
export function slaFigures(items: readonly CaseWithSla[]): SlaFigures {
  let frN = 0
  let frMet = 0
  let resN = 0
  let resMet = 0
  let open = 0
  const frMs: number[] = []
  const resMs: number[] = []
  for (const { case: c, sla: s } of items) {
    if (c.firstResponseAt !== null) {
      frN++
      if (!s.firstResponse.breached) frMet++
      frMs.push(s.firstResponse.elapsedMs)
    }
    if (c.resolvedAt !== null) {
      resN++
      if (!s.resolution.breached) resMet++
      resMs.push(s.resolution.elapsedMs)
    }
    if (isOpenCaseStatus(c.status) && (s.firstResponse.breached || s.resolution.breached)) open++
  }
  return {
    cases: items.length,
    firstResponse: { compliancePct: pct(frMet, frN), medianMs: median(frMs) },
    resolution: { compliancePct: pct(resMet, resN), medianMs: median(resMs) },
    openBreaches: open,
  }
}

/** SLA figures per team (sorted by team code; `''` for cases without a team) and overall. */
export function slaFiguresByTeam(items: readonly CaseWithSla[]): {
  teams: (SlaFigures & { team: string })[]
  overall: SlaFigures
} {
  const byTeam = new Map<string, CaseWithSla[]>()
  for (const it of items) {
    const k = it.case.team ?? ''
    const list = byTeam.get(k) ?? []
    list.push(it)
    byTeam.set(k, list)
  }
  return {
    teams: [...byTeam.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([team, cs]) => ({ team, ...slaFigures(cs) })),
    overall: slaFigures(items),
  }
}
