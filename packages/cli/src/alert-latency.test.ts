/**
 * Alert latency in embedded mode (real SQLite store and writer thread, the sieve, the detect
 * stage, the alert outbox, the in-app channel): every alert of a live stream with planted spikes
 * reaches the in-app channel well within 2 s of the post that tipped it being handed to ingest.
 * The bound here is generous (shared 2-core machine); `npm run bench` reports p50/p99.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { measureAlertLatency, summarise } from './alert-latency.js'

test('from the tipping post to the in-app alert: well under 2 s with the open bucket judged as posts arrive', async () => {
  const run = await measureAlertLatency({ spikes: 2, speed: 60, early: true })
  const s = summarise(run)
  assert.ok(s.alerts >= 1, `at least one planted spike alerted (got ${s.alerts})`)
  for (const a of run.alerts)
    assert.ok(
      a.wallMs < 5000,
      `alert "${a.title}" ${Math.round(a.wallMs)} ms after its tipping post`,
    )
  assert.ok(s.realP99 < 5000, `p99 ${Math.round(s.realP99)} ms`)
})
