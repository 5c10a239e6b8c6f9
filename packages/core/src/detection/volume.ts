/**
 * Streaming volume-surprise detector: one update per time bucket of a count series, with a state
 * that is plain JSON (so a restart keeps its baselines). The expected count comes from a robust
 * recent level (a Huber-clipped EWMA in log space) plus a seasonal profile (hour of day, refined by
 * hour of week once enough weeks are seen). The surprise of an observed count is its upper-tail
 * probability under a negative binomial whose dispersion is learned from the residuals, which is
 * Poisson for low counts and lets noisy series be noisy. A spike cannot poison its own baseline:
 * residuals are clipped and surprising buckets update the baseline with a small weight. The
 * anomaly score (0..1) follows the "alert only on a new high" discipline: once a series has
 * alerted, it scores again only when its surprise beats the (slowly decaying) previous peak.
 */
import { negBinomialSurprise } from './stats.js'

/** Tunables of the volume detector; one configuration serves every series. */
export interface VolumeConfig {
  /** Bucket length in milliseconds (5 minutes in the product and on NAB). */
  readonly bucketMs: number
  /** Half-life of the recent level, in buckets. */
  readonly levelHalfLife: number
  /** Half-life of the residual scale, in buckets. */
  readonly scaleHalfLife: number
  /** Half-life of each hour-of-day slot, in observations of that slot. */
  readonly dayHalfLife: number
  /** Half-life of each hour-of-week slot, in observations of that slot. */
  readonly weekHalfLife: number
  /** Early learning speed: slots learn at max(EWMA rate, this / (n + 1)); 0 turns it off. */
  readonly fastStart: number
  /** Residuals are clipped at this many scales before they update the baseline. */
  readonly clip: number
  /** Baseline update weight for a bucket whose surprise is above `freezeSurprise`. */
  readonly spikeWeight: number
  /** Surprise (-log10 p) above which a bucket counts as a spike for baseline updates. */
  readonly freezeSurprise: number
  /** Lowest residual scale (log space), so a flat series does not make every blip surprising. */
  readonly minScale: number
  /** Lowest expected count, so an all-zero history does not make a single post surprising. */
  readonly minExpected: number
  /** Weight of the sparse-count mean correction (0 = use the log-space level as is, 1 = full correction). */
  readonly meanCorrection: number
  /** The correction is weighted by (1 / (1 + expected))^this: only sparse series are corrected. */
  readonly sparsityPower: number
  /** Half-life of the sparse-count mean correction, in buckets. */
  readonly correctionHalfLife: number
  /** Whether surprises during warm-up raise the peak that later alerts must beat. */
  readonly peakDuringWarmup: boolean
  /** Buckets before any score is given. */
  readonly warmup: number
  /** Half-life of the remembered peak surprise, in buckets ("new high" discipline). */
  readonly peakHalfLife: number
  /** A new high must beat the decayed peak by this factor. */
  readonly peakMargin: number
  /** Buckets after a new high during which a further new high must beat it by `refractoryMargin`. */
  readonly refractory: number
  /** Margin over the last peak required during the refractory period. */
  readonly refractoryMargin: number
  /** After this many buckets in a row below `minSurprise`, the episode is over and the peak is forgotten. */
  readonly quietReset: number
  /** Surprise below which nothing is an alert candidate (and the peak is not raised). */
  readonly minSurprise: number
  /** Surprise that maps to an anomaly score of 0.5. */
  readonly scoreHalf: number
  /** Factor applied to the score of a surprising bucket that is not a new high. */
  readonly repeatFactor: number
  /** Offset of local time from UTC in minutes, for the seasonal slots. */
  readonly utcOffsetMinutes: number
  /** Buckets per "day" for the series' own calibration of surprise (288 five-minute buckets). */
  readonly calibrationPeriod: number
  /** Half-life, in periods, of the typical per-period maximum surprise. */
  readonly calibrationHalfLife: number
  /** Typical per-period maximum surprise assumed before one full period is seen. */
  readonly calibrationPrior: number
  /** How many periods' worth of weight the prior has against the series' own history. */
  readonly calibrationPriorWeight: number
  /** Weight of the series' own calibration in the score (0 = absolute surprise only, 1 = fully relative). */
  readonly calibrationWeight: number
  /** Fewest items in a window for it to be tested at all (two posts are never an incident). */
  readonly minCount: number
  /** Window lengths (in buckets) over which sums are tested, so a sustained rise is seen, not only a blip. */
  readonly scales: readonly number[]
  /** Weight of the Bonferroni penalty for testing several scales (1 = full Bonferroni). */
  readonly scalePenalty: number
  /** Dispersion of a k-bucket sum is alpha / k^this (1 = independent buckets, 0 = fully correlated). */
  readonly sumDecorrelation: number
}

