/**
 * End to end: a short simulated scenario with one planted failure goes through the real pipeline
 * (decode → sanitise → label → store → detect) after two days of background history, and the
 * failure must become exactly one incident, judged by the generator's truth.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadScenario } from '@civicpulse/adapters'
import { evaluateScenario } from './eval-scenario.js'

const SCENARIO = `
name: e2e-burst-main
jurisdiction: lewisham
start: '2026-03-04T00:00:00Z'
duration: 20h
speed: max
seed: 31
volume: { postsPerDay: 6000, civicShare: 0.1, spamShare: 0.02 }
platforms: { x: 0.4, bluesky: 0.25, mastodon: 0.15, reddit: 0.2 }
languages: { en: 0.9, pl: 0.05, fr: 0.05 }
failures:
  - id: burst-main
    kind: water-main-burst
    service: water.burst-main
    title: Burst water main on Brockley Road
    wards: [Brockley, Crofton Park]
    street: Brockley Road
    onset: 9h
    end: 13h
    peakPerHour: 30
    rampMinutes: 15
    decayMinutes: 60
`

test(
  'a planted burst main becomes exactly one incident through the real pipeline',
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-e2e-'))
    try {
      const file = join(dir, 'e2e.yaml')
      writeFileSync(file, SCENARIO)
      const started = performance.now()
      const r = await evaluateScenario({ scenario: loadScenario(file), history: '2d6h' })
      const seconds = (performance.now() - started) / 1000
      const f = r.failures[0]!
      assert.equal(r.failures.length, 1)
      assert.equal(f.detected, true, 'the burst main is detected')
      assert.equal(f.incidents, 1, 'as exactly one incident')
      assert.ok(
        f.delayMinutes! <= 45,
        `within 45 minutes of its onset (took ${f.delayMinutes} min)`,
      )
      assert.ok(
        r.falseIncidents <= 1,
        `at most one false incident in the day (${r.falseIncidentTitles.join('; ')})`,
      )
      assert.ok(seconds < 60 * 2, `runs quickly (${seconds.toFixed(1)} s)`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
)
