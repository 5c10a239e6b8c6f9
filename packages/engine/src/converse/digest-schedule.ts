/**
 * The scheduled digest: works out the periods (weekly by default, ending on a configured day and
 * time in a configured time zone), sends the latest finished period once — at its end, or on start
 * when it was missed while the product was down — and remembers what was sent through a port, so
 * a restart never sends a period twice. Sending itself (render, PDF, SMTP) is a port too.
 */

/** When digests are due. */
export interface DigestSchedule {
  /** weekly (default) or daily. */
  readonly every: 'weekly' | 'daily'
  /** Weekly: the day a period ends (0 = Sunday … 6 = Saturday; default 1, Monday). */
  readonly day: number
  /** Local time a period ends, `HH:MM` (default 08:00). */
  readonly time: string
  /** IANA time zone of `day` and `time` (default Europe/London). */
  readonly timeZone: string
}

/** One digest period, [fromMs, toMs). */
export interface DigestPeriod {
  readonly key: string
  readonly fromMs: number
  readonly toMs: number
}

/** What the scheduler remembers. */
export interface DigestSendStore {
  wasSent(periodKey: string): Promise<boolean>
  markSent(r: {
    periodKey: string
    fromMs: number
    toMs: number
    sentAtMs: number
    recipients: number
    messageId: string | undefined
  }): Promise<void>
}

/** Renders and sends one period's digest; resolves once the mail server accepted it. */
export type DigestDeliver = (
  period: DigestPeriod,
) => Promise<{ recipients: number; messageId?: string | undefined }>

const DAY = 86_400_000

function wallParts(t: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(t))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return {
    y: get('year'),
    m: get('month'),
    d: get('day'),
    h: get('hour') % 24,
    mi: get('minute'),
    s: get('second'),
  }
}

/** The UTC instant of a local wall time in a time zone. */
export function zonedTime(
  y: number,
  m: number,
  d: number,
  h: number,
  mi: number,
  timeZone: string,
): number {
  const wall = Date.UTC(y, m - 1, d, h, mi)
  let t = wall
  for (let i = 0; i < 3; i++) {
    const p = wallParts(t, timeZone)
    const offset = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - t
    t = wall - offset
  }
  return t
}

/** Parses `HH:MM`. */
function hhmm(s: string): [number, number] {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(s.trim())
  if (!m) throw new Error(`The digest time "${s}" is not HH:MM (24-hour clock).`)
  return [Number(m[1]), Number(m[2])]
}

/** The latest period boundary at or before `t`. */
export function latestBoundary(t: number, s: DigestSchedule): number {
  const [h, mi] = hhmm(s.time)
  const today = wallParts(t, s.timeZone)
  const base = Date.UTC(today.y, today.m - 1, today.d)
  for (let k = 0; k <= 8; k++) {
    const day = new Date(base - k * DAY)
    if (s.every === 'weekly' && day.getUTCDay() !== s.day) continue
    const at = zonedTime(
      day.getUTCFullYear(),
      day.getUTCMonth() + 1,
      day.getUTCDate(),
      h,
      mi,
      s.timeZone,
    )
    if (at <= t) return at
  }
  throw new Error('No digest boundary found in the last eight days.')
}

/** The latest period that has ended at `now`. */
export function latestPeriod(now: number, s: DigestSchedule): DigestPeriod {
  const toMs = latestBoundary(now, s)
  const fromMs = latestBoundary(toMs - 1, s)
  return {
    key: `${s.every}:${new Date(fromMs).toISOString()}/${new Date(toMs).toISOString()}`,
    fromMs,
    toMs,
  }
}

/** The next boundary after `now` (when the current period ends). */
export function nextBoundary(now: number, s: DigestSchedule): number {
  // The boundary after now is the latest one at or before now + one period (+ a DST hour).
  const span = s.every === 'weekly' ? 7 * DAY : DAY
  let b = latestBoundary(now + span + 2 * 3_600_000, s)
  while (b > now) {
    const prev = latestBoundary(b - 1, s)
    if (prev <= now) return b
    b = prev
  }
  return latestBoundary(now + span, s)
}

/** Sends each finished period's digest once. */
export class DigestScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<DigestPeriod | undefined> | undefined
  private stopped = false

  constructor(
    private readonly o: {
      schedule: DigestSchedule
      store: DigestSendStore
      deliver: DigestDeliver
      now: () => number
      /** Called when a send fails (it is retried at the next check). */
      onError?: (e: unknown) => void
      /** Longest wait between checks (default one hour), so a changed clock is noticed. */
      maxWaitMs?: number
      /** Wait before retrying a failed send (default 5 minutes). */
      retryMs?: number
    },
  ) {}

  /** Sends the latest finished period when it was not sent yet; returns it when sent now. */
  runDue(): Promise<DigestPeriod | undefined> {
    this.running ??= this.sendLatest().finally(() => (this.running = undefined))
    return this.running
  }

  private async sendLatest(): Promise<DigestPeriod | undefined> {
    const period = latestPeriod(this.o.now(), this.o.schedule)
    if (await this.o.store.wasSent(period.key)) return undefined
    const r = await this.o.deliver(period)
    await this.o.store.markSent({
      periodKey: period.key,
      fromMs: period.fromMs,
      toMs: period.toMs,
      sentAtMs: this.o.now(),
      recipients: r.recipients,
      messageId: r.messageId,
    })
    return period
  }

  /** Checks now (a missed period is sent once), then at each period's end. */
  start(): void {
    this.stopped = false
    void this.tick()
  }

  private async tick(): Promise<void> {
    let wait: number
    try {
      await this.runDue()
      const now = this.o.now()
      wait = Math.min(
        nextBoundary(now, this.o.schedule) - now + 1000,
        this.o.maxWaitMs ?? 3_600_000,
      )
    } catch (e: unknown) {
      this.o.onError?.(e)
      wait = this.o.retryMs ?? 300_000
    }
    if (this.stopped) return
    this.timer = setTimeout(() => void this.tick(), Math.max(1000, wait))
    this.timer.unref?.()
  }

  /** Stops checking (a send in progress finishes). */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running?.catch(() => undefined)
  }
}