/** The single configuration used in the product and on every NAB series. */
export const DEFAULT_VOLUME_CONFIG: VolumeConfig = {
  bucketMs: 5 * 60_000,
  levelHalfLife: 288,
  scaleHalfLife: 576,
  dayHalfLife: 60,
  weekHalfLife: 48,
  fastStart: 0,
  clip: 3,
  spikeWeight: 0.05,
  freezeSurprise: 6,
  minScale: 0.1,
  minExpected: 0.1,
  meanCorrection: 1,
  correctionHalfLife: 2016,
  sparsityPower: 2,
  peakDuringWarmup: true,
  warmup: 576,
  peakHalfLife: 288,
  peakMargin: 1.5,
  refractory: 12,
  refractoryMargin: 4,
  minSurprise: 5,
  quietReset: 288,
  scoreHalf: 10,
  repeatFactor: 0.3,
  utcOffsetMinutes: 0,
  calibrationPeriod: 288,
  calibrationHalfLife: 14,
  calibrationPrior: 6,
  calibrationPriorWeight: 3,
  calibrationWeight: 1,
  minCount: 3,
  scales: [1, 3, 6, 12, 24, 48, 96, 192],
  sumDecorrelation: 0.5,
  scalePenalty: 0.5,
}

/** Serialisable state of one series' detector. */
export interface VolumeState {
  readonly version: 1
  n: number
  lastTime: number | null
  level: number
  scale: number
  day: number[]
  dayN: number[]
  week: number[]
  weekN: number[]
  peak: number
  peakTime: number | null
  /** Recent observed counts, newest last (as long as the longest scale). */
  recentObs: number[]
  /** Expected counts for the same buckets. */
  recentExp: number[]
  /** Largest surprise in the current calibration period. */
  periodMax: number
  /** Smoothed log1p of the per-period maximum surprise (the series' usual level of surprise). */
  typicalLog: number
  /** Calibration periods completed. */
  periods: number
  /** Smoothed observed counts (spikes clipped), for the sparse-count mean correction. */
  sumObs: number
  /** Smoothed modelled (median) counts over the same buckets. */
  sumExp: number
  /** Buckets in a row with surprise below `minSurprise`. */
  quietRun: number
}

/** The verdict on one bucket. */
export interface VolumeSignal {
  /** Bucket start time (ms since the epoch). */
  readonly time: number
  /** Observed count. */
  readonly observed: number
  /** Expected count from the baseline. */
  readonly expected: number
  /** Upper-tail probability of a count at least this high. */
  readonly p: number
  /** -log10 p. */
  readonly surprise: number
  /** True when this bucket beats the series' recent peak surprise (an alert candidate). */
  readonly newHigh: boolean
  /** Anomaly score in 0..1. */
  readonly score: number
  /** False during warm-up, when no verdict is given. */
  readonly ready: boolean
}

/** A fresh detector state. */
export function createVolumeState(cfg: VolumeConfig = DEFAULT_VOLUME_CONFIG): VolumeState {
  return {
    version: 1,
    n: 0,
    lastTime: null,
    level: 0,
    scale: 0.5,
    day: new Array<number>(24).fill(0),
    dayN: new Array<number>(24).fill(0),
    week: new Array<number>(168).fill(0),
    weekN: new Array<number>(168).fill(0),
    peak: 0,
    peakTime: null,
    recentObs: [],
    recentExp: [],
    periodMax: 0,
    typicalLog: Math.log1p(cfg.calibrationPrior),
    periods: 0,
    sumObs: 0,
    sumExp: 0,
    quietRun: 0,
  }
}

