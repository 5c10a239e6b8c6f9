import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { MemoryBus, runIngest } from '@civicpulse/engine'
import { decodeStream, openSqliteStore, type InputFormat } from '@civicpulse/adapters'

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function ingestBytes(
  store: Awaited<ReturnType<typeof openSqliteStore>>,
  bytes: Uint8Array,
  format: InputFormat,
  chunk: number,
) {
  return runIngest({
    items: decodeStream(chunks(bytes, chunk), { format, source: 'prop' }),
    source: 'prop',
    store,
    bus: new MemoryBus(),
    clock: { now: () => Date.parse('2026-11-25T12:00:00Z') },
    authorKey: (p, a) => `${p}:${a}`,
  })
}

const jsonish = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v) + '\n')),
  fc
    .array(
      fc.record({
        id: fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null)),
        text: fc.oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.integer(),
          fc.constant(null),
        ),
        created_at: fc.oneof(
          fc.constant('2026-11-01T10:00:00Z'),
          fc.string({ maxLength: 30 }),
          fc.integer(),
        ),
        author: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(undefined)),
      }),
      { maxLength: 8 },
    )
    .map((rows) => new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join('\n'))),
)

test('any bytes fed to ingest are accepted, skipped or quarantined with a reason; never a crash; re-ingest is idempotent', async () => {
  const formats: InputFormat[] = [
    'auto',
    'ndjson',
    'csv',
    'x-v2',
    'mastodon',
    'bluesky-jetstream',
    'reddit',
    'rss',
    'atom',
  ]
  await fc.assert(
    fc.asyncProperty(
      jsonish,
      fc.constantFrom(...formats),
      fc.integer({ min: 1, max: 64 }),
      async (bytes, format, chunk) => {
        const store = await openSqliteStore({ path: ':memory:' })
        try {
          const s1 = await ingestBytes(store, bytes, format, chunk)
          assert.equal(
            s1.read,
            s1.accepted + s1.duplicates + s1.quarantined + s1.skipped + s1.deleted,
          )
          for (const [reason, n] of Object.entries(s1.byReason))
            assert.ok(n > 0 && /^[A-Z][A-Z0-9_]+$/.test(reason))
          const st1 = await store.stats()
          assert.equal(st1.quarantined, s1.quarantined)
          const s2 = await ingestBytes(store, bytes, format, chunk)
          assert.equal(s2.accepted, 0)
          assert.equal((await store.stats()).posts, st1.posts)
        } finally {
          await store.close()
        }
      },
    ),
    { numRuns: 150, seed: 20261125 },
  )
})
