import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  createVolumeState,
  DEFAULT_VOLUME_CONFIG,
  peekVolume,
  restoreVolumeState,
  updateVolume,
  type VolumeSignal,
} from './volume.js'
import { mulberry32, poissonSample } from './synthetic.js'

const BUCKET = 5 * 60_000
const T0 = Date.UTC(2026, 0, 5)
const PER_DAY = 288

/** A seeded Poisson series with a day/night rhythm around `mean`. */
function series(days: number, mean: number, seed = 1): number[] {
  const rand = mulberry32(seed)
  const out: number[] = []
  for (let b = 0; b < days * PER_DAY; b++) {
    const hour = (b / 12) % 24
    const rhythm = 0.3 + 0.7 * Math.max(0, Math.sin((Math.PI * (hour - 6)) / 16))
    out.push(poissonSample(rand, mean * rhythm))
  }
  return out
}

function run(values: readonly number[], state = createVolumeState(), from = 0): VolumeSignal[] {
  return values.map((v, i) => updateVolume(state, T0 + (from + i) * BUCKET, v))
}

test('scores stay in 0..1 and no verdict is given during warm-up', () => {
  const sig = run(series(3, 20))
  for (const s of sig) assert.ok(s.score >= 0 && s.score <= 1)
  assert.ok(sig.slice(0, DEFAULT_VOLUME_CONFIG.warmup).every((s) => !s.ready && s.score === 0))
  assert.ok(sig.slice(DEFAULT_VOLUME_CONFIG.warmup).every((s) => s.ready))
})

test('a state saved as JSON and restored continues exactly as if it had never stopped', () => {
  const v = series(6, 15, 3)
  const a = createVolumeState()
  run(v.slice(0, 1000), a)
  const b = restoreVolumeState(JSON.parse(JSON.stringify(a)))
  const ra = run(v.slice(1000), a, 1000)
  const rb = run(v.slice(1000), b, 1000)
  assert.deepEqual(rb, ra)
  assert.equal(restoreVolumeState({ version: 99 }).n, 0, 'an unknown state starts afresh')
  assert.equal(restoreVolumeState(null).n, 0)
  // a state saved before a field existed gets that field's default instead of NaN
  const old = JSON.parse(JSON.stringify(a)) as Record<string, unknown>
  delete old['quietRun']
  delete old['sumObs']
  const c = restoreVolumeState(old)
  assert.equal(c.quietRun, 0)
  assert.ok(Number.isFinite(updateVolume(c, T0 + 5000 * BUCKET, 12).expected))
})

test('a spike does not poison its own baseline', () => {
  const v = series(4, 20, 5)
  const state = createVolumeState()
  run(v.slice(0, 3 * PER_DAY), state)
  const before = updateVolume(
    createVolumeCopy(state),
    T0 + 3 * PER_DAY * BUCKET,
    v[3 * PER_DAY]!,
  ).expected
  const spike = run([400, 500, 450, 400, 300, 350], state, 3 * PER_DAY)
  assert.ok(
    spike.some((s) => s.newHigh && s.surprise > 10),
    'the spike is seen',
  )
  const after = updateVolume(state, T0 + (3 * PER_DAY + 6) * BUCKET, v[3 * PER_DAY]!).expected
  assert.ok(
    Math.abs(after - before) / before < 0.15,
    `baseline moved from ${before.toFixed(2)} to ${after.toFixed(2)}`,
  )
})

test('normal days after learning the daily rhythm raise no alert', () => {
  const v = series(9, 30, 7)
  const sig = run(v)
  const late = sig.slice(4 * PER_DAY)
  assert.equal(late.filter((s) => s.newHigh).length, 0, 'no new high on ordinary days')
  assert.ok(late.filter((s) => s.surprise >= 5).length <= late.length / 1000)
})

test('low counts: one or two posts on a silent series are not an alert, a burst is', () => {
  const state = createVolumeState()
  run(new Array(2 * PER_DAY).fill(0), state)
  const one = updateVolume(state, T0 + 2 * PER_DAY * BUCKET, 1)
  const two = updateVolume(state, T0 + (2 * PER_DAY + 1) * BUCKET, 1)
  assert.equal(one.newHigh || two.newHigh, false)
  run(new Array(24).fill(0), state, 2 * PER_DAY + 2)
  const burst = updateVolume(state, T0 + (2 * PER_DAY + 26) * BUCKET, 8)
  assert.equal(burst.newHigh, true)
  assert.ok(burst.p < 1e-5)
})

test('"alert only on a new high": a plateau after a spike does not alert again, a bigger rise does', () => {
  const v = series(3, 20, 9)
  const state = createVolumeState()
  run(v, state)
  const t = (k: number) => T0 + (3 * PER_DAY + k) * BUCKET
  const first = updateVolume(state, t(0), 120)
  const plateau = [1, 2, 3, 4].map((k) => updateVolume(state, t(k), 120))
  assert.equal(first.newHigh, true)
  assert.ok(
    plateau.every((s) => !s.newHigh),
    'the plateau is not a new high',
  )
  assert.ok(plateau.every((s) => s.score < first.score))
  const bigger = updateVolume(state, t(5), 5000)
  assert.equal(bigger.newHigh, true)
})

test('one configuration: the defaults are the ones used on NAB and in the product', () => {
  assert.equal(DEFAULT_VOLUME_CONFIG.bucketMs, BUCKET)
  assert.ok(DEFAULT_VOLUME_CONFIG.scales.includes(1))
})

function createVolumeCopy<T>(s: T): T {
  return JSON.parse(JSON.stringify(s)) as T
}

test('peeking at an open bucket says exactly what closing it would, changes nothing, and grows with the count', () => {
  const v = series(4, 3, 7)
  const state = createVolumeState()
  for (const [i, x] of v.entries()) {
    const time = T0 + i * BUCKET
    const spike = i % 97 === 0 ? x + 8 : x
    const before = JSON.stringify(state)
    const partial = [0, 1, 2, 4, spike].map((c) => peekVolume(state, time, Math.min(c, spike)))
    assert.equal(JSON.stringify(state), before, 'peek does not change the state')
    for (let k = 1; k < partial.length; k++)
      assert.ok(partial[k]!.surprise >= partial[k - 1]!.surprise, 'surprise grows with the count')
    const closed = updateVolume(state, time, spike)
    assert.deepEqual(partial[partial.length - 1], closed)
    // A partial count that is a new high stays one when the bucket closes with more.
    for (const p of partial) if (p.newHigh) assert.ok(closed.newHigh)
  }
})
