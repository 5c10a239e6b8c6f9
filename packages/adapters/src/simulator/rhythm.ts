/**
 * Daily and weekly rhythm of posting, in the jurisdiction's local time: quiet nights, a morning
 * rise, an evening peak for chatter; civic complaints peak in the morning and early evening.
 */

/** Relative chatter volume by local hour (0–23); mean ≈ 1. */
export const CHATTER_BY_HOUR = [
  0.62, 0.4, 0.25, 0.16, 0.12, 0.15, 0.3, 0.62, 0.92, 1.0, 1.04, 1.1, 1.2, 1.15, 1.08, 1.06, 1.1,
  1.18, 1.3, 1.42, 1.5, 1.46, 1.25, 0.92,
]

/** Relative civic volume by local hour: people report problems when they meet them. */
export const CIVIC_BY_HOUR = [
  0.3, 0.16, 0.1, 0.07, 0.07, 0.12, 0.45, 1.1, 1.55, 1.6, 1.5, 1.4, 1.35, 1.3, 1.25, 1.2, 1.25,
  1.35, 1.4, 1.3, 1.15, 0.95, 0.7, 0.45,
]

/** Relative volume by local weekday (0 = Sunday). */
export const BY_WEEKDAY = [0.9, 1.03, 1.04, 1.03, 1.02, 0.98, 0.9]

const norm = (a: number[]): number[] => {
  const m = a.reduce((s, x) => s + x, 0) / a.length
  return a.map((x) => x / m)
}
const CHATTER = norm(CHATTER_BY_HOUR)
const CIVIC = norm(CIVIC_BY_HOUR)
const WEEK = norm(BY_WEEKDAY)

/** Local hour and weekday of instants, cached per UTC hour. */
export class LocalClock {
  private readonly fmt: Intl.DateTimeFormat
  private readonly cache = new Map<number, { hour: number; weekday: number }>()

  constructor(readonly timeZone: string) {
    this.fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    })
  }

  /** Local hour (0–23) and weekday (0 = Sunday) at epoch ms `t`. */
  at(t: number): { hour: number; weekday: number } {
    const key = Math.floor(t / 3_600_000)
    let v = this.cache.get(key)
    if (!v) {
      const parts = this.fmt.formatToParts(new Date(key * 3_600_000))
      const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0)
      const wd = parts.find((p) => p.type === 'weekday')?.value ?? 'Sun'
      v = { hour, weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(wd) }
      this.cache.set(key, v)
    }
    return v
  }

  /** Chatter activity factor at `t` (mean 1 over a week). */
  chatter(t: number): number {
    const { hour, weekday } = this.at(t)
    return (CHATTER[hour] as number) * (WEEK[weekday] as number)
  }

  /** Civic activity factor at `t` (mean 1 over a week). */
  civic(t: number): number {
    const { hour, weekday } = this.at(t)
    return (CIVIC[hour] as number) * (WEEK[weekday] as number)
  }
}