/** Parses a state saved as JSON, or returns a fresh one when it is missing or not recognised. */
export function restoreVolumeState(json: unknown): VolumeState {
  const s = json as Partial<VolumeState> | null
  if (
    !s ||
    s.version !== 1 ||
    !Array.isArray(s.day) ||
    s.day.length !== 24 ||
    !Array.isArray(s.week) ||
    s.week.length !== 168
  ) {
    return createVolumeState()
  }
  return structuredCloneState(s as VolumeState)
}

function structuredCloneState(s: VolumeState): VolumeState {
  // Fields added after a state was saved take their fresh defaults.
  const fresh = createVolumeState()
  const numbers = Object.fromEntries(
    Object.entries(s).filter(
      ([k, v]) =>
        typeof v === 'number' ||
        (v === null && k === 'peakTime') ||
        (v === null && k === 'lastTime'),
    ),
  )
  return {
    ...fresh,
    ...numbers,
    version: 1,
    day: [...s.day],
    dayN: [...s.dayN],
    week: [...s.week],
    weekN: [...s.weekN],
    recentObs: Array.isArray(s.recentObs) ? [...s.recentObs] : [],
    recentExp: Array.isArray(s.recentExp) ? [...s.recentExp] : [],
  }
}

const alphaOf = (halfLife: number): number => 1 - Math.pow(2, -1 / halfLife)

/** EWMA rate that starts as a running mean (1/(n+1), scaled) so a new series learns quickly. */
const learnRate = (halfLife: number, n: number, fastStart: number): number =>
  Math.max(alphaOf(halfLife), fastStart / (n + 1))

function slots(time: number, cfg: VolumeConfig): { hour: number; how: number } {
  const local = time + cfg.utcOffsetMinutes * 60_000
  const hours = Math.floor(local / 3_600_000)
  const hour = ((hours % 24) + 24) % 24
  // 1970-01-01 was a Thursday; shift so that slot 0 is Monday 00:00.
  const days = Math.floor(hours / 24)
  const dow = (((days + 3) % 7) + 7) % 7
  return { hour, how: dow * 24 + hour }
}

/** The expected log1p-count and the seasonal offset for a bucket, from the current state. */
function baselineOf(
  state: VolumeState,
  time: number,
  cfg: VolumeConfig,
): { base: number; seasonal: number; hour: number; how: number } {
  const { hour, how } = slots(time, cfg)
  const dayW = Math.min(1, (state.dayN[hour] ?? 0) / 24)
  const weekW = Math.min(1, (state.weekN[how] ?? 0) / 24)
  const seasonal = dayW * (state.day[hour] ?? 0) + weekW * (state.week[how] ?? 0)
  return { base: state.level + seasonal, seasonal, hour, how }
}

/**
 * The surprise of `x` posts in the bucket at `time`, from the state as it is (nothing is changed):
 * the most surprising of the multi-scale sums that end with this bucket, Bonferroni-penalised.
 */
function judge(
  state: VolumeState,
  time: number,
  x: number,
  cfg: VolumeConfig,
): {
  base: number
  hour: number
  how: number
  s: number
  median: number
  expected: number
  sur: number
} {
  const { base, hour, how } = baselineOf(state, time, cfg)
  const s = Math.max(cfg.minScale, state.scale * 1.2533)
  // The level lives in log space, which under-states the mean of sparse counts (log1p compresses
  // 0, 1, 2); a count-space ratio of observed to modelled counts corrects it, weighted by sparsity
  // so that large counts (where the log model is right) are left alone.
  const median = Math.max(0, Math.expm1(base))
  const ratio = state.sumExp > 0 ? state.sumObs / state.sumExp : 1
  const sparsity = 1 / (1 + median)
  const correction =
    1 +
    cfg.meanCorrection *
      Math.pow(sparsity, cfg.sparsityPower) *
      (Math.min(3, Math.max(1, ratio)) - 1)
  const expected = Math.max(cfg.minExpected, median * correction)
  // Residual variance in log space beyond what Poisson noise explains becomes NB dispersion.
  const poissonLogVar = expected / ((1 + expected) * (1 + expected))
  const extra = Math.max(0, s * s - poissonLogVar)
  const alpha = Math.expm1(extra)
  // Test the sum of this bucket and the k-1 before it for each scale k; keep the most surprising.
  const maxScale = Math.max(...cfg.scales)
  let best = 0
  const scales = [...cfg.scales].sort((a, b) => a - b)
  const obs = state.recentObs
  const exp = state.recentExp
  const last = obs.length - 1
  const oldest = Math.max(0, obs.length - (maxScale - 1))
  let o = x
  let m = expected
  let k = 1
  let j = 0
  for (let i = last + 1; j < scales.length;) {
    if (k === scales[j]) {
      j++
      if (o > m && o >= cfg.minCount) {
        const sk = negBinomialSurprise(o, m, alpha / Math.pow(k, cfg.sumDecorrelation))
        if (sk > best) best = sk
      }
    }
    i--
    if (i < oldest) break
    o += obs[i] ?? 0
    m += exp[i] ?? 0
    k++
  }
  // Multiple-testing penalty over the scales tested (Bonferroni when 1; the scales overlap, so less is fair).
  const sur = Math.max(0, best - cfg.scalePenalty * Math.log10(cfg.scales.length))
  return { base, hour, how, s, median, expected, sur }
}

