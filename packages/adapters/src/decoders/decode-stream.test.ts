import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeStream, detectFormat, MAX_DOCUMENT_BYTES, MAX_LINE_BYTES } from './index.js'
import { chunked, decodeAll, fixture, kinds, posts } from './testing.js'
import { firstInvalidUtf8 } from './lines.js'

const enc = new TextEncoder()
const post = (id: string, text = 'hello') =>
  JSON.stringify({ id, text, created_at: '2024-01-01T00:00:00Z', author: 'a' })

test('detectFormat: per file from the first bytes', () => {
  assert.equal(detectFormat(fixture('x-recent-search.json')), 'x-v2')
  assert.equal(detectFormat(fixture('x-filtered-stream.jsonl')), 'x-v2')
  assert.equal(detectFormat(fixture('mastodon-timeline.json')), 'mastodon')
  assert.equal(detectFormat(fixture('mastodon-stream.txt')), 'mastodon')
  assert.equal(detectFormat(fixture('jetstream.jsonl')), 'bluesky-jetstream')
  assert.equal(detectFormat(fixture('reddit-listing.json')), 'reddit')
  assert.equal(detectFormat(fixture('feed.rss.xml')), 'rss')
  assert.equal(detectFormat(fixture('feed.atom.xml')), 'atom')
  assert.equal(detectFormat(fixture('posts.csv')), 'csv')
  assert.equal(detectFormat(fixture('posts.ndjson')), 'ndjson')
  assert.equal(detectFormat(enc.encode('\ufeff{"id":"1","text":"x"}\r\n')), 'ndjson')
  assert.equal(detectFormat(enc.encode('   ')), 'auto')
  // A first line cut by the sample size is still recognised from its keys.
  assert.equal(
    detectFormat(enc.encode('{"data": [{"id": "1", "text": "a"}], "includes": {"users": [')),
    'x-v2',
  )
})

test('BOM, CRLF and blank lines: BOM stripped, CR removed, blank lines are not records', async () => {
  const text = '\ufeff' + [post('1'), '', '   ', post('2')].join('\r\n') + '\r\n\r\n'
  const items = await decodeAll(text)
  assert.deepEqual(kinds(items), ['post', 'post'])
  assert.deepEqual(
    items.map((i) => i.position),
    ['line 1', 'line 4'],
  )
  assert.deepEqual(await decodeAll(''), [])
})

test('chunk boundaries anywhere (even inside a multi-byte character) give the same outcomes', async () => {
  const text = [post('1', 'Grüße 👋🏽 aus Köln'), post('2', 'ünïcödé'), '{"broken":'].join('\n')
  const whole = await decodeAll(text)
  for (const size of [1, 2, 3, 5, 7])
    assert.deepEqual(await decodeAll(text, 'auto', {}, size), whole)
  assert.equal(posts(whole)[0]?.text, 'Grüße 👋🏽 aus Köln')
})

test('invalid UTF-8: only the line holding it is quarantined, with its raw bytes', async () => {
  const bytes = new Uint8Array([
    ...enc.encode(post('1') + '\n{"id":"2","text":"'),
    0xc3,
    0x28,
    ...enc.encode('"}\n' + post('3') + '\n'),
  ])
  const items = await decodeAll(bytes)
  assert.deepEqual(kinds(items), ['post', 'quarantine:INVALID_UTF8', 'post'])
  const q = items[1]
  assert.ok(q?.kind === 'quarantine' && q.raw instanceof Uint8Array)
  assert.equal(q.raw[q.raw.length - 3], 0x28)
  assert.equal(q.position, 'line 2')
})

test('lone surrogates from JSON escapes pass through to the sanitiser; RTL override kept', async () => {
  const [p] = posts(
    await decodeAll(
      '{"id":"1","text":"a\\ud800b \\u202eevil","created_at":"2024-01-01T00:00:00Z"}',
    ),
  )
  assert.equal(p?.text, 'a\ud800b \u202eevil')
})

test('a 1 MB text is decoded (the sanitiser caps it); a line over the limit is TOO_LARGE and skipped', async () => {
  const big = 'x'.repeat(1024 * 1024)
  const [p] = posts(await decodeAll(post('1', big)))
  assert.equal(p?.text.length, 1024 * 1024)
  const huge = '{"id":"2","text":"' + 'y'.repeat(MAX_LINE_BYTES + 10) + '"}'
  const items = await decodeAll(huge + '\n' + post('3') + '\n', 'auto', {}, 1024 * 1024)
  assert.deepEqual(kinds(items), ['quarantine:TOO_LARGE', 'post'])
  const q = items[0]
  assert.ok(q?.kind === 'quarantine' && q.raw instanceof Uint8Array)
  assert.equal(q.raw.length, 256 * 1024, 'raw bytes are capped at 256 KB')
  assert.equal(posts(items)[0]?.platformId, '3')
})

