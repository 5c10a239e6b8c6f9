import { test } from 'node:test'
import assert from 'node:assert/strict'
import { benjaminiHochberg, bhAdjust, selectAlerts } from './fdr.js'

test('Benjamini–Hochberg rejects the step-up set (textbook example)', () => {
  const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
  assert.deepEqual(benjaminiHochberg(p, 0.05), [
    true,
    true,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
  ])
  const adj = bhAdjust(p)
  assert.ok(Math.abs(adj[0]! - 0.01) < 1e-12)
  assert.ok(Math.abs(adj[1]! - 0.04) < 1e-12)
  // adjusted p-values are monotone in p and never exceed 1
  for (let i = 1; i < p.length; i++) assert.ok(adj[i]! >= adj[i - 1]!)
  assert.ok(adj.every((a) => a <= 1))
})

test('order of input does not matter, and the step-up can reject a p above its own rank threshold', () => {
  const p = [0.04, 0.01, 0.03, 0.005]
  assert.deepEqual(benjaminiHochberg(p, 0.05), [true, true, true, true])
  assert.deepEqual(benjaminiHochberg([1, Number.NaN, 0.5], 0.05), [false, false, false])
})

test('alerts need both an FDR discovery and a new high; quiet series count in the correction', () => {
  const quiet = Array.from({ length: 380 }, (_, i) => ({ key: `s${i}`, p: 0.5, newHigh: false }))
  const strong = { key: 'bins/catford', p: 1e-8, newHigh: true }
  const repeat = { key: 'lights/lee', p: 1e-9, newHigh: false }
  const weak = { key: 'parks/hither', p: 1e-3, newHigh: true }
  const out = selectAlerts([...quiet, strong, repeat, weak], 0.01)
  assert.deepEqual(
    out.map((s) => s.key),
    ['bins/catford'],
  )
})
