import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeAll, fixture, kinds, posts } from './testing.js'

test('Reddit Listing: t3 self and link posts, t1 comments with nested replies, more → skip', async () => {
  const items = await decodeAll(fixture('reddit-listing.json'))
  assert.deepEqual(kinds(items), [
    'post',
    'post',
    'post',
    'post',
    'skip',
    'quarantine:MISSING_FIELD',
  ])
  const [self, link, comment, reply] = posts(items)
  assert.deepEqual(self, {
    platform: 'reddit',
    platformId: 't3_1c2d3a',
    url: 'https://www.reddit.com/r/leeds/comments/1c2d3a/buses_on_the_ring_road/',
    author: { platformId: 'bus_rider', handle: 'bus_rider' },
    text: 'Buses on the ring road\n\nThe 49 was 40 minutes late twice this week.\n\nAnyone else?',
    createdAt: 1712345678000,
    conversationId: 't3_1c2d3a',
    metrics: { likes: 57, replies: 12 },
  })
  assert.equal(link?.text, 'Council publishes new recycling rules')
  assert.deepEqual(link?.author, { platformId: '[deleted]', handle: undefined })
  assert.equal(link?.createdAt, 1712345999500, 'float epoch seconds keep their milliseconds')
  assert.deepEqual(link?.links, ['https://news.example/recycling-2024'])
  assert.equal(comment?.replyToId, 't3_1c2d3a')
  assert.equal(
    comment?.text,
    'Same here &amp; worse on Sundays',
    'bodies are kept as sent (raw_json=1 sends them unescaped)',
  )
  assert.equal(reply?.platformId, 't1_kx2')
  assert.equal(reply?.replyToId, 't1_kx1')
  assert.equal(reply?.conversationId, 't3_1c2d3a')
  assert.equal(items[4]?.position, 'document child 3 replies child 2')
})

test('Reddit comments endpoint [post Listing, comment Listing] and the POST /api/comment reply', async () => {
  const t3 = {
    kind: 't3',
    data: {
      name: 't3_p',
      title: 'T',
      selftext: '',
      author: 'a',
      created_utc: 1,
      permalink: '/r/x/comments/p/t/',
    },
  }
  const t1 = {
    kind: 't1',
    data: {
      name: 't1_c',
      body: 'B',
      author: 'b',
      created_utc: 2,
      parent_id: 't3_p',
      link_id: 't3_p',
      replies: '',
    },
  }
  const pair = [
    { kind: 'Listing', data: { children: [t3] } },
    { kind: 'Listing', data: { children: [t1] } },
  ]
  const items = await decodeAll(JSON.stringify(pair, null, 2))
  assert.deepEqual(
    posts(items).map((p) => p.platformId),
    ['t3_p', 't1_c'],
  )
  assert.equal(posts(items)[0]?.text, 'T', 'an empty selftext adds nothing')
  const reply = { json: { errors: [], data: { things: [t1] } } }
  assert.deepEqual(
    posts(await decodeAll(JSON.stringify(reply))).map((p) => p.platformId),
    ['t1_c'],
  )
})

test('Reddit wrong types: created_utc as text that is not a number, title as a number', async () => {
  const a = { kind: 't1', data: { name: 't1_a', body: 'x', author: 'u', created_utc: 'yesterday' } }
  const b = { kind: 't3', data: { name: 't3_b', title: 7, author: 'u', created_utc: 1 } }
  const items = await decodeAll(
    JSON.stringify({ kind: 'Listing', data: { children: [a, b, 'junk'] } }),
    'reddit',
  )
  assert.deepEqual(kinds(items), ['post', 'quarantine:WRONG_TYPE', 'quarantine:WRONG_TYPE'])
  // 'yesterday' is passed on as text: the sanitiser decides about unreadable times.
  assert.equal(posts(items)[0]?.createdAt, 'yesterday')
})
