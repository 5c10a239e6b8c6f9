/**
 * The inbox's queue selection, shared by the queue API and the case export: a view (mine, my
 * team, unassigned, overdue, all), a team, statuses, words, and a creation period, over cases
 * with their SLA clocks, in queue order.
 */
import { CASE_STATUSES } from '@civicpulse/core'
import type { Principal } from '../auth/roles.js'
import { HttpError } from '../errors.js'
import { OPEN_CASE_STATUSES, type CaseWithSla, type RespondRuntime } from '../respond.js'

/** The filters of an inbox view. */
export interface QueueQuery {
  view: 'mine' | 'team' | 'unassigned' | 'overdue' | 'all'
  team?: string | undefined
  status?: string | undefined
  q?: string | undefined
  /** Cases opened at or after (epoch ms). */
  from?: number | undefined
  /** Cases opened before (epoch ms). */
  to?: number | undefined
}

/** The counts of the queue views (open cases). */
export interface QueueCounts {
  mine: number
  team: number
  unassigned: number
  overdue: number
}

/** Selects the cases of a view for a person; also returns the views' counts and their team. */
export async function selectQueue(
  rt: RespondRuntime,
  p: Principal,
  query: QueueQuery,
): Promise<{ rows: CaseWithSla[]; counts: QueueCounts; team: string | null }> {
  const { view, q } = query
  const statuses = query.status
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const s of statuses ?? [])
    if (!(CASE_STATUSES as readonly string[]).includes(s))
      throw new HttpError(400, 'STATUS_INVALID', `"${s}" is not a case status.`)
  if (query.from !== undefined && query.to !== undefined && query.from >= query.to)
    throw new HttpError(400, 'RANGE_INVALID', '"from" must be before "to".')
  const myTeam = await rt.settings.userTeam(p.userId)
  // One read (and one SLA computation per case) serves the counts and the view.
  const wide = Boolean(statuses?.length) || view === 'all'
  const base = await rt.listWithSla({
    ...(wide ? {} : { status: [...OPEN_CASE_STATUSES] }),
    limit: 10_000,
  })
  const isOpen = (st: string) => (OPEN_CASE_STATUSES as readonly string[]).includes(st)
  const open = wide ? base.filter((x) => isOpen(x.case.status)) : base
  const counts = {
    mine: open.filter((x) => x.case.assignee === p.email).length,
    team: myTeam ? open.filter((x) => x.case.team === myTeam).length : 0,
    unassigned: open.filter((x) => x.case.assignee === null).length,
    overdue: open.filter((x) => x.sla.overdue).length,
  }
  let rows = statuses?.length
    ? base.filter((x) => statuses.includes(x.case.status))
    : view === 'all'
      ? base
      : open
  const team = query.team ?? (view === 'team' ? myTeam : undefined)
  if (view === 'mine') rows = rows.filter((x) => x.case.assignee === p.email)
  if (view === 'team') rows = team ? rows.filter((x) => x.case.team === team) : []
  else if (team) rows = rows.filter((x) => x.case.team === team)
  if (view === 'unassigned') rows = rows.filter((x) => x.case.assignee === null)
  if (view === 'overdue') rows = rows.filter((x) => x.sla.overdue)
  if (query.from !== undefined)
    rows = rows.filter((x) => x.case.createdAt >= (query.from as number))
  if (query.to !== undefined) rows = rows.filter((x) => x.case.createdAt < (query.to as number))
  if (q?.trim()) {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean)
    rows = rows.filter((x) => {
      const hay = `${x.case.ref} ${x.case.title}`.toLowerCase()
      return words.every((w) => hay.includes(w))
    })
  }
  return { rows, counts, team: myTeam }
}
