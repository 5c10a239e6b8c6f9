import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sanitise, displayText, cleanText, parseTime } from './sanitise.js'
import { buildDraft } from '../testing/factories.js'

const NOW = Date.parse('2026-11-20T09:00:00Z')
const ctx = { receivedAt: NOW, authorKey: (p: string, a: string) => `k:${p}:${a}`, keepRaw: true }

test('a valid draft becomes a post with UTC times, an author key and display text', () => {
  const r = sanitise(
    buildDraft({ createdAt: '2026-11-20T10:15:00+02:00', hashtags: ['#Bins', 'bins', 'Lewisham'] }),
    ctx,
  )
  assert.ok(r.ok)
  assert.equal(r.post.createdAt, '2026-11-20T08:15:00.000Z')
  assert.equal(r.post.receivedAt, '2026-11-20T09:00:00.000Z')
  assert.match(r.post.author.key, /^k:mastodon:acct-/)
  assert.deepEqual(r.post.hashtags, ['bins', 'lewisham'])
})

test('lone surrogates become U+FFFD and text is NFC', () => {
  const r = sanitise(buildDraft({ text: 'Cafe\u0301 \uD800 ok' }), ctx)
  assert.ok(r.ok)
  assert.equal(r.post.text, 'Café \uFFFD ok')
})

test('bidi overrides and zero-width characters are removed from the display form only', () => {
  const evil = 'pay \u202Egnp.exe\u202C now\u200B!'
  const r = sanitise(buildDraft({ text: evil }), ctx)
  assert.ok(r.ok)
  assert.equal(r.post.text, evil)
  assert.equal(r.post.displayText, 'pay gnp.exe now!')
})

test('emoji zero-width joiners survive, lone ones do not', () => {
  assert.equal(displayText('family 👨\u200D👩\u200D👧 a\u200Db'), 'family 👨\u200D👩\u200D👧 ab')
})

test('1 MB of text is capped at the limit without breaking a surrogate pair', () => {
  const big = '😀'.repeat(600_000)
  const t = cleanText(big)
  assert.ok(t.length <= 40_000)
  assert.equal(t, t.toWellFormed())
  const r = sanitise(buildDraft({ text: big }), ctx)
  assert.ok(r.ok)
})

test('HTML and script stay inert text', () => {
  const r = sanitise(
    buildDraft({ text: '<script>alert(1)</script><img src=x onerror=alert(2)>' }),
    ctx,
  )
  assert.ok(r.ok)
  assert.equal(r.post.displayText, '<script>alert(1)</script><img src=x onerror=alert(2)>')
})

test('times: epoch seconds, ms and µs are read; unreadable, pre-2006 and far-future are quarantined', () => {
  assert.equal(parseTime('1732000000'), 1732000000000)
  assert.equal(parseTime(1732000000000), 1732000000000)
  assert.equal(parseTime('1732000000000000'), 1732000000000)
  for (const createdAt of ['yesterday', '1999-01-01T00:00:00Z', '2026-11-25T09:00:00Z']) {
    const r = sanitise(buildDraft({ createdAt }), ctx)
    assert.equal(r.ok, false, createdAt)
    if (!r.ok) assert.equal(r.reason, 'BAD_TIMESTAMP')
  }
})

test('a small clock skew is clamped to the receive time', () => {
  const r = sanitise(buildDraft({ createdAt: '2026-11-20T09:30:00Z' }), ctx)
  assert.ok(r.ok)
  assert.equal(r.post.createdAt, '2026-11-20T09:00:00.000Z')
})

test('wrong types and missing fields are quarantine reasons, never throws', () => {
  const cases: [unknown, string][] = [
    [{ ...buildDraft(), text: 42 }, 'WRONG_TYPE'],
    [{ ...buildDraft(), platformId: '' }, 'MISSING_FIELD'],
    [{ ...buildDraft(), author: {} }, 'MISSING_FIELD'],
    [{ ...buildDraft(), platformId: 'x'.repeat(600) }, 'TOO_LARGE'],
  ]
  for (const [d, reason] of cases) {
    const r = sanitise(d as never, ctx)
    assert.equal(r.ok, false)
    if (!r.ok) assert.equal(r.reason, reason)
  }
})

test('null island and out-of-range points are dropped, place names kept', () => {
  const r = sanitise(buildDraft({ geo: { lat: 0, lon: 0, placeName: 'Catford' } }), ctx)
  assert.ok(r.ok)
  assert.deepEqual(r.post.geo, { placeName: 'Catford' })
})
