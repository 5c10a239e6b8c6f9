import { test } from 'node:test'
import assert from 'node:assert/strict'
import { burstTerms, TermBurstDetector } from './term-burst.js'

const MIN = 60_000
const T0 = Date.UTC(2026, 6, 13)

test('terms: words without stop words, light plurals, route-like numbers; place words excluded', () => {
  assert.deepEqual(
    burstTerms('The 185 buses are not running in Catford again!!', new Set(['catford'])),
    ['185', 'buse', 'running'],
  )
})

test('a new term used by many posts in half an hour bursts once; an everyday word at its usual rate does not', () => {
  const d = new TermBurstDetector()
  let id = 0
  const bursts: string[] = []
  // Two days of everyday talk: "bin" in a post every 20 minutes.
  for (let t = T0; t < T0 + 2 * 86_400_000; t += 20 * MIN)
    for (const b of d.add(String(id++), ['bin', 'road'], t)) bursts.push(b.term)
  assert.equal(bursts.length, 0, 'no burst at the usual rate')
  // Then "website" (never seen) in 6 posts within 15 minutes, and more after.
  const start = T0 + 2 * 86_400_000
  for (let k = 0; k < 12; k++)
    for (const b of d.add(String(id++), ['website', 'down'], start + k * 3 * MIN))
      bursts.push(b.term)
  assert.ok(bursts.includes('website'), `website bursts (got ${bursts.join(', ')})`)
  assert.equal(bursts.filter((b) => b === 'website').length, 1, 'once, then quiet for the cooldown')
  // Redelivered posts change nothing.
  assert.deepEqual(d.add('0', ['website'], start + 40 * MIN), [])
})

test('five posts are needed, however new the term', () => {
  const d = new TermBurstDetector()
  const got = [0, 1, 2, 3].flatMap((k) => d.add(`p${k}`, ['sinkhole'], T0 + k * MIN))
  assert.deepEqual(got, [])
  assert.equal(d.add('p4', ['sinkhole'], T0 + 4 * MIN).length, 1)
})
