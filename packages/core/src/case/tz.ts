/**
 * Wall-clock arithmetic in an IANA time zone, over epoch milliseconds, using only
 * `Intl.DateTimeFormat` (Node 20 has full ICU; Temporal is not available). SLA business hours are
 * local wall-clock times, so every conversion between "09:00 on 2026-03-29 in Europe/London" and an
 * instant goes through here, DST changes included.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

/** A civil (wall-clock) date and time in some zone; `weekday` is 0 = Sunday … 6 = Saturday. */
export interface LocalParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  weekday: number
}

/** Throws a plain error when the zone is not a valid IANA zone name. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatter(timeZone)
  } catch {
    throw new RangeError(`Unknown time zone: ${timeZone}`)
  }
}

/** The wall-clock reading of an instant in a zone. */
export function localParts(utcMs: number, timeZone: string): LocalParts {
  const out: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) out[p.type] = p.value
  return {
    year: Number(out['year']),
    month: Number(out['month']),
    day: Number(out['day']),
    hour: Number(out['hour']),
    minute: Number(out['minute']),
    second: Number(out['second']),
    weekday: WEEKDAYS[out['weekday'] ?? ''] ?? 0,
  }
}

/** The zone's offset from UTC at an instant, in milliseconds (Europe/London: 0 in winter, +3 600 000 in summer). */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const p = localParts(utcMs, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(utcMs / 1000) * 1000
}

/**
 * The instant at which the zone's clocks read the given wall-clock time. Hours may be 24 (the end
 * of the day). A time skipped by a spring-forward change maps to the instant just after the gap; a
 * time repeated by a fall-back change maps to its first occurrence.
 */
export function localToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const key = `${timeZone}|${Date.UTC(year, month - 1, day, hour, minute)}`
  const hit = utcCache.get(key)
  if (hit !== undefined) return hit
  const t = computeLocalToUtc(year, month, day, hour, minute, timeZone)
  if (utcCache.size >= 100_000) utcCache.clear()
  utcCache.set(key, t)
  return t
}

/** Memo of wall-clock → instant conversions: SLA clocks convert the same opening hours over and over. */
const utcCache = new Map<string, number>()

function computeLocalToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute)
  // Two candidate offsets: the one in force a day before and a day after; pick the one that round-trips.
  const before = zoneOffsetMs(wall - 86_400_000, timeZone)
  const after = zoneOffsetMs(wall + 86_400_000, timeZone)
  const candidates = before === after ? [before] : [before, after]
  for (const off of candidates) {
    const t = wall - off
    if (zoneOffsetMs(t, timeZone) === off) return t
  }
  // In a spring-forward gap no candidate round-trips: the wall time does not exist. Use the
  // earlier offset, which lands just after the gap (e.g. 01:30 → 02:30 BST in Europe/London).
  return wall - before
}

/** A civil date as `YYYY-MM-DD`. */
export function dateKey(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The civil date `n` days after the given one (calendar arithmetic, no zone involved). */
export function addDays(
  year: number,
  month: number,
  day: number,
  n: number,
): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(Date.UTC(year, month - 1, day + n))
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  }
}

/** Formats an instant as ISO 8601 with the zone's offset, e.g. `2026-07-01T10:00:00+01:00`. */
export function isoWithOffset(utcMs: number, timeZone: string): string {
  const p = localParts(utcMs, timeZone)
  const off = zoneOffsetMs(utcMs, timeZone) / 60_000
  const sign = off < 0 ? '-' : '+'
  const abs = Math.abs(off)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${dateKey(p.year, p.month, p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${hh}:${mm}`
}
