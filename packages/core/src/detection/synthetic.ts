/**
 * A seeded generator of synthetic city streams for testing the detectors: background complaint
 * counts per service × ward × 5-minute bucket (Poisson, with a day/night rhythm and a quieter
 * weekend), with planted failures that add extra complaints to one series for a while.
 * Deterministic for a given seed (no Math.random).
 */

/** A small, fast seeded PRNG (mulberry32) returning numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A Poisson draw (Knuth for small means, a rounded normal approximation for large ones). */
export function poissonSample(rand: () => number, lambda: number): number {
  if (lambda <= 0) return 0
  if (lambda > 50) {
    const u = Math.max(1e-12, rand())
    const v = rand()
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z))
  }
  const l = Math.exp(-lambda)
  let k = 0
  let p = 1
  do {
    k++
    p *= rand()
  } while (p > l)
  return k - 1
}

/** A failure planted in one series. */
export interface PlantedFailure {
  readonly series: number
  readonly service: string
  readonly area: string
  /** First bucket of the failure (index). */
  readonly startBucket: number
  /** Buckets it lasts. */
  readonly buckets: number
  /** Extra complaints per bucket while it lasts (Poisson mean). */
  readonly extraPerBucket: number
}

/** Options of the generator. */
export interface CityStreamOptions {
  readonly seed: number
  readonly wards: number
  readonly services: number
  readonly days: number
  /** Days at the start with no failures (for the baselines to learn). */
  readonly warmupDays: number
  readonly bucketMs: number
  /** Start of the stream (ms since the epoch; a Monday 00:00 UTC keeps weeks aligned). */
  readonly start: number
  /** Planted failures per day over the whole city (after warm-up). */
  readonly failuresPerDay: number
  readonly failureBuckets: number
  readonly extraPerBucket: number
  /** Range of mean background complaints per bucket of a series at its busiest. */
  readonly baseRange: readonly [number, number]
}

/** Defaults: 19 wards × 20 services, 5-minute buckets, 4 warm-up days then 3 days with 4 failures a day. */
export const DEFAULT_CITY_STREAM: CityStreamOptions = {
  seed: 7,
  wards: 19,
  services: 20,
  days: 7,
  warmupDays: 4,
  bucketMs: 5 * 60_000,
  start: Date.UTC(2026, 0, 5),
  failuresPerDay: 4,
  failureBuckets: 24,
  extraPerBucket: 3,
  baseRange: [0.01, 0.4],
}

/** A generated stream: one count array per series, plus the planted failures. */
export interface CityStream {
  readonly options: CityStreamOptions
  readonly series: readonly {
    readonly service: string
    readonly area: string
    readonly base: number
  }[]
  readonly buckets: number
  /** counts[series][bucket]. */
  readonly counts: readonly Uint16Array[]
  readonly failures: readonly PlantedFailure[]
  /** Bucket start time. */
  timeOf(bucket: number): number
}

/** Day/night rhythm: quiet at night, busiest late morning to early evening, quieter at weekends. */
export function rhythm(time: number): number {
  const hour = (time / 3_600_000) % 24
  const day = Math.floor(time / 86_400_000)
  const weekend = (day + 3) % 7 >= 5 ? 0.7 : 1
  const daylight = Math.max(0, Math.sin((Math.PI * (hour - 6)) / 16))
  return weekend * (0.15 + 0.85 * daylight)
}

/** Generates a synthetic city stream. */
export function generateCityStream(partial: Partial<CityStreamOptions> = {}): CityStream {
  const o = { ...DEFAULT_CITY_STREAM, ...partial }
  const rand = mulberry32(o.seed)
  const perDay = Math.round(86_400_000 / o.bucketMs)
  const buckets = o.days * perDay
  const series: { service: string; area: string; base: number }[] = []
  for (let s = 0; s < o.services; s++) {
    for (let w = 0; w < o.wards; w++) {
      const [lo, hi] = o.baseRange
      const base = Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo)))
      series.push({ service: `service-${s + 1}`, area: `ward-${w + 1}`, base })
    }
  }
  const failures: PlantedFailure[] = []
  const nFail = Math.round(o.failuresPerDay * (o.days - o.warmupDays))
  const first = o.warmupDays * perDay
  const span = buckets - first - o.failureBuckets
  for (let i = 0; i < nFail; i++) {
    // spread evenly with jitter so failures do not overlap in time
    const slot = Math.floor(span / nFail)
    const startBucket = first + i * slot + Math.floor(rand() * Math.max(1, slot - o.failureBuckets))
    const idx = Math.floor(rand() * series.length)
    const s = series[idx]!
    failures.push({
      series: idx,
      service: s.service,
      area: s.area,
      startBucket,
      buckets: o.failureBuckets,
      extraPerBucket: o.extraPerBucket,
    })
  }
  const counts = series.map((s, si) => {
    const arr = new Uint16Array(buckets)
    for (let b = 0; b < buckets; b++) {
      const t = o.start + b * o.bucketMs
      let lambda = s.base * rhythm(t)
      for (const f of failures)
        if (f.series === si && b >= f.startBucket && b < f.startBucket + f.buckets)
          lambda += f.extraPerBucket
      arr[b] = poissonSample(rand, lambda)
    }
    return arr
  })
  return {
    options: o,
    series,
    buckets,
    counts,
    failures,
    timeOf: (b: number) => o.start + b * o.bucketMs,
  }
}
