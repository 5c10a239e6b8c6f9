import { test } from 'node:test'
import assert from 'node:assert/strict'
import { geoPoint, optCount, toId, toTime } from './fields.js'
import { RecordError } from './outcome.js'

test('toTime: ISO strings pass through; epoch seconds (also float, also as text) become ms; ms stay ms', () => {
  assert.equal(toTime('2024-01-01T00:00:00+02:00'), '2024-01-01T00:00:00+02:00')
  assert.equal(toTime(1712345999.5), 1712345999500)
  assert.equal(toTime('1712345999'), 1712345999000)
  assert.equal(toTime(1712345999000), 1712345999000)
  assert.equal(toTime(''), undefined)
  assert.equal(toTime(null), undefined)
  assert.equal(toTime(Number.NaN), undefined)
})

test('toId: strings as given, safe integers as text, unsafe numbers recovered from the raw text or refused', () => {
  assert.equal(toId('0012', 'id'), '0012')
  assert.equal(toId(42, 'id'), '42')
  assert.equal(
    toId(117024236332527350, 'id', '{"id": 117024236332527350, "x": 1}', 'id'),
    '117024236332527350',
  )
  // Two candidates in the raw text: ambiguous, so refused rather than guessed.
  assert.throws(
    () =>
      toId(
        2 ** 60,
        'The id',
        '{"id": 1152921504606846976, "n": {"id": 1152921504606846977}}',
        'id',
      ),
    (e: unknown) => e instanceof RecordError && e.reason === 'WRONG_TYPE',
  )
  assert.throws(
    () => toId(null, 'The id'),
    (e: unknown) => e instanceof RecordError && e.reason === 'MISSING_FIELD',
  )
  assert.throws(
    () => toId({}, 'The id'),
    (e: unknown) => e instanceof RecordError && e.reason === 'WRONG_TYPE',
  )
  assert.throws(
    () => toId('  ', 'The id'),
    (e: unknown) => e instanceof RecordError && e.reason === 'MISSING_FIELD',
  )
})

test('optCount and geoPoint drop what cannot be right', () => {
  assert.equal(optCount({ n: -1 }, 'n'), undefined)
  assert.equal(optCount({ n: '4' }, 'n'), 4)
  assert.equal(optCount({ n: 2.6 }, 'n'), 3)
  assert.deepEqual(geoPoint(53.8, -1.5), { lat: 53.8, lon: -1.5 })
  assert.equal(geoPoint(91, 0), undefined)
  assert.equal(geoPoint(undefined, 0), undefined)
})
