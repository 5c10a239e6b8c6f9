import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeAll, fixture, kinds, posts } from './testing.js'

test('generic NDJSON with a mapping of JSON paths', async () => {
  const mapping = {
    id: 'post.ref',
    text: 'post.body',
    createdAt: 'post.when',
    author: 'who',
    lat: 'where.lat',
    lon: 'where.lon',
  }
  const items = await decodeAll(fixture('posts.ndjson'), 'ndjson', { mapping })
  assert.deepEqual(kinds(items), ['post', 'post', 'quarantine:MISSING_FIELD'])
  assert.deepEqual(posts(items)[0], {
    platform: 'file',
    platformId: 'a1',
    url: undefined,
    author: { platformId: 'u1', handle: 'sleepless', displayName: 'Sleepless' },
    text: 'Noise from the plant every night',
    createdAt: '2024-09-01T22:00:00Z',
    langHint: 'en',
    geo: { lat: 53.79, lon: -1.54 },
  })
  assert.equal(posts(items)[1]?.createdAt, 1725228000000)
  const q = items[2]
  assert.ok(q?.kind === 'quarantine')
  assert.equal(q.message, 'The text (field `post.body`) of post a3 is missing.')
})

test('generic NDJSON defaults; unsafe numeric ids are read exactly from the line; platform aliases', async () => {
  const lines = [
    '{"id": 12345678901234567890123, "text":"big id", "created_at":"2024-01-01T00:00:00Z", "author":"z"}',
    '{"id":1,"text":"x","createdAt":"2024-01-01T00:00:00Z","platform":"Twitter","lat":95,"lon":0}',
    '{"id":2,"text":17,"createdAt":"2024-01-01T00:00:00Z"}',
    '{"id":3,"text":"t","createdAt":true}',
    '{"id":4,"text":"t"}',
    '{"nothing":"useful"}',
  ]
  const items = await decodeAll(lines.join('\n'))
  assert.deepEqual(kinds(items), [
    'post',
    'post',
    'quarantine:WRONG_TYPE',
    'quarantine:BAD_TIMESTAMP',
    'quarantine:MISSING_FIELD',
    'quarantine:UNKNOWN_FORMAT',
  ])
  const [big, alias] = posts(items)
  assert.equal(big?.platformId, '12345678901234567890123')
  assert.equal(alias?.platform, 'x')
  assert.equal(alias?.geo, undefined, 'an out-of-range latitude is dropped')
})
