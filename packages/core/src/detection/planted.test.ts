/**
 * End-to-end check of the detection maths on a synthetic city (19 wards × 20 services, 5-minute
 * buckets, Poisson background with a day/night rhythm): every planted failure must open exactly
 * one incident within 15 simulated minutes, with at most one false incident per simulated day,
 * using the product path (volume detector per series, Benjamini–Hochberg across all series per
 * tick, new-high discipline, incident matching).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateCityStream, runCityDetection } from '../index.js'

for (const seed of [11, 12]) {
  test(`planted failures (4 extra complaints per 5 minutes) are found within 15 minutes, seed ${seed}`, () => {
    const stream = generateCityStream({ seed, extraPerBucket: 4 })
    const r = runCityDetection(stream)
    assert.equal(stream.failures.length, 12)
    for (const d of r.delaysMinutes) assert.ok(d <= 15, `a failure took ${d} minutes to detect: ${r.delaysMinutes.join(', ')}`)
    assert.deepEqual(r.incidentsPerFailure, stream.failures.map(() => 1))
    assert.ok(r.falseIncidents.length <= r.scoredDays, `${r.falseIncidents.length} false incidents in ${r.scoredDays} days`)
  })
}
