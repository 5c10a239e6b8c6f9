import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeAll, fixture, kinds, posts } from './testing.js'

test('Mastodon REST array: HTML to text, content warning first, tags, mentions, links, metrics', async () => {
  const items = await decodeAll(fixture('mastodon-timeline.json'))
  assert.deepEqual(kinds(items), ['post', 'post', 'post', 'post', 'quarantine:MISSING_FIELD'])
  assert.deepEqual(posts(items)[0], {
    platform: 'mastodon',
    platformId: '113000000000000001',
    url: 'https://town.example/@ann/113000000000000001',
    author: { platformId: '109000000000000001', handle: 'ann', displayName: 'Ann Example' },
    text: 'council meeting\n\nAgenda is out & the #budget item is first.\nThanks @clerk\n\nRead: https://example.org/agenda?id=7&v=2',
    createdAt: '2024-09-01T10:00:00.000Z',
    langHint: 'en',
    hashtags: ['budget'],
    mentions: ['clerk'],
    links: ['https://example.org/agenda?id=7&v=2'],
    metrics: { likes: 3, reposts: 2, replies: 1, quotes: 0 },
  })
})

test('Mastodon reblog: the wrapper points at the reblogged status, which is decoded too', async () => {
  const [, wrapper, original] = posts(await decodeAll(fixture('mastodon-timeline.json')))
  assert.equal(wrapper?.platformId, '113000000000000002')
  assert.equal(wrapper?.repostOfId, '113000000000000003')
  assert.equal(wrapper?.text, '')
  assert.equal(wrapper?.author.handle, 'bob@other.example')
  assert.equal(wrapper?.author.displayName, undefined, 'an empty display name is absent')
  assert.deepEqual(original, {
    platform: 'mastodon',
    platformId: '113000000000000003',
    url: 'https://far.example/@cem/1',
    author: { platformId: '109000000000000004', handle: 'cem@far.example', displayName: 'Cem' },
    text: 'Die Brücke ist gesperrt.',
    createdAt: '2024-09-01T09:30:00.000Z',
    langHint: 'de',
    replyToId: '113000000000000000',
  })
})

test('Mastodon hostile content: script stays inert text, RTL override passes to the sanitiser', async () => {
  const p = posts(await decodeAll(fixture('mastodon-timeline.json')))[3]
  assert.equal(p?.text, "<script>alert('escaped')</script>\n\nalert('raw')\n\n\u202eevil")
})

test('Mastodon streaming: heartbeat, update, notification, edit, delete with a bare big id, cut-off event', async () => {
  const items = await decodeAll(fixture('mastodon-stream.txt'))
  assert.deepEqual(kinds(items), [
    'skip',
    'post',
    'skip',
    'post',
    'delete',
    'quarantine:MALFORMED_JSON',
    'skip',
    'quarantine:UNKNOWN_FORMAT',
    'skip',
  ])
  assert.deepEqual(items[4], {
    kind: 'delete',
    platform: 'mastodon',
    platformId: '113000000000000010123',
    position: 'event 4 (line 11)',
  })
  const [update, edit] = posts(items)
  assert.equal(update?.text, 'Road closed near the school')
  assert.equal(edit?.platformId, update?.platformId)
  assert.equal(edit?.text, 'Road closed near the school (edited)')
  const cut = items[5]
  assert.ok(cut?.kind === 'quarantine')
  assert.match(cut.message, /^The "update" event's data is not valid JSON \(it is cut off/)
})

test('Mastodon streaming with CRLF line endings and multi-line data', async () => {
  const status = {
    id: '1',
    created_at: '2024-01-01T00:00:00Z',
    content: '<p>a</p>',
    account: { id: '2', acct: 'z' },
  }
  const json = JSON.stringify(status, null, 1).split('\n')
  const sse = [
    'event: update',
    ...json.map((l) => `data: ${l}`),
    '',
    'event: delete',
    'data: 1',
    '',
    '',
  ].join('\r\n')
  const items = await decodeAll(sse)
  assert.deepEqual(kinds(items), ['post', 'delete'])
  assert.equal(posts(items)[0]?.text, 'a')
})

test('Mastodon notifications and conversations (REST) are skipped', async () => {
  const n = {
    id: '1',
    type: 'mention',
    created_at: '2024-01-01T00:00:00Z',
    group_key: 'g',
    account: { id: '2' },
    status: null,
  }
  const c = { id: '3', unread: false, accounts: [], last_status: null }
  assert.deepEqual(kinds(await decodeAll(JSON.stringify([n, c]))), ['skip', 'skip'])
})

test('Mastodon wrong types: content as a number, account id missing', async () => {
  const bad1 = { id: '1', created_at: '2024-01-01T00:00:00Z', content: 5, account: { id: '2' } }
  const bad2 = {
    id: '3',
    created_at: '2024-01-01T00:00:00Z',
    content: '<p>x</p>',
    account: { acct: 'y' },
  }
  const items = await decodeAll([bad1, bad2].map((o) => JSON.stringify(o)).join('\n'), 'mastodon')
  assert.deepEqual(kinds(items), ['quarantine:WRONG_TYPE', 'quarantine:MISSING_FIELD'])
})