test('a whole document over the cap is one TOO_LARGE quarantine (and the input is drained)', async () => {
  const piece = enc.encode(' '.repeat(1024 * 1024))
  let reads = 0
  async function* input() {
    yield enc.encode('[\n')
    for (let i = 0; i <= MAX_DOCUMENT_BYTES / piece.length; i++) {
      reads++
      yield piece
    }
  }
  const out = []
  for await (const b of decodeStream(input(), { format: 'auto', source: 't' })) out.push(...b)
  assert.deepEqual(kinds(out), ['quarantine:TOO_LARGE'])
  assert.equal(reads, MAX_DOCUMENT_BYTES / piece.length + 1)
})

test('pretty JSON truncated document → one MALFORMED_JSON; NDJSON with a broken first line → per line', async () => {
  const doc = JSON.stringify([{ id: '1', text: 'a', created_at: '2024-01-01T00:00:00Z' }], null, 2)
  const cut = await decodeAll(doc.slice(0, -10))
  assert.deepEqual(kinds(cut), ['quarantine:MALFORMED_JSON'])
  assert.equal(cut[0]?.position, 'document')
  const ndjson = ['{"id":"0","te', post('1'), post('2')].join('\n')
  assert.deepEqual(kinds(await decodeAll(ndjson)), ['quarantine:MALFORMED_JSON', 'post', 'post'])
})

test('invalid UTF-8 inside a whole document: read with replacement, reported once, records kept', async () => {
  const bytes = new Uint8Array([
    ...enc.encode('[\n {"id":"1","text":"a'),
    0xff,
    ...enc.encode('","created_at":"2024-01-01T00:00:00Z"}\n]\n'),
  ])
  const items = await decodeAll(bytes)
  assert.deepEqual(kinds(items), ['quarantine:INVALID_UTF8', 'post'])
  assert.equal(posts(items)[0]?.text, 'a\ufffd')
})

test('outcomes come in batches, not one per await; raw payload kept by default', async () => {
  const lines = Array.from({ length: 3000 }, (_, i) => post(String(i))).join('\n')
  const batches: number[] = []
  let raw: unknown
  for await (const b of decodeStream(chunked(enc.encode(lines), 1 << 20), {
    format: 'ndjson',
    source: 't',
  })) {
    batches.push(b.length)
    raw ??= b[0]?.kind === 'post' ? b[0].draft.raw : undefined
  }
  // One chunk of input: its complete lines in one batch, the unterminated last line at the end.
  assert.deepEqual(batches, [2999, 1])
  assert.deepEqual(raw, { id: '0', text: 'hello', created_at: '2024-01-01T00:00:00Z', author: 'a' })
})

test('errors of the input itself propagate (an I/O error is not a record)', async () => {
  async function* failing() {
    yield enc.encode(post('1') + '\n')
    throw new Error('disk gone')
  }
  await assert.rejects(async () => {
    for await (const b of decodeStream(failing(), { format: 'auto', source: 't' })) void b
  }, /disk gone/)
})

test('firstInvalidUtf8 finds overlongs, surrogates and truncated sequences', () => {
  assert.equal(firstInvalidUtf8(enc.encode('ok é 😀')), -1)
  assert.equal(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80])), 1)
  assert.equal(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80])), 0)
  assert.equal(firstInvalidUtf8(new Uint8Array([0x61, 0xf0, 0x9f])), 1)
})

test('explicit formats override detection; garbage text becomes MALFORMED_JSON per line', async () => {
  assert.deepEqual(kinds(await decodeAll('hello world\nsecond line\n')), [
    'quarantine:MALFORMED_JSON',
    'quarantine:MALFORMED_JSON',
  ])
  assert.deepEqual(kinds(await decodeAll(fixture('posts.ndjson'), 'rss')), [
    'quarantine:MALFORMED_XML',
  ])
})

test('pathological nesting is quarantined, never a stack overflow', async () => {
  const n = 100_000
  const arrays = await decodeAll('['.repeat(n) + ']'.repeat(n))
  assert.deepEqual(kinds(arrays), ['quarantine:UNKNOWN_FORMAT'])
  const listing = '{"kind":"Listing","data":{"children":['
  const reddit = await decodeAll(listing.repeat(20_000) + ']}}'.repeat(20_000))
  assert.deepEqual(kinds(reddit), ['quarantine:TOO_LARGE'])
  const xml =
    '<rss><channel><item><title>' +
    '<b>'.repeat(20_000) +
    'x' +
    '</b>'.repeat(20_000) +
    '</title></item></channel></rss>'
  assert.deepEqual(kinds(await decodeAll(xml)), ['quarantine:MALFORMED_XML'])
})
