import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeAll, fixture, kinds, posts } from './testing.js'

test('X recent-search page: tweets joined with includes (author, place), entities, references', async () => {
  const items = await decodeAll(fixture('x-recent-search.json'))
  assert.deepEqual(kinds(items), [
    'post',
    'post',
    'post',
    'quarantine:MISSING_FIELD',
    'quarantine:WRONG_TYPE',
  ])
  const [a, b, c] = posts(items)
  assert.deepEqual(a, {
    platform: 'x',
    platformId: '1790000000000000001',
    url: 'https://x.com/leedsres/status/1790000000000000001',
    author: { platformId: '2244994945', handle: 'leedsres', displayName: 'Leeds Resident' },
    text: 'Bins on Elm Road missed again & again #bins @CityCouncil https://t.co/abc123',
    createdAt: '2024-05-13T08:15:00.000Z',
    langHint: 'en',
    conversationId: '1790000000000000001',
    hashtags: ['bins'],
    mentions: ['CityCouncil'],
    links: ['https://example.org/report/42'],
    geo: { lat: 53.8008, lon: -1.5491, placeName: 'Leeds, England' },
    metrics: { likes: 7, reposts: 2, replies: 1, quotes: 0 },
  })
  assert.equal(b?.replyToId, '1790000000000000001')
  assert.equal(b?.quoteOfId, '1780000000000000009')
  assert.equal(b?.langHint, undefined, '"und" means no language')
  assert.equal(b?.author.handle, 'neigh_bour')
  // note_tweet text and entities replace the truncated text.
  assert.equal(
    c?.text,
    'A long note about the library opening hours that X cut short, continued here in full. #libraries',
  )
  assert.deepEqual(c?.hashtags, ['libraries'])
  assert.equal(c?.repostOfId, '1780000000000000010')
  const q = items[3]
  assert.ok(q?.kind === 'quarantine')
  assert.equal(q.message, 'The text of X tweet 1790000000000000004 is missing.')
  assert.equal(q.position, 'document tweet 4')
  const big = items[4]
  assert.ok(big?.kind === 'quarantine')
  assert.match(big.message, /too large to be exact/)
})

test('X filtered stream: big matching_rules id is harmless, error line, missing author, truncated last line', async () => {
  const items = await decodeAll(fixture('x-filtered-stream.jsonl'))
  assert.deepEqual(kinds(items), [
    'post',
    'quarantine:PLATFORM_ERROR',
    'quarantine:MISSING_FIELD',
    'quarantine:MALFORMED_JSON',
  ])
  assert.deepEqual(posts(items)[0], {
    platform: 'x',
    platformId: '1800000000000000001',
    url: 'https://x.com/nightwalker/status/1800000000000000001',
    author: { platformId: '42', handle: 'nightwalker', displayName: 'Night Walker' },
    text: 'Street light out on Park Lane',
    createdAt: '2024-06-01T21:00:00.000Z',
    langHint: 'en',
  })
  const err = items[1]
  assert.ok(err?.kind === 'quarantine')
  assert.equal(err.position, 'line 3')
  assert.equal(
    err.message,
    'X returned an error instead of tweets: operational-disconnect — This stream has been disconnected for operational reasons.',
  )
  const cut = items[3]
  assert.ok(cut?.kind === 'quarantine')
  assert.equal(cut.position, 'line 5')
  assert.match(cut.message, /cut off/)
  assert.equal(typeof cut.raw, 'string')
  assert.ok((cut.raw as string).startsWith('{"data":{"id":"1800000000000000003"'))
})

test('X lookup without created_at: the time comes from the snowflake id', async () => {
  const line = JSON.stringify({ data: { id: '1293593516040269825', text: 'hi', author_id: '1' } })
  const [p] = posts(await decodeAll(line))
  // (1293593516040269825 >> 22) + 1288834974657 = 1597251702686 → 2020-08-12T17:01:42.686Z
  assert.equal(p?.createdAt, 1597251702686)
  assert.equal(new Date(p?.createdAt as number).toISOString(), '2020-08-12T17:01:42.686Z')
})

test('X compliance: delete records become deletions, other actions are skipped', async () => {
  const items = await decodeAll(fixture('x-compliance.jsonl'))
  assert.deepEqual(items[0], {
    kind: 'delete',
    platform: 'x',
    platformId: '1800000000000000001',
    position: 'line 1',
  })
  assert.equal(items[1]?.kind, 'skip')
})

test('X counts and user lookups are skipped; an empty page is skipped', async () => {
  const counts = JSON.stringify({
    data: [{ end: 'a', start: 'b', tweet_count: 3 }],
    meta: { total_tweet_count: 3 },
  })
  const users = JSON.stringify({ data: [{ id: '1', name: 'N', username: 'n' }] })
  const empty = JSON.stringify({ meta: { result_count: 0 }, data: [] })
  assert.deepEqual(kinds(await decodeAll([counts, users, empty].join('\n'))), [
    'skip',
    'skip',
    'skip',
  ])
})

test('X ids are never parsed through a number: a numeric id is read back from the raw line', async () => {
  const line =
    '{"data":{"id":1800000000000000123,"text":"t","author_id":7,"created_at":"2024-01-01T00:00:00Z"}}'
  const [p] = posts(await decodeAll(line, 'x-v2'))
  assert.equal(p?.platformId, '1800000000000000123')
  assert.equal(p?.author.platformId, '7')
})

test('explicit x-v2 on a non-X object is UNKNOWN_FORMAT with the keys listed', async () => {
  const [q] = await decodeAll('{"hello":"world"}', 'x-v2')
  assert.ok(q?.kind === 'quarantine')
  assert.equal(q.reason, 'UNKNOWN_FORMAT')
  assert.match(q.message, /`hello`/)
})
