/**
 * Alert latency in embedded mode: the wall-clock time from the moment the post that tips a spike
 * is handed to ingest to the moment its alert reaches the in-app channel. Runs the real embedded
 * pipeline (SQLite store with its writer thread, the sieve's labeller, the detect stage, the alert
 * outbox and the in-app channel): two and a quarter days of background history as fast as
 * possible (so baselines exist), then a live stream of the simulated city with planted spikes,
 * paced in real time by a fast clock (`speed` simulated seconds per wall second) and committed
 * every simulated minute, as a live source is.
 *
 * With a fast clock, waiting for a bucket to close is compressed; so each alert's latency is
 * reported both as measured (wall) and as its real-time equivalent: the wall time from the batch
 * that triggered the alert to the alert, plus the simulated time between the tipping post and that
 * batch (zero when the open bucket is judged as posts arrive, up to 5 minutes when it is not).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Incident } from '@civicpulse/core'
import { loadJurisdiction, type Scenario } from '@civicpulse/adapters'
import { openPipeline } from './compose.js'
import { backgroundOf, loadScenario, runScenario } from './scenario-run.js'

export interface AlertLatencyOptions {
  /** Planted spikes in the live stream. Default 6. */
  spikes?: number
  /** Simulated seconds per wall second in the live stream. Default 60. */
  speed?: number
  seed?: number
  /** Judge the open bucket as posts arrive (the product) or only closed buckets (the baseline). */
  early?: boolean
  /** Background history before the live stream, in hours (the detector warms up for 48). Default 54. */
  historyHours?: number
}

/** One alert that reached the in-app channel. */
export interface MeasuredAlert {
  incident: string
  title: string
  severity: string
  /** Service and start of the incident, with the severity: the same alert in another run. */
  match: string
  /** Event time at which the evidence was enough (the tipping post, or the bucket's end). */
  knownAt: number
  /** Wall ms from handing the batch that made it known to the alert in the in-app channel. */
  wallMs: number
  /** Known only when its bucket closed (the next bucket's first post), not at the tipping post. */
  atClose: boolean
}

export interface AlertLatencyRun {
  early: boolean
  speed: number
  spikes: number
  /** Posts in the live stream. */
  livePosts: number
  alerts: MeasuredAlert[]
}

const BUCKET_MS = 5 * 60_000
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)))

/** The live scenario: the city's usual stream with `n` short, strong failures 20 minutes apart. */
export function spikeScenario(n: number, start: number): Scenario {
  const sc = loadScenario('lewisham-week')
  const bins = sc.failures.find((f) => f.kind === 'missed-bins')!
  const main = sc.failures.find((f) => f.kind === 'water-main-burst')!
  const wards = loadJurisdiction().wards.map((w) => w.name)
  const failures = Array.from({ length: n }, (_, i) => {
    const onset = `${10 + i * 20}m`
    const end = `${30 + i * 20}m`
    if (i === 0) return { ...main, id: `spike-${i}`, onset, end, peakPerHour: 90, rampMinutes: 5 }
    const ward = wards[(i * 5) % wards.length]!
    return {
      ...bins,
      id: `spike-${i}`,
      title: `Missed bins in ${ward}`,
      wards: [ward],
      onset,
      end,
      peakPerHour: 150,
      rampMinutes: 5,
      decayMinutes: 10,
    }
  })
  return {
    ...sc,
    failures,
    campaigns: [],
    start: new Date(start).toISOString(),
    duration: `${30 + n * 20}m`,
    backfill: 0,
  }
}

/** Runs the embedded pipeline over history then a paced live stream and measures every alert. */
export async function measureAlertLatency(o: AlertLatencyOptions = {}): Promise<AlertLatencyRun> {
  const spikes = o.spikes ?? 6
  const speed = o.speed ?? 60
  const seed = o.seed ?? 7
  const early = o.early ?? true
  const tmp = mkdtempSync(join(tmpdir(), 'cp-latency-'))
  // The severity each incident reached and when (event time), as the detector reported it.
  const reached = new Map<string, { at: number; match: string }>()
  const pipeline = await openPipeline({
    dbPath: join(tmp, 'latency.db'),
    label: true,
    detect: true,
    earlyDetection: early,
    onIncident: (inc: Incident) => {
      reached.set(`${inc.id}:${inc.severity}`, {
        at: inc.severityAt ?? inc.detectedAt ?? inc.startedAt,
        match: `${inc.service}|${inc.startedAt}|${inc.severity}`,
      })
    },
  })
  try {
    const week = loadScenario('lewisham-week')
    const start = Date.parse(week.start)
    await runScenario({
      pipeline,
      scenario: backgroundOf(week, start, (o.historyHours ?? 54) * 3_600_000),
      seed: seed + 1000,
      source: 'history',
    })
    const alerts: { wall: number; id: string; title: string; severity: string }[] = []
    const off = pipeline.live.subscribe((e) => {
      if (e.type !== 'alert') return
      const inc = (e.data as { incident: { id: string; title: string; severity: string } }).incident
      alerts.push({ wall: performance.now(), id: inc.id, title: inc.title, severity: inc.severity })
    })
    const handed: { from: number; to: number; wall: number }[] = []
    const wall0 = performance.now() + 200
    let livePosts = 0
    await runScenario({
      pipeline,
      scenario: spikeScenario(spikes, start),
      seed,
      source: 'live',
      live: true,
      onBatch: async (b) => {
        await sleep(wall0 + ((b.from - start) / 1000 / speed) * 1000 - performance.now())
        handed.push({ from: b.from, to: b.to, wall: performance.now() })
        livePosts += b.events.length
      },
    })
    off()
    const batchOf = (t: number) => handed.find((h) => h.from <= t && t < h.to)
    return {
      early,
      speed,
      spikes,
      livePosts,
      alerts: alerts.flatMap((a) => {
        const r = reached.get(`${a.id}:${a.severity}`)
        const h = r && batchOf(r.at)
        if (!r || !h) return []
        return [
          {
            incident: a.id,
            title: a.title,
            severity: a.severity,
            match: r.match,
            knownAt: r.at,
            atClose: r.at % BUCKET_MS === 0,
            wallMs: a.wall - h.wall,
          },
        ]
      }),
    }
  } finally {
    await pipeline.close()
    rmSync(tmp, { recursive: true, force: true })
  }
}

/** The p-th percentile (nearest rank) of `xs`; NaN when empty. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!
}

/**
 * Latency figures of a run, with the real-time equivalent of each alert (see the module comment).
 * `tippingOf` gives the tipping post's event time; by default the time the alert was known, or for
 * one known only at a bucket's close the bucket's start (so its wait is an upper bound).
 */
export function summarise(
  run: AlertLatencyRun,
  tippingOf: (a: MeasuredAlert) => number = (a) => (a.atClose ? a.knownAt - BUCKET_MS : a.knownAt),
) {
  const real = run.alerts.map((a) => a.wallMs + Math.max(0, a.knownAt - tippingOf(a)))
  const wall = run.alerts.map((a) => a.wallMs)
  return {
    alerts: run.alerts.length,
    knownAtClose: run.alerts.filter((a) => a.atClose).length,
    wallP50: percentile(wall, 50),
    wallP99: percentile(wall, 99),
    realP50: percentile(real, 50),
    realP99: percentile(real, 99),
    realMax: real.length ? Math.max(...real) : NaN,
  }
}
