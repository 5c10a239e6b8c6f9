import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeAll, fixture, kinds, posts } from './testing.js'
import { sliceBytes } from './bluesky.js'

test('Jetstream: posts, updates, likes, deletes, identity and account events each get one outcome', async () => {
  const items = await decodeAll(fixture('jetstream.jsonl'))
  assert.deepEqual(kinds(items), [
    'post',
    'post',
    'skip',
    'delete',
    'skip',
    'skip',
    'quarantine:WRONG_TYPE',
  ])
  assert.deepEqual(items[3], {
    kind: 'delete',
    platform: 'bluesky',
    platformId: 'at://did:plc:alice00000000000000000000/app.bsky.feed.post/3l3qo2vuowo2b',
    position: 'line 4',
  })
})

test('Jetstream facets use UTF-8 byte offsets (emoji and umlauts before the mention)', async () => {
  const [p] = posts(await decodeAll(fixture('jetstream.jsonl')))
  assert.deepEqual(p, {
    platform: 'bluesky',
    platformId: 'at://did:plc:alice00000000000000000000/app.bsky.feed.post/3l3qo2vuowo2b',
    url: 'https://bsky.app/profile/did:plc:alice00000000000000000000/post/3l3qo2vuowo2b',
    author: { platformId: 'did:plc:alice00000000000000000000' },
    text: 'Grüße 👋🏽 @ann.bsky.social: Schlagloch vor der Tür! example.org/road… #Schlagloch',
    createdAt: '2024-09-09T19:46:02.102Z',
    langHint: 'de',
    replyToId: 'at://did:plc:par00000000000000000000000/app.bsky.feed.post/3l3parent',
    conversationId: 'at://did:plc:root0000000000000000000000/app.bsky.feed.post/3l3root',
    quoteOfId: 'at://did:plc:q000000000000000000000000/app.bsky.feed.post/3l3quoted',
    hashtags: ['Schlagloch', 'strassen'],
    mentions: ['ann.bsky.social'],
    links: ['https://example.org/road/closures?week=36'],
  })
})

test('Jetstream update without createdAt falls back to time_us; recordWithMedia quote is found', async () => {
  const p = posts(await decodeAll(fixture('jetstream.jsonl')))[1]
  assert.equal(p?.createdAt, 1725911163000)
  assert.equal(p?.quoteOfId, 'at://did:plc:q000000000000000000000000/app.bsky.feed.post/3l3other')
})

test('byte slicing: UTF-16 offsets would be wrong; out-of-range offsets are ignored', () => {
  const bytes = new TextEncoder().encode('é😀 @bo')
  // 'é' is 2 bytes, '😀' 4 bytes, then a space: '@bo' starts at byte 7 (UTF-16 index 4).
  assert.equal(sliceBytes(bytes, { byteStart: 7, byteEnd: 10 }), '@bo')
  assert.equal(sliceBytes(bytes, { byteStart: 7, byteEnd: 99 }), undefined)
  assert.equal(sliceBytes(bytes, { byteStart: '7', byteEnd: 10 }), undefined)
})

test('a mention facet with broken offsets still yields the DID', async () => {
  const ev = {
    did: 'did:plc:x',
    time_us: 1,
    kind: 'commit',
    commit: {
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: 'r1',
      record: {
        text: 'hi',
        createdAt: '2024-01-01T00:00:00Z',
        facets: [
          {
            index: { byteStart: 50, byteEnd: 60 },
            features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:m' }],
          },
        ],
      },
    },
  }
  const [p] = posts(await decodeAll(JSON.stringify(ev)))
  assert.deepEqual(p?.mentions, ['did:plc:m'])
})

test('Jetstream v2 envelope: a like message is skipped; a commit without record is MISSING_FIELD', async () => {
  const like = {
    $type: 'message',
    payload: {
      $type: 'network.bsky.jetstream.subscribeEvents#commit',
      did: 'did:plc:a',
      time: '2024-09-09T19:46:02Z',
      operation: 'create',
      collection: 'app.bsky.feed.like',
      rkey: 'k',
    },
  }
  const noRecord = {
    did: 'did:plc:a',
    time_us: 1,
    kind: 'commit',
    commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'k' },
  }
  const items = await decodeAll(
    [like, noRecord].map((o) => JSON.stringify(o)).join('\n'),
    'bluesky-jetstream',
  )
  assert.deepEqual(kinds(items), ['skip', 'quarantine:MISSING_FIELD'])
})
