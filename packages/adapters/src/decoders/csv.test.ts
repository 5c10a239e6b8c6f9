import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeAll, fixture, kinds, posts } from './testing.js'
import { pickDelimiter } from './csv.js'

test('CSV: header skip, quoted commas/newlines/quotes, CRLF, missing text, extra cells, no author, unclosed quote', async () => {
  const items = await decodeAll(fixture('posts.csv'))
  assert.deepEqual(kinds(items), [
    'skip',
    'post',
    'post',
    'quarantine:MISSING_FIELD',
    'quarantine:MALFORMED_CSV',
    'post',
    'quarantine:MALFORMED_CSV',
  ])
  const [a, b, c] = posts(items)
  assert.deepEqual(a, {
    platform: 'file',
    platformId: '1',
    url: undefined,
    author: { platformId: 'resident1', handle: 'resident1', displayName: undefined },
    text: 'Bin not collected, again',
    createdAt: '2024-09-01T08:00:00Z',
    langHint: 'en',
    geo: { lat: 53.8, lon: -1.55 },
  })
  assert.equal(b?.text, 'Line one\nline "two"')
  assert.equal(b?.createdAt, 1725177600000, 'epoch seconds become ms')
  assert.equal(c?.author.platformId, 'anonymous')
  assert.equal(items[3]?.position, 'row 3 (line 6)')
  const unclosed = items[6]
  assert.ok(unclosed?.kind === 'quarantine')
  assert.equal(
    unclosed.message,
    'A quoted field opened on line 9 is never closed before the end of the file.',
  )
})

test('CSV with a column mapping and semicolons; chunk boundaries inside a quoted field', async () => {
  const csv =
    'Nr;Beschreibung;Datum;Meldende\n7;"Ampel defekt; seit\nMontag";2024-09-02T07:00:00Z;anwohner\n'
  const mapping = { id: 'Nr', text: 'Beschreibung', createdAt: 'Datum', author: 'Meldende' }
  for (const size of [1, 3, 1024]) {
    const [p] = posts(await decodeAll(csv, 'csv', { mapping }, size))
    assert.equal(p?.platformId, '7')
    assert.equal(p?.text, 'Ampel defekt; seit\nMontag')
    assert.equal(p?.author.platformId, 'anwohner')
  }
})

test('CSV: invalid UTF-8 in a row is INVALID_UTF8 for that row only; a platform column is honoured', async () => {
  const head = new TextEncoder().encode(
    'id,text,created_at,platform\n1,"ok",2024-01-01T00:00:00Z,reddit\n2,"bad ',
  )
  const tail = new TextEncoder().encode('",2024-01-01T00:00:00Z,\n3,fine,2024-01-01T00:00:00Z,\n')
  const bytes = new Uint8Array([...head, 0xff, 0xfe, ...tail])
  const items = await decodeAll(bytes, 'auto')
  assert.deepEqual(kinds(items), ['skip', 'post', 'quarantine:INVALID_UTF8', 'post'])
  assert.equal(posts(items)[0]?.platform, 'reddit')
  const bad = items[2]
  assert.ok(bad?.kind === 'quarantine' && bad.raw instanceof Uint8Array)
})

test('delimiter choice ignores delimiters inside quotes', () => {
  assert.equal(pickDelimiter('a,b,c'), ',')
  assert.equal(pickDelimiter('"a,b";c;d'), ';')
  assert.equal(pickDelimiter('a\tb\tc'), '\t')
})
