/**
 * SLA clocks: business hours and holidays per team in an IANA time zone, first-response and
 * resolution targets per priority, clocks that pause while the case awaits the citizen, and the
 * overdue/breach verdicts. Pure functions over epoch milliseconds; wall-clock conversion is in tz.ts.
 */
import type { Priority } from './types.js'
import { addDays, assertTimeZone, dateKey, localParts, localToUtc } from './tz.js'

/** One opening interval of a day, as local wall-clock `HH:MM` (end may be `24:00`). */
export interface BusinessInterval {
  start: string
  end: string
}

/** When a team works: opening intervals per weekday (0 = Sunday … 6 = Saturday), holidays, zone. */
export interface BusinessCalendar {
  /** IANA zone, e.g. `Europe/London`. */
  timeZone: string
  /** Opening intervals per weekday; a missing or empty weekday is closed. */
  week: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, BusinessInterval[]>>
  /** Closed local dates as `YYYY-MM-DD` (bank holidays, closure days). */
  holidays: readonly string[]
}

/** The SLA a team works to: its calendar and, per priority, targets in business minutes. */
export interface SlaPolicy {
  id: string
  calendar: BusinessCalendar
  /** Business minutes from creation to the first public response, per priority. */
  firstResponseMinutes: Record<Priority, number>
  /** Business minutes from creation to resolution, per priority. */
  resolutionMinutes: Record<Priority, number>
  /** Fraction of the target after which a running clock is flagged "at risk" (default 0.75). */
  warnAt?: number
}

/** A half-open span of time `[from, to)`; `to` undefined means "still going". */
export interface Span {
  from: number
  to?: number | undefined
}

/** A calendar that is open round the clock every day (for urgent out-of-hours policies). */
export function alwaysOpen(timeZone = 'UTC'): BusinessCalendar {
  const all = [{ start: '00:00', end: '24:00' }]
  return {
    timeZone,
    week: { 0: all, 1: all, 2: all, 3: all, 4: all, 5: all, 6: all },
    holidays: [],
  }
}

/** Monday-to-Friday office hours in a zone, with holidays. */
export function officeHours(
  timeZone: string,
  start = '09:00',
  end = '17:00',
  holidays: readonly string[] = [],
): BusinessCalendar {
  const day = [{ start, end }]
  return { timeZone, week: { 1: day, 2: day, 3: day, 4: day, 5: day }, holidays }
}

function hm(s: string): [number, number] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s)
  if (!m) throw new RangeError(`Not a HH:MM time: ${s}`)
  const h = Number(m[1])
  const min = Number(m[2])
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) throw new RangeError(`Not a HH:MM time: ${s}`)
  return [h, min]
}

/** Checks a calendar (zone, intervals, holidays) and throws a RangeError naming the first problem. */
export function validateCalendar(cal: BusinessCalendar): void {
  assertTimeZone(cal.timeZone)
  for (const [wd, intervals] of Object.entries(cal.week)) {
    for (const iv of intervals ?? []) {
      const [sh, sm] = hm(iv.start)
      const [eh, em] = hm(iv.end)
      if (sh * 60 + sm >= eh * 60 + em)
        throw new RangeError(`Weekday ${wd}: interval ${iv.start}–${iv.end} is empty`)
    }
  }
  for (const h of cal.holidays)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) throw new RangeError(`Holiday is not YYYY-MM-DD: ${h}`)
}

interface ParsedCalendar {
  holidays: Set<string>
  /** Per weekday, intervals as [start h, start min, end h, end min]. */
  week: [number, number, number, number][][]
}

const parsed = new WeakMap<BusinessCalendar, ParsedCalendar>()

function parse(cal: BusinessCalendar): ParsedCalendar {
  let p = parsed.get(cal)
  if (!p) {
    const week: [number, number, number, number][][] = []
    for (let wd = 0; wd < 7; wd++) {
      week.push(
        (cal.week[wd as 0] ?? []).map(
          (iv) => [...hm(iv.start), ...hm(iv.end)] as [number, number, number, number],
        ),
      )
    }
    p = { holidays: new Set(cal.holidays), week }
    parsed.set(cal, p)
  }
  return p
}

/** The business intervals (as instants) of the local days from the day before `from`, in order. */
function* openIntervals(
  cal: BusinessCalendar,
  from: number,
  maxDays: number,
): Generator<[number, number]> {
  const pc = parse(cal)
  const p = localParts(from, cal.timeZone)
  // Start a day early: around DST changes the previous local date's intervals can still end after `from`.
  for (let i = -1; i <= maxDays; i++) {
    const d = addDays(p.year, p.month, p.day, i)
    const intervals = pc.week[d.weekday] ?? []
    if (!intervals.length || pc.holidays.has(dateKey(d.year, d.month, d.day))) continue
    for (const [sh, sm, eh, em] of intervals) {
      const s = localToUtc(d.year, d.month, d.day, sh, sm, cal.timeZone)
      const e = localToUtc(d.year, d.month, d.day, eh, em, cal.timeZone)
      if (e > s) yield [s, e]
    }
  }
}