/**
 * What `updateVolume` would say if the bucket at `time` closed now with `observed` posts, without
 * changing the state: the open bucket can be judged as posts arrive. Counts only grow within a
 * bucket and the surprise grows with the count, so a bucket that is surprising and a new high here
 * is so when it closes too.
 */
export function peekVolume(
  state: VolumeState,
  time: number,
  observed: number,
  cfg: VolumeConfig = DEFAULT_VOLUME_CONFIG,
): VolumeSignal {
  const x = Number.isFinite(observed) && observed > 0 ? observed : 0
  if (state.n === 0)
    return {
      time,
      observed: x,
      expected: x,
      p: 1,
      surprise: 0,
      newHigh: false,
      score: 0,
      ready: false,
    }
  const { expected, sur } = judge(state, time, x, cfg)
  if (state.n < cfg.warmup)
    return {
      time,
      observed: x,
      expected,
      p: Math.pow(10, -sur),
      surprise: sur,
      newHigh: false,
      score: 0,
      ready: false,
    }
  const dt = state.peakTime === null ? Infinity : (time - state.peakTime) / cfg.bucketMs
  const quiet = sur < cfg.minSurprise ? state.quietRun + 1 : 0
  const peak = quiet >= cfg.quietReset ? 0 : state.peak
  const decayed = state.peakTime === null ? 0 : peak * Math.pow(2, -dt / cfg.peakHalfLife)
  const margin = dt <= cfg.refractory ? cfg.refractoryMargin : cfg.peakMargin
  const newHigh = sur >= cfg.minSurprise && sur > decayed * margin
  const typical = Math.expm1(state.typicalLog)
  const rel = Math.pow(cfg.calibrationPrior / Math.max(1e-6, typical), cfg.calibrationWeight) * sur
  const raw = rel / (rel + cfg.scoreHalf)
  return {
    time,
    observed: x,
    expected,
    p: Math.pow(10, -sur),
    surprise: sur,
    newHigh,
    score: newHigh ? raw : raw * cfg.repeatFactor,
    ready: true,
  }
}

/**
 * Feeds one bucket to the detector (mutating `state`) and returns the verdict. Call it once per
 * bucket in time order, with zero for empty buckets.
 */
