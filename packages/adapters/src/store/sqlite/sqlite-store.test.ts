import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildPost } from '@civicpulse/core/testing'
import { openSqliteStore } from './sqlite-store.js'

function tmpDb(): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cp-store-'))
  return {
    path: join(dir, 'nested', 'c.db'),
    done: () => rmSync(dir, { recursive: true, force: true }),
  }
}

test('writes posts idempotently, indexes them for search, keeps quarantine and checkpoints', async () => {
  const t = tmpDb()
  const store = await openSqliteStore({ path: t.path })
  try {
    const a = buildPost({
      displayText: 'Overflowing bins on Catford Broadway',
      text: 'Overflowing bins on Catford Broadway',
    })
    const b = buildPost({
      displayText: 'Pothole outside Lewisham station',
      text: 'Pothole outside Lewisham station',
    })
    const r1 = await store.writeBatch({
      posts: [a, b, a],
      quarantine: [
        {
          source: 'f.ndjson',
          position: 'line 3',
          reason: 'MALFORMED_JSON',
          message: 'Truncated.',
          raw: new TextEncoder().encode('{"id":'),
        },
      ],
      deletes: [],
      checkpoint: { source: 'f.ndjson', cursor: '3' },
    })
    assert.equal(r1.inserted, 2)
    assert.equal(r1.duplicates, 1)
    assert.equal(r1.ids[2], undefined)
    const r2 = await store.writeBatch({ posts: [a, b], quarantine: [], deletes: [] })
    assert.equal(r2.inserted, 0)
    assert.equal(r2.duplicates, 2)

    const hits = await store.search('bins')
    assert.equal(hits.length, 1)
    assert.equal(hits[0]?.platformId, a.platformId)
    assert.match(hits[0]?.snippet ?? '', /\[bins\]/i)
    assert.equal((await store.search('"lewisham station"')).length, 1)
    assert.equal((await store.search('catf*')).length, 1)
    assert.equal((await store.search('bins OR pothole')).length, 2)
    // FTS syntax in the input is inert, not an error.
    assert.deepEqual(await store.search('NEAR( "unterminated'), [])
    assert.deepEqual(await store.search('***'), [])

    assert.equal(await store.getCheckpoint('f.ndjson'), '3')
    const st = await store.stats()
    assert.equal(st.posts, 2)
    assert.equal(st.quarantined, 1)
    assert.deepEqual(st.byReason, { MALFORMED_JSON: 1 })
    const [q] = await store.listQuarantine()
    assert.equal(q?.reason, 'MALFORMED_JSON')
    const full = await store.getQuarantine(q!.id)
    assert.equal(new TextDecoder().decode(full!.raw), '{"id":')

    const r3 = await store.writeBatch({
      posts: [],
      quarantine: [],
      deletes: [
        { platform: a.platform, platformId: a.platformId },
        { platform: 'x', platformId: 'nope' },
      ],
    })
    assert.equal(r3.deleted, 1)
    assert.equal((await store.search('bins')).length, 0)
    assert.equal((await store.stats()).posts, 1)
    // A replay of the deleted post does not bring it back.
    const r4 = await store.writeBatch({ posts: [a], quarantine: [], deletes: [] })
    assert.equal(r4.inserted, 0)
    assert.equal(r4.duplicates, 1)
  } finally {
    await store.close()
    t.done()
  }
})

test('the author-key secret is created once and kept', async () => {
  const t = tmpDb()
  try {
    const s1 = await openSqliteStore({ path: t.path })
    const k1 = await s1.authorKeySecret()
    await s1.close()
    const s2 = await openSqliteStore({ path: t.path })
    assert.equal(await s2.authorKeySecret(), k1)
    assert.equal(k1.length, 64)
    await s2.close()
  } finally {
    t.done()
  }
})

test('a database that cannot be opened is a clear STORE_UNAVAILABLE error', async () => {
  const t = tmpDb()
  try {
    // A path under a regular file can never be a database.
    const file = join(t.path, '..', '..', 'plain-file')
    writeFileSync(file, 'not a folder')
    await assert.rejects(
      openSqliteStore({ path: join(file, 'nope.db') }),
      (e: unknown) => (e as { code?: string }).code === 'STORE_UNAVAILABLE',
    )
  } finally {
    t.done()
  }
})
