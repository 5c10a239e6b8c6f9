/**
 * Property-based tests (fast-check): whatever bytes or JSON come in, decoding never throws, every
 * non-blank record gets at least one outcome, and no record hits an internal decoder failure.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { decodeAll, fixture } from './testing.js'
import { INPUT_FORMATS, type DecodedItem } from './types.js'

const enc = new TextEncoder()
const RUNS = { numRuns: 300, seed: 20260801 }

function lineNumbers(items: DecodedItem[]): Set<number> {
  const seen = new Set<number>()
  for (const i of items) {
    const m = /(?:^|\()line (\d+)/.exec(i.position ?? '')
    if (m) seen.add(Number(m[1]))
  }
  return seen
}

test('any byte string, any format: never throws; non-blank input yields at least one outcome', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 600 }),
      fc.constantFrom(...INPUT_FORMATS),
      fc.integer({ min: 1, max: 64 }),
      async (bytes, format, chunk) => {
        const items = await decodeAll(bytes, format, {}, chunk)
        // Blank = only whitespace (as String.prototype.trim sees it) once decoded.
        const blank =
          new TextDecoder()
            .decode(bytes)
            .replace(/^\ufeff/, '')
            .trim() === ''
        if (!blank) assert.ok(items.length > 0, 'no outcome for non-blank input')
        for (const i of items)
          if (i.kind === 'quarantine')
            assert.ok(
              i.message !== '' &&
                i.reason in
                  {
                    MALFORMED_JSON: 1,
                    MALFORMED_XML: 1,
                    MALFORMED_CSV: 1,
                    INVALID_UTF8: 1,
                    UNKNOWN_FORMAT: 1,
                    WRONG_TYPE: 1,
                    MISSING_FIELD: 1,
                    TOO_LARGE: 1,
                    BAD_TIMESTAMP: 1,
                    PLATFORM_ERROR: 1,
                  },
            )
      },
    ),
    RUNS,
  )
})

test('text that looks like each framing (JSON, SSE, CSV, XML prefixes + noise) never throws', async () => {
  const prefix = fc.constantFrom(
    '{',
    '[',
    '<',
    'event: update\ndata: ',
    'data: ',
    ':',
    'id,text,created_at\n',
    '<rss><channel><item>',
    '\ufeff',
    '',
  )
  await fc.assert(
    fc.asyncProperty(prefix, fc.string({ maxLength: 300, unit: 'binary' }), async (p, s) => {
      const items = await decodeAll(p + s)
      if ((p + s).trim() !== '') assert.ok(items.length > 0)
    }),
    RUNS,
  )
})

test('NDJSON of arbitrary JSON values and garbage: every non-blank line has an outcome at its line', async () => {
  const line = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 40 }),
    fc.constant(''),
  )
  await fc.assert(
    fc.asyncProperty(
      fc.array(line, { maxLength: 25 }),
      fc.integer({ min: 1, max: 50 }),
      async (lines, chunk) => {
        // Lines must not themselves contain newlines to be counted one per line.
        const ls = lines.map((l) => l.replace(/[\r\n]/g, ' '))
        const text = ls.join('\n')
        const items = await decodeAll(text, 'ndjson', {}, chunk)
        const seen = lineNumbers(items)
        // A first line such as "[" makes the input a (broken) JSON document: then the document is the record.
        if (items.some((i) => i.position?.startsWith('document'))) return
        ls.forEach((l, i) => {
          if (l.trim() !== '')
            assert.ok(seen.has(i + 1), `line ${i + 1} (${l.slice(0, 30)}) has no outcome`)
        })
        assert.ok(
          !items.some((i) => i.kind === 'quarantine' && i.reason === ('INVALID_POST' as string)),
        )
      },
    ),
    RUNS,
  )
})

test('arbitrary JSON documents (pretty-printed) always yield an outcome and never an internal failure', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (v) => {
      const items = await decodeAll(JSON.stringify(v, null, 2) ?? 'null')
      assert.ok(items.length > 0)
      assert.ok(!items.some((i) => i.kind === 'quarantine' && i.reason === 'INVALID_POST'))
    }),
    RUNS,
  )
})

/** Every path to a value inside a JSON value. */
function paths(
  v: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((e, i) => paths(e, [...prefix, i], out))
  else if (typeof v === 'object' && v !== null)
    for (const [k, e] of Object.entries(v)) paths(e, [...prefix, k], out)
  out.push(prefix)
  return out
}

function setPath(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value
  const copy: unknown = structuredClone(v)
  let cur = copy as Record<string | number, unknown>
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>
  cur[path.at(-1) as string | number] = value
  return copy
}

test('platform payloads with any field replaced by any JSON value: one line in, outcomes out, no internal failure', async () => {
  const samples: unknown[] = []
  for (const f of ['x-filtered-stream.jsonl', 'jetstream.jsonl', 'x-compliance.jsonl']) {
    for (const l of new TextDecoder().decode(fixture(f)).split('\n')) {
      try {
        samples.push(JSON.parse(l))
      } catch {
        // the truncated fixture line is not a sample
      }
    }
  }
  for (const f of ['x-recent-search.json', 'mastodon-timeline.json', 'reddit-listing.json'])
    samples.push(JSON.parse(new TextDecoder().decode(fixture(f))))
  const mutated = fc
    .tuple(
      fc.constantFrom(...samples),
      fc.nat(),
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(null, 2 ** 60, -1, '', '\u202e', '<script>x</script>'),
      ),
    )
    .map(([s, n, value]) => {
      const ps = paths(s)
      return setPath(s, ps[n % ps.length] ?? [], value)
    })
  await fc.assert(
    fc.asyncProperty(mutated, async (v) => {
      const items = await decodeAll(enc.encode(JSON.stringify(v) + '\n'))
      assert.ok(items.length > 0)
      const internal = items.find((i) => i.kind === 'quarantine' && i.reason === 'INVALID_POST')
      assert.equal(internal, undefined, JSON.stringify(internal))
    }),
    { numRuns: 600, seed: 20260802 },
  )
})
