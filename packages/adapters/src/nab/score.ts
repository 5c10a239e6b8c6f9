/**
 * NAB (Numenta Anomaly Benchmark) scoring, written from the published method (Lavin & Ahmad 2015)
 * and checked against `shared/tools/nabscore.py`: labelled windows reward the earliest detection
 * along a scaled sigmoid, detections outside windows cost the profile's false-positive weight, a
 * missed window costs the false-negative weight, the first 15% of each file (at most 750 rows) is
 * probation, one threshold is chosen for all files together, and the raw score is normalised so
 * that a detector that never fires scores 0 and a perfect one 100.
 */

/** Weights of one NAB application profile. */
export interface NabProfile {
  readonly tp: number
  readonly fp: number
  readonly fn: number
}

/** NAB's three application profiles, by the names NAB uses. */
export const NAB_PROFILES = {
  standard: { tp: 1.0, fp: 0.11, fn: 1.0 },
  reward_low_FP_rate: { tp: 1.0, fp: 0.22, fn: 1.0 },
  reward_low_FN_rate: { tp: 1.0, fp: 0.11, fn: 2.0 },
} as const satisfies Record<string, NabProfile>

/** The name of one of NAB's profiles. */
export type NabProfileName = keyof typeof NAB_PROFILES

/** One scored file: its timestamps, the detector's anomaly scores and its labelled windows. */
export interface NabFile {
  readonly name: string
  readonly timestamps: readonly string[]
  readonly scores: readonly number[]
  readonly windows: readonly (readonly [string, string])[]
}

/** The result of scoring a corpus of files. */
export interface NabResult {
  /** Normalised score: 0 for the null detector, 100 for a perfect one. */
  readonly score: number
  /** Raw weighted score at the best threshold. */
  readonly raw: number
  /** The threshold chosen (a point is a detection when its score is at or above it). */
  readonly threshold: number
  /** The number of labelled windows in the corpus. */
  readonly windows: number
  /** Per file at the chosen threshold: windows detected, false positives and raw score. */
  readonly files: readonly {
    name: string
    detected: number
    windows: number
    falsePositives: number
    raw: number
  }[]
}

/** NAB's scaled sigmoid: +1 well before a window's end, falling to -1 after it. */
export function scaledSigmoid(x: number): number {
  if (x > 3.0) return -1.0
  return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0
}

/** Drops fractional seconds so `2015-03-03 04:37:53.000000` matches `2015-03-03 04:37:53`. */
export function normTimestamp(t: string): string {
  return t.trim().split('.')[0] ?? ''
}

interface Row {
  /** Window index, null outside any window, or -1 during probation. */
  readonly window: number | null
  readonly weighted: number
}

const PROBATION = -1

/** Weights every row of one file (window membership and the score a detection there would earn). */
function sweep(
  timestamps: readonly string[],
  windows: NabFile['windows'],
  w: NabProfile,
): { rows: Row[]; n: number } {
  const n = timestamps.length
  const index = new Map<string, number>()
  timestamps.forEach((t, i) => index.set(normTimestamp(t), i))
  const probation = Math.min(Math.floor(0.15 * n), 0.15 * 5000)
  const spans: [number, number][] = []
  for (const [a, b] of windows) {
    const ia = index.get(normTimestamp(a))
    const ib = index.get(normTimestamp(b))
    if (ia === undefined || ib === undefined)
      throw new Error(`window ${a}..${b} is not aligned with the data timestamps`)
    spans.push([ia, ib])
  }
  spans.sort((x, y) => x[0] - y[0] || x[1] - y[1])
  const maxTp = scaledSigmoid(-1.0)
  const rows: Row[] = []
  let prevRight: number | null = null
  let prevWidth = 0
  let k = 0
  for (let i = 0; i < n; i++) {
    const span = spans[k]
    const cur = span && span[0] <= i && i <= span[1] ? k : null
    let s: number
    if (cur !== null && span) {
      const width = span[1] - span[0] + 1
      const pos = -(span[1] - i + 1) / width
      s = (scaledSigmoid(pos) * w.tp) / maxTp
    } else if (prevRight === null) {
      s = -1.0 * w.fp
    } else {
      s = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1)) * w.fp
    }
    rows.push({ window: i >= probation ? cur : PROBATION, weighted: s })
    if (cur !== null && span && i === span[1]) {
      prevRight = i
      prevWidth = span[1] - span[0] + 1
      k++
    }
  }
  return { rows, n: spans.length }
}

/** Scores a corpus with one NAB profile, choosing the single best threshold as NAB does. */
export function nabScore(
  files: readonly NabFile[],
  profile: NabProfile | NabProfileName = 'standard',
): NabResult {
  const w = typeof profile === 'string' ? NAB_PROFILES[profile] : profile
  interface Point {
    a: number
    file: number
    window: number | null
    s: number
  }
  const points: Point[] = []
  let nWindows = 0
  const sorted = [...files].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
  const perFileWindows: number[] = []
  sorted.forEach((f, fi) => {
    if (f.scores.length !== f.timestamps.length)
      throw new Error(`${f.name}: scores and timestamps differ in length`)
    const { rows, n } = sweep(f.timestamps, f.windows, w)
    nWindows += n
    perFileWindows.push(n)
    rows.forEach((r, i) => {
      if (r.window === PROBATION) return
      points.push({ a: f.scores[i] ?? 0, file: fi, window: r.window, s: r.weighted })
    })
  })
  points.sort((p, q) => q.a - p.a)
  const windowBest = new Map<string, number>()
  let windowSum = 0
  let fpSum = 0
  const nullScore = -w.fn * nWindows
  let best = { raw: nullScore, threshold: 1.1 }
  let i = 0
  while (i < points.length) {
    const t = points[i]!.a
    while (i < points.length && points[i]!.a === t) {
      const p = points[i]!
      if (p.window === null) fpSum += p.s
      else {
        const key = `${p.file}:${p.window}`
        const old = windowBest.get(key)
        const next = Math.max(old ?? -w.fn, p.s)
        windowSum += next - (old ?? 0)
        windowBest.set(key, next)
      }
      i++
    }
    const raw = fpSum + windowSum - w.fn * (nWindows - windowBest.size)
    if (raw > best.raw) best = { raw, threshold: t }
  }
  const perfect = w.tp * nWindows
  const score = (100.0 * (best.raw - nullScore)) / (perfect - nullScore)
  // Per-file detail at the chosen threshold.
  const detail = sorted.map((f, fi) => ({
    name: f.name,
    detected: 0,
    windows: perFileWindows[fi] ?? 0,
    falsePositives: 0,
    raw: 0,
  }))
  const seen = new Map<string, number>()
  for (const p of points) {
    if (p.a < best.threshold) continue
    const d = detail[p.file]!
    if (p.window === null) {
      d.falsePositives++
      d.raw += p.s
    } else {
      const key = `${p.file}:${p.window}`
      seen.set(key, Math.max(seen.get(key) ?? -Infinity, p.s))
    }
  }
  for (const [key, s] of seen) {
    const d = detail[Number(key.split(':')[0])]!
    d.detected++
    d.raw += s
  }
  for (const d of detail) d.raw -= w.fn * (d.windows - d.detected)
  return { score, raw: best.raw, threshold: best.threshold, windows: nWindows, files: detail }
}