/** Business milliseconds inside `[from, to)` under the calendar (0 when `to <= from`). */
export function businessMsBetween(cal: BusinessCalendar, from: number, to: number): number {
  if (to <= from) return 0
  const days = Math.ceil((to - from) / 86_400_000) + 2
  let total = 0
  for (const [s, e] of openIntervals(cal, from, days)) {
    if (s >= to) break
    const a = Math.max(s, from)
    const b = Math.min(e, to)
    if (b > a) total += b - a
  }
  return total
}

/**
 * The instant at which `ms` business milliseconds have passed after `from`; undefined when the
 * calendar never opens within `horizonDays` (a calendar with no hours).
 */
export function addBusinessMs(
  cal: BusinessCalendar,
  from: number,
  ms: number,
  horizonDays = 800,
): number | undefined {
  let left = ms
  for (const [s, e] of openIntervals(cal, from, horizonDays)) {
    if (e <= from) continue
    const a = Math.max(s, from)
    if (left <= e - a) return a + left
    left -= e - a
  }
  return undefined
}

/** Business time elapsed on a clock from `start` to `end`, less the business time inside pauses. */
export function clockElapsedMs(
  cal: BusinessCalendar,
  start: number,
  end: number,
  pauses: readonly Span[],
): number {
  let ms = businessMsBetween(cal, start, end)
  for (const p of pauses) {
    const a = Math.max(p.from, start)
    const b = Math.min(p.to ?? end, end)
    if (b > a) ms -= businessMsBetween(cal, a, b)
  }
  return Math.max(0, ms)
}

/** Where one SLA clock stands. */
export type ClockPhase = 'running' | 'at_risk' | 'paused' | 'overdue' | 'met' | 'breached'

/** One SLA clock's state at an instant. */
export interface ClockState {
  phase: ClockPhase
  targetMs: number
  elapsedMs: number
  /** Negative once overdue. */
  remainingMs: number
  /** When the clock runs out if it keeps running from now; undefined while paused or stopped. */
  dueAt?: number | undefined
  /** True when the target was or is being missed (overdue or breached). */
  breached: boolean
}

/** Computes one clock: started at `start`, stopped at `stop` (if any), paused during `pauses`. */
export function clockState(
  cal: BusinessCalendar,
  targetMinutes: number,
  start: number,
  stop: number | undefined,
  pauses: readonly Span[],
  now: number,
  warnAt = 0.75,
): ClockState {
  const targetMs = targetMinutes * 60_000
  const end = stop ?? now
  const elapsedMs = clockElapsedMs(cal, start, end, pauses)
  const remainingMs = targetMs - elapsedMs
  if (stop !== undefined) {
    const breached = elapsedMs > targetMs
    return { phase: breached ? 'breached' : 'met', targetMs, elapsedMs, remainingMs, breached }
  }
  const paused = pauses.some((p) => p.from <= now && (p.to === undefined || p.to > now))
  if (remainingMs <= 0)
    return {
      phase: paused ? 'paused' : 'overdue',
      targetMs,
      elapsedMs,
      remainingMs,
      breached: true,
    }
  if (paused) return { phase: 'paused', targetMs, elapsedMs, remainingMs, breached: false }
  const dueAt = addBusinessMs(cal, now, remainingMs)
  const phase = elapsedMs >= warnAt * targetMs ? 'at_risk' : 'running'
  return { phase, targetMs, elapsedMs, remainingMs, dueAt, breached: false }
}

/** The facts about a case that its SLA clocks need. */
export interface SlaSubject {
  priority: Priority
  createdAt: number
  firstResponseAt?: number | undefined
  resolvedAt?: number | undefined
  /** Spans spent awaiting the citizen. */
  pauses: readonly Span[]
}

/** Both SLA clocks of a case. */
export interface SlaState {
  policyId: string
  firstResponse: ClockState
  resolution: ClockState
  /** Either clock overdue right now (the "overdue" queue). */
  overdue: boolean
}

/** Computes a case's first-response and resolution clocks under a policy at `now`. */
export function slaState(subject: SlaSubject, policy: SlaPolicy, now: number): SlaState {
  const warn = policy.warnAt ?? 0.75
  const fr = clockState(
    policy.calendar,
    policy.firstResponseMinutes[subject.priority],
    subject.createdAt,
    subject.firstResponseAt,
    subject.pauses,
    now,
    warn,
  )
  const res = clockState(
    policy.calendar,
    policy.resolutionMinutes[subject.priority],
    subject.createdAt,
    subject.resolvedAt,
    subject.pauses,
    now,
    warn,
  )
  return {
    policyId: policy.id,
    firstResponse: fr,
    resolution: res,
    overdue: fr.phase === 'overdue' || res.phase === 'overdue',
  }
}
