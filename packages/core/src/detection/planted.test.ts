/**
 * End-to-end check of the detection maths on a synthetic city (19 wards × 20 services, 5-minute
 * buckets, Poisson background with a day/night rhythm, 4 warm-up days then 3 scored days with 12
 * planted failures): the product path (volume detector per series, Benjamini–Hochberg across all
 * 380 series per tick, new-high discipline, incident matching) must open exactly one incident per
 * failure, quickly, with at most one false incident per simulated day.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateCityStream, runCityDetection } from '../index.js'

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor((s.length - 1) / 2)]!
}

test('strong failures (4 extra complaints per 5 minutes) are each found within 15 minutes, one incident each', () => {
  const stream = generateCityStream({ seed: 11, extraPerBucket: 4 })
  const r = runCityDetection(stream)
  assert.equal(stream.failures.length, 12)
  for (const d of r.delaysMinutes)
    assert.ok(d <= 15, `a failure took ${d} minutes to detect: ${r.delaysMinutes.join(', ')}`)
  assert.deepEqual(
    r.incidentsPerFailure,
    stream.failures.map(() => 1),
  )
  assert.ok(
    r.falseIncidents.length <= r.scoredDays,
    `${r.falseIncidents.length} false incidents in ${r.scoredDays} days`,
  )
})

test('moderate failures (2 extra per 5 minutes) are found with a median delay of at most 15 minutes', () => {
  const stream = generateCityStream({ seed: 12, extraPerBucket: 2 })
  const r = runCityDetection(stream)
  assert.ok(r.delaysMinutes.every(Number.isFinite), 'every failure is found')
  assert.ok(median(r.delaysMinutes) <= 15, `median delay ${median(r.delaysMinutes)} minutes`)
  assert.deepEqual(
    r.incidentsPerFailure,
    stream.failures.map(() => 1),
  )
  assert.ok(
    r.falseIncidents.length <= r.scoredDays,
    `${r.falseIncidents.length} false incidents in ${r.scoredDays} days`,
  )
})

test('a quiet city (no failures) raises at most one false incident a day', () => {
  const stream = generateCityStream({ seed: 13, failuresPerDay: 0 })
  const r = runCityDetection(stream)
  assert.equal(stream.failures.length, 0)
  assert.ok(
    r.falseIncidents.length <= r.scoredDays,
    `${r.falseIncidents.length} false incidents in ${r.scoredDays} days`,
  )
})
