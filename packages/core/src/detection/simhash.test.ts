import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  hamming,
  NearDuplicateIndex,
  simhash,
  simhashBands,
  simhashFromHex,
  simhashToHex,
} from './simhash.js'

const ORIGINAL =
  'The bins on Rushey Green have not been collected for two weeks and rubbish is everywhere'

test('reposts, appended hashtags and shouting are the same text; an unrelated post is far', () => {
  const h = simhash(ORIGINAL)
  assert.equal(hamming(h, simhash(`RT @bob: ${ORIGINAL}`)), 0)
  assert.equal(hamming(h, simhash(`${ORIGINAL} #lewisham @lewishamcouncil`)), 0)
  assert.equal(hamming(h, simhash(ORIGINAL.toUpperCase())), 0)
  assert.equal(hamming(h, simhash(`${ORIGINAL} https://t.co/abc123`)), 0)
  const edited = hamming(h, simhash(ORIGINAL.replace('two', 'three')))
  assert.ok(edited > 0 && edited <= 16, `one changed word moves ${edited} bits`)
  assert.ok(
    hamming(h, simhash('Streetlight out on Brownhill Road since Tuesday, very dark at night')) >=
      20,
  )
})

test('hex round trip', () => {
  const h = simhash(ORIGINAL)
  assert.equal(simhashToHex(h).length, 16)
  assert.deepEqual(simhashFromHex(simhashToHex(h)), h)
})

test('LSH banding: any hash within 3 bits shares at least one 16-bit band (pigeonhole)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 3 }),
      (hi, lo, bits) => {
        let h2 = { hi: hi >>> 0, lo: lo >>> 0 }
        for (const b of bits)
          h2 =
            b < 32
              ? { hi: (h2.hi ^ (1 << b)) >>> 0, lo: h2.lo }
              : { hi: h2.hi, lo: (h2.lo ^ (1 << (b - 32))) >>> 0 }
        const a = simhashBands({ hi: hi >>> 0, lo: lo >>> 0 })
        const c = simhashBands(h2)
        return (
          a.some((x, i) => x === c[i]) &&
          hamming({ hi: hi >>> 0, lo: lo >>> 0 }, h2) === bits.length
        )
      },
    ),
  )
})

test('the index collapses a copy-paste campaign to one post and keeps every member', () => {
  const idx = new NearDuplicateIndex()
  const t = Date.UTC(2026, 0, 5, 9)
  assert.deepEqual(idx.add('p1', ORIGINAL, t), { canonicalId: 'p1', duplicate: false, distance: 0 })
  const v2 = idx.add('p2', `RT @ann: ${ORIGINAL}`, t + 60_000)
  const v3 = idx.add('p3', `${ORIGINAL} #binfail`, t + 120_000)
  const other = idx.add(
    'p4',
    'Streetlight out on Brownhill Road since Tuesday, very dark at night',
    t + 180_000,
  )
  assert.equal(v2.duplicate, true)
  assert.equal(v2.canonicalId, 'p1')
  assert.equal(v3.canonicalId, 'p1')
  assert.equal(other.duplicate, false)
  assert.deepEqual(idx.members('p1'), ['p1', 'p2', 'p3'])
  // redelivery of the same post changes nothing
  assert.deepEqual(idx.add('p2', `RT @ann: ${ORIGINAL}`, t + 60_000), {
    canonicalId: 'p1',
    duplicate: true,
    distance: 0,
  })
  assert.deepEqual(idx.members('p1'), ['p1', 'p2', 'p3'])
  assert.equal(idx.length, 4)
})

test('very short texts are never called copies; old posts are forgotten on compaction', () => {
  const idx = new NearDuplicateIndex({ maxAgeMs: 3_600_000 })
  const t = Date.UTC(2026, 0, 5, 9)
  idx.add('a', 'bins again', t)
  assert.equal(idx.add('b', 'bins again', t + 1).duplicate, false)
  idx.add('c', ORIGINAL, t)
  assert.equal(idx.add('d', ORIGINAL, t + 2 * 3_600_000).duplicate, false, 'too old to match')
  assert.equal(idx.compact(), 3)
  assert.equal(idx.length, 1)
  assert.equal(idx.add('e', ORIGINAL, t + 2 * 3_600_000 + 1).canonicalId, 'd')
})
