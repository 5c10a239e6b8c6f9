import { test } from 'node:test'
import assert from 'node:assert/strict'
import { benchDecode, generateLines } from './bench.js'

test('benchDecode decodes every generated line of every JSON format into a post', async () => {
  const results = await benchDecode(500)
  assert.deepEqual(
    results.map((r) => r.format),
    ['ndjson', 'x-v2', 'mastodon', 'bluesky-jetstream', 'reddit'],
  )
  for (const r of results) {
    assert.equal(r.posts, 500, r.format)
    assert.ok(r.linesPerSecond > 0 && r.jsonParseLinesPerSecond > 0 && r.ratio > 0)
  }
})

test('generated lines are deterministic', () => {
  assert.deepEqual(generateLines('x-v2', 3), generateLines('x-v2', 3))
})
