import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES, lastJson, run, tmp } from './helpers.js'

interface Summary {
  read: number
  accepted: number
  duplicates: number
  quarantined: number
  skipped: number
  deleted: number
  byReason: Record<string, number>
  seconds: number
}

test('ingest reads every fixture format, re-ingest adds nothing, search and stats see the posts', async () => {
  const t = tmp()
  try {
    const files = readdirSync(FIXTURES).map((f) => join(FIXTURES, f))
    const r1 = await run(['ingest', '--json', '--db', t.db, ...files])
    assert.equal(r1.code, 0, r1.stderr)
    const s1 = lastJson<Summary>(r1)
    assert.ok(s1.accepted > 20, `accepted ${s1.accepted}`)
    assert.equal(s1.read, s1.accepted + s1.duplicates + s1.quarantined + s1.skipped + s1.deleted)
    for (const k of ['read', 'accepted', 'duplicates', 'quarantined', 'byReason', 'seconds'])
      assert.ok(k in s1, k)

    const st1 = lastJson<{ posts: number; quarantined: number }>(
      await run(['stats', '--json', '--db', t.db]),
    )
    // Deletion notices in the fixtures erase posts stored earlier in the same input.
    assert.ok(st1.posts <= s1.accepted && st1.posts >= s1.accepted - s1.deleted)
    assert.equal(st1.quarantined, s1.quarantined)

    const r2 = await run(['ingest', '--json', '--db', t.db, ...files])
    const s2 = lastJson<Summary>(r2)
    assert.equal(s2.accepted, 0, 'a re-ingest stores nothing new (deleted posts stay deleted)')
    assert.equal(s2.duplicates, s1.accepted + s1.duplicates)
    const st2 = lastJson<{ posts: number; quarantined: number }>(
      await run(['stats', '--json', '--db', t.db]),
    )
    assert.equal(st2.posts, st1.posts)

    const hits = lastJson<unknown[]>(await run(['search', '--json', '--db', t.db, 'the']))
    assert.ok(Array.isArray(hits))
  } finally {
    t.done()
  }
})

test('standard input, hostile records, quarantine list/show and exit codes', async () => {
  const t = tmp()
  try {
    const lines = [
      JSON.stringify({
        id: 'a1',
        text: 'Streetlight out on Brockley Rise <script>alert(1)</script>',
        created_at: '2026-11-01T10:00:00Z',
        author: 'u1',
      }),
      '{"id": "a2", "text": "truncated',
      JSON.stringify({ id: 'a3', text: 42, created_at: '2026-11-01T10:00:00Z', author: 'u1' }),
      JSON.stringify({
        id: 'a4',
        text: '\u202Eevil\u202C rtl',
        created_at: '2026-11-01T10:00:00Z',
        author: 'u2',
      }),
      JSON.stringify({
        id: 'a5',
        text: 'x'.repeat(1_000_000),
        created_at: '2026-11-01T10:00:00Z',
        author: 'u3',
      }),
    ]
    const input = Buffer.concat([
      Buffer.from(lines.join('\n') + '\n'),
      Buffer.from([0xff, 0xfe, 0x7b, 0x0a]),
    ])
    const r = await run(['ingest', '-', '--json', '--format', 'ndjson', '--db', t.db], {
      stdin: input,
    })
    assert.equal(r.code, 0, r.stderr)
    const s = lastJson<Summary>(r)
    assert.ok(s.accepted >= 2, JSON.stringify(s))
    assert.ok(s.quarantined >= 2, JSON.stringify(s))
    assert.equal(s.read, s.accepted + s.duplicates + s.quarantined + s.skipped + s.deleted)

    const list = lastJson<{ id: number; reason: string }[]>(
      await run(['quarantine', 'list', '--json', '--db', t.db]),
    )
    assert.equal(list.length, s.quarantined)
    const shown = await run(['quarantine', 'show', String(list[0]!.id), '--db', t.db])
    assert.equal(shown.code, 0)
    assert.match(shown.stdout, /reason:/)
    const missing = await run(['quarantine', 'show', '99999', '--db', t.db])
    assert.notEqual(missing.code, 0)
    assert.match(missing.stderr, /No quarantined record/)

    const search = lastJson<{ displayText: string }[]>(
      await run(['search', '--json', '--db', t.db, 'rtl']),
    )
    assert.equal(search[0]?.displayText, 'evil rtl')
  } finally {
    t.done()
  }
})

test('exit codes: 1 for usage errors, 2 for unreadable input, messages are clear', async () => {
  const t = tmp()
  try {
    const usage = await run(['ingest', '--format', 'nope', 'x.json', '--db', t.db])
    assert.equal(usage.code, 1)
    assert.match(usage.stderr, /Allowed choices/)
    const missing = await run(['ingest', join(t.dir, 'missing.ndjson'), '--db', t.db])
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /no such file/)
    const badMapping = await run(['ingest', '--mapping', '{oops', '-', '--db', t.db])
    assert.equal(badMapping.code, 1)
    const unknown = await run(['frobnicate'])
    assert.equal(unknown.code, 1)
    writeFileSync(join(t.dir, 'empty.ndjson'), '')
    const empty = await run(['ingest', '--json', join(t.dir, 'empty.ndjson'), '--db', t.db])
    assert.equal(empty.code, 0)
    assert.equal(lastJson<Summary>(empty).read, 0)
  } finally {
    t.done()
  }
})

test('CIVICPULSE_DB chooses the database when --db is absent', async () => {
  const t = tmp()
  try {
    const line =
      JSON.stringify({
        id: 'e1',
        text: 'Library closed early',
        created_at: '2026-11-01T10:00:00Z',
        author: 'u1',
      }) + '\n'
    const r = await run(['ingest', '--json', '-'], { stdin: line, env: { CIVICPULSE_DB: t.db } })
    assert.equal(r.code, 0, r.stderr)
    const st = lastJson<{ posts: number }>(await run(['stats', '--json', '--db', t.db]))
    assert.equal(st.posts, 1)
  } finally {
    t.done()
  }
})
