/**
 * Runs the product's alerting path over a synthetic city stream and measures it: the volume
 * detector per series, Benjamini–Hochberg across all series at each tick, the new-high discipline,
 * and incident matching. Used by the planted-failure test and the figures in docs/detection.md.
 */
import { benjaminiHochberg } from './fdr.js'
import { applySignal, extendIncident, type Incident } from './incident.js'
import type { CityStream } from './synthetic.js'
import {
  createVolumeState,
  DEFAULT_VOLUME_CONFIG,
  updateVolume,
  type VolumeConfig,
} from './volume.js'

/** An incident opened during a run, with the bucket in which it opened. */
export interface OpenedIncident {
  readonly incident: Incident
  readonly bucket: number
}

/** Measured outcome of a run. */
export interface CityRunReport {
  readonly opened: readonly OpenedIncident[]
  /** Detection delay in minutes per planted failure (Infinity when missed), counting the bucket's own length. */
  readonly delaysMinutes: readonly number[]
  /** Incidents opened after warm-up that match no planted failure. */
  readonly falseIncidents: readonly OpenedIncident[]
  /** Incidents opened per planted failure (should all be 1). */
  readonly incidentsPerFailure: readonly number[]
  /** Days after warm-up. */
  readonly scoredDays: number
}

/** Runs detection over the stream with FDR level `q` and scores it against the planted failures. */
export function runCityDetection(
  stream: CityStream,
  q = 0.002,
  cfg: VolumeConfig = DEFAULT_VOLUME_CONFIG,
  gapMs = 2 * 3_600_000,
): CityRunReport {
  const states = stream.series.map(() => createVolumeState(cfg))
  let incidents: Incident[] = []
  const opened: OpenedIncident[] = []
  let n = 0
  for (let b = 0; b < stream.buckets; b++) {
    const t = stream.timeOf(b)
    const signals = stream.series.map((s, i) => {
      const v = updateVolume(states[i]!, t, stream.counts[i]![b]!, cfg)
      return { key: i, p: v.ready ? v.p : 1, newHigh: v.newHigh, v, s }
    })
    const reject = benjaminiHochberg(
      signals.map((x) => x.p),
      q,
    )
    for (const [i, a] of signals.entries()) {
      if (!reject[i]) continue
      const sig = {
        service: a.s.service,
        area: a.s.area,
        time: t,
        observed: a.v.observed,
        expected: a.v.expected,
        p: a.v.p,
        surprise: a.v.surprise,
        score: a.v.score,
      }
      const ctx = { newId: () => `inc-${++n}`, gapMs }
      // A new high may open an incident; a series that stays significant only keeps its incident alive.
      const ch = a.newHigh
        ? applySignal(incidents, sig, [], ctx)
        : extendIncident(incidents, sig, [], ctx)
      if (!ch) continue
      if (ch.action === 'opened') {
        incidents = [...incidents, ch.incident]
        opened.push({ incident: ch.incident, bucket: b })
      } else if (ch.action === 'updated')
        incidents = incidents.map((i) => (i.id === ch.incident.id ? ch.incident : i))
    }
  }
  const { bucketMs, warmupDays, days } = stream.options
  const perDay = Math.round(86_400_000 / bucketMs)
  const matched = new Set<OpenedIncident>()
  const during = (f: CityStream['failures'][number]) =>
    opened.filter(
      (o) =>
        o.incident.service === f.service &&
        o.incident.areas.includes(f.area) &&
        o.bucket >= f.startBucket &&
        o.bucket < f.startBucket + f.buckets,
    )
  const delaysMinutes = stream.failures.map((f) => {
    const hits = during(f)
    hits.forEach((h) => matched.add(h))
    const first = hits[0]
    return first ? ((first.bucket - f.startBucket + 1) * bucketMs) / 60_000 : Infinity
  })
  return {
    opened,
    delaysMinutes,
    falseIncidents: opened.filter((o) => !matched.has(o) && o.bucket >= warmupDays * perDay),
    incidentsPerFailure: stream.failures.map((f) => during(f).length),
    scoredDays: days - warmupDays,
  }
}