export function updateVolume(
  state: VolumeState,
  time: number,
  observed: number,
  cfg: VolumeConfig = DEFAULT_VOLUME_CONFIG,
): VolumeSignal {
  const x = Number.isFinite(observed) && observed > 0 ? observed : 0
  const y = Math.log1p(x)
  if (state.n === 0) {
    state.level = y
    state.n = 1
    state.lastTime = time
    return {
      time,
      observed: x,
      expected: x,
      p: 1,
      surprise: 0,
      newHigh: false,
      score: 0,
      ready: false,
    }
  }
  const { base, hour, how, s, median, expected, sur } = judge(state, time, x, cfg)
  state.recentObs.push(x)
  state.recentExp.push(expected)
  const maxScale = Math.max(...cfg.scales)
  while (state.recentObs.length > maxScale) state.recentObs.shift()
  while (state.recentExp.length > maxScale) state.recentExp.shift()
  const p = Math.pow(10, -sur)
  const ready = state.n >= cfg.warmup

  // "New high" discipline.
  let newHigh = false
  let score = 0
  if (ready) {
    const dt = state.peakTime === null ? Infinity : (time - state.peakTime) / cfg.bucketMs
    state.quietRun = sur < cfg.minSurprise ? (state.quietRun ?? 0) + 1 : 0
    if (state.quietRun >= cfg.quietReset) state.peak = 0
    const decayed = state.peakTime === null ? 0 : state.peak * Math.pow(2, -dt / cfg.peakHalfLife)
    // Relative surprise: how this bucket compares with the series' usual daily maximum.
    const typical = Math.expm1(state.typicalLog)
    const rel =
      Math.pow(cfg.calibrationPrior / Math.max(1e-6, typical), cfg.calibrationWeight) * sur
    const raw = rel / (rel + cfg.scoreHalf)
    const margin = dt <= cfg.refractory ? cfg.refractoryMargin : cfg.peakMargin
    if (sur >= cfg.minSurprise && sur > decayed * margin) {
      newHigh = true
      score = raw
      state.peak = sur
      state.peakTime = time
    } else {
      score = raw * cfg.repeatFactor
    }
  } else if (cfg.peakDuringWarmup && sur >= cfg.minSurprise) {
    // Warm-up surprises (the baseline is still learning) set the bar silently, so the first ready
    // bucket is not an alert merely because the warm-up was rough.
    const dt = state.peakTime === null ? Infinity : (time - state.peakTime) / cfg.bucketMs
    const decayed = state.peakTime === null ? 0 : state.peak * Math.pow(2, -dt / cfg.peakHalfLife)
    if (sur > decayed) {
      state.peak = sur
      state.peakTime = time
    }
  }

  // Robust baseline update.
  const r = y - base
  const c = cfg.clip * s
  const rc = Math.max(-c, Math.min(c, r))
  const w = sur > cfg.freezeSurprise ? cfg.spikeWeight : 1
  state.level += w * learnRate(cfg.levelHalfLife, state.n, cfg.fastStart) * rc
  const dayTarget =
    y - state.level - (state.week[how] ?? 0) * Math.min(1, (state.weekN[how] ?? 0) / 24)
  const dayPrev = state.day[hour] ?? 0
  state.day[hour] =
    dayPrev + w * alphaOf(cfg.dayHalfLife) * Math.max(-c, Math.min(c, dayTarget - dayPrev))
  state.dayN[hour] = (state.dayN[hour] ?? 0) + 1
  const weekTarget = y - state.level - (state.day[hour] ?? 0)
  const weekPrev = state.week[how] ?? 0
  state.week[how] =
    weekPrev + w * alphaOf(cfg.weekHalfLife) * Math.max(-c, Math.min(c, weekTarget - weekPrev))
  state.weekN[how] = (state.weekN[how] ?? 0) + 1
  state.scale += w * alphaOf(cfg.scaleHalfLife) * (Math.min(Math.abs(r), 2 * c) - state.scale)
  const ra = alphaOf(cfg.correctionHalfLife)
  state.sumObs += ra * (Math.min(x, Math.max(cfg.minCount, median * Math.exp(c))) - state.sumObs)
  state.sumExp += ra * (median - state.sumExp)
  state.periodMax = Math.max(state.periodMax, sur)
  if ((state.n + 1) % cfg.calibrationPeriod === 0) {
    const a = Math.max(
      alphaOf(cfg.calibrationHalfLife),
      1 / (state.periods + 1 + cfg.calibrationPriorWeight),
    )
    state.typicalLog += a * (Math.log1p(state.periodMax) - state.typicalLog)
    state.periods += 1
    state.periodMax = 0
  }
  state.n += 1
  state.lastTime = time
  return { time, observed: x, expected, p, surprise: sur, newHigh, score, ready }
}

/** Runs the detector over a whole series (e.g. a NAB file) and returns one signal per point. */
export function scoreSeries(
  times: readonly number[],
  values: readonly number[],
  cfg: VolumeConfig = DEFAULT_VOLUME_CONFIG,
): VolumeSignal[] {
  const state = createVolumeState(cfg)
  return times.map((t, i) => updateVolume(state, t, values[i] ?? 0, cfg))
}
