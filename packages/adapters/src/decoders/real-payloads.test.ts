/**
 * Every real recorded payload in ../shared/data/payloads/{mastodon,x,reddit,bluesky} is decoded:
 * no throw, every record has an outcome, and the known counts match. Skipped when the shared
 * folder is absent. No payload text is copied here: assertions are on counts, ids and structure.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { sharedData } from '../shared-data.js'
import { decodeAll, kinds, posts } from './testing.js'
import type { DecodedItem } from './types.js'

const root = sharedData('payloads')
const skip = root === undefined ? 'shared payloads folder absent' : false

/** Outcome counts per file (`post`, `skip`, `delete`, `quarantine:REASON`). */
const EXPECTED: Record<string, Record<string, number>> = {
  'x/brexit.jsonl': { post: 100 },
  'x/counts.jsonl': { skip: 1 },
  'x/edited.jsonl': { post: 1 },
  'x/edited_before.jsonl': { post: 1 },
  'x/entities_test.jsonl': { post: 474 },
  'x/geo_tweets.jsonl': { post: 2 },
  'x/media_tweet.jsonl': { post: 1 },
  'x/quoted_edit.jsonl': { post: 1 },
  'x/streaming_output_with_error.jsonl': { post: 7, 'quarantine:MALFORMED_JSON': 1 },
  // Default-fields responses carry no author_id: quarantined with a message saying how to ask for it.
  'x/tweepy-get-tweet.json': { 'quarantine:MISSING_FIELD': 1 },
  'x/tweepy-home-timeline-reverse-chronological.json': { 'quarantine:MISSING_FIELD': 98 },
  'x/tweepy-search-recent.json': { 'quarantine:MISSING_FIELD': 10 },
  'x/tweets_compliance.jsonl': { delete: 2 },
  'x/users.jsonl': { skip: 1 },
  'x/verified_type.jsonl': { post: 1 },
  'x/withheld.jsonl': { post: 215 },
  'mastodon/notifications.json': { skip: 1 },
  'mastodon/status-post.json': { post: 1 },
  'mastodon/status-reblog.json': { post: 2 },
  'mastodon/status-reply.json': { post: 1 },
  'mastodon/status-with-card.json': { post: 1 },
  'mastodon/status-with-media.json': { post: 1 },
  'mastodon/stream-direct.txt': { skip: 4 },
  'mastodon/stream-user-local.txt': { skip: 1, post: 1 },
  'mastodon/stream-user.txt': { skip: 4, post: 3, delete: 1 },
  'mastodon/timeline-home.json': { post: 13 },
  'mastodon/timeline-public.json': { post: 8 },
  'mastodon/timeline-tag-hoot.json': { post: 1 },
  'reddit/comment-context.json': { post: 68 },
  'reddit/comment-reply.json': { post: 1 },
  'reddit/inbox-mentions.json': { post: 16 },
  'reddit/popular-hot.json': { post: 100 },
  'reddit/redditor-overview-new.json': { post: 100 },
  'reddit/search-r-all.json': { post: 6 },
  'reddit/stream-comments-r-all-before-empty.json': { skip: 1 },
  'reddit/stream-comments-r-all-before-partial.json': { post: 31 },
  'reddit/stream-comments-r-all-page1.json': { post: 100 },
  'reddit/stream-comments-subreddit-2023.json': { post: 100 },
  'reddit/subreddit-new-askreddit.json': { post: 100 },
  'bluesky/jetstream-examples.ndjson': { skip: 5 },
  'bluesky/jetstream-v1-capture-2026-07-04.jsonl': { skip: 134, post: 17, delete: 1 },
  'bluesky/jetstream-v1-golden-2026-05-25.jsonl': { skip: 9, post: 1 },
  'bluesky/jetstream-v2-docs-example.json': { skip: 1 },
}

/** Sidecars and capture metadata are not payloads. */
const isPayload = (name: string) =>
  !name.endsWith('.headers.json') &&
  !name.endsWith('.manifest.json') &&
  name !== 'twarc-request-metadata.json'

function tally(items: DecodedItem[]): Record<string, number> {
  const t: Record<string, number> = {}
  for (const k of kinds(items)) t[k] = (t[k] ?? 0) + 1
  return t
}

const decoded = new Map<string, DecodedItem[]>()
async function load(rel: string): Promise<DecodedItem[]> {
  let items = decoded.get(rel)
  if (!items) {
    items = await decodeAll(new Uint8Array(readFileSync(join(root as string, rel))))
    decoded.set(rel, items)
  }
  return items
}

test('every recorded payload file decodes with the expected outcome counts', { skip }, async () => {
  const seen: string[] = []
  for (const dir of ['x', 'mastodon', 'reddit', 'bluesky']) {
    for (const name of readdirSync(join(root as string, dir)).sort()) {
      if (!isPayload(name)) continue
      const rel = `${dir}/${name}`
      seen.push(rel)
      const items = await load(rel)
      assert.ok(items.length > 0, `${rel}: no outcome`)
      assert.deepEqual(tally(items), EXPECTED[rel], rel)
      for (const i of items) {
        if (i.kind === 'quarantine')
          assert.ok(
            i.message.length > 10 && i.raw.length > 0,
            `${rel}: quarantine without message/raw`,
          )
        if (i.kind === 'post') {
          assert.ok(
            i.draft.platformId !== '' && i.draft.author.platformId !== '',
            `${rel}: empty id`,
          )
          assert.ok(
            typeof i.draft.createdAt === 'string' || Number.isFinite(i.draft.createdAt),
            `${rel}: bad time`,
          )
        }
      }
    }
  }
  assert.deepEqual(seen.sort(), Object.keys(EXPECTED).sort(), 'a payload file was added or removed')
})

test(
  'X stream: the truncated line 8 is MALFORMED_JSON and the big matching_rules ids do not matter',
  { skip },
  async () => {
    const items = await load('x/streaming_output_with_error.jsonl')
    const last = items.at(-1)
    assert.ok(last?.kind === 'quarantine')
    assert.equal(last.reason, 'MALFORMED_JSON')
    assert.equal(last.position, 'line 8')
    for (const p of posts(items)) {
      assert.match(p.platformId, /^\d{19}$/)
      assert.ok(p.author.handle, 'author joined from includes.users')
    }
  },
)

test(
  'X brexit page: every tweet gets its author handle from includes; ids exact',
  { skip },
  async () => {
    const page = JSON.parse(readFileSync(join(root as string, 'x/brexit.jsonl'), 'utf8')) as {
      data: { id: string }[]
    }
    const ps = posts(await load('x/brexit.jsonl'))
    assert.deepEqual(
      ps.map((p) => p.platformId),
      page.data.map((t) => t.id),
    )
    assert.ok(ps.every((p) => p.author.handle && p.url?.startsWith('https://x.com/')))
  },
)

test('X geo lookup: the place from includes.places becomes the place name', { skip }, async () => {
  const ps = posts(await load('x/geo_tweets.jsonl'))
  const withPlace = ps.filter((p) => p.geo?.placeName)
  assert.equal(withPlace.length, 1)
  assert.equal(withPlace[0]?.geo?.placeName, 'Berlin, Germany')
})

test(
  'Mastodon stream-user: delete carries the exact id above 2^53, as a string',
  { skip },
  async () => {
    const items = await load('mastodon/stream-user.txt')
    const del = items.find((i) => i.kind === 'delete')
    assert.deepEqual(del, {
      kind: 'delete',
      platform: 'mastodon',
      platformId: '117024236332527350',
      position: 'event 6 (line 17)',
    })
    assert.ok(BigInt('117024236332527350') > BigInt(Number.MAX_SAFE_INTEGER))
    // The edit (status.update) has the same id as the update it edits.
    const ids = posts(items).map((p) => p.platformId)
    assert.equal(ids.filter((id) => id === '117024236332527350').length, 2)
  },
)

test('Mastodon reblog: wrapper and reblogged status, linked by repostOfId', { skip }, async () => {
  const [wrapper, original] = posts(await load('mastodon/status-reblog.json'))
  assert.equal(wrapper?.repostOfId, original?.platformId)
  assert.equal(wrapper?.text, '')
  assert.notEqual(original?.text, '')
})

test(
  'Bluesky capture: tag facets become hashtags, link facets links; replies keep root and parent',
  { skip },
  async () => {
    const lines = readFileSync(
      join(root as string, 'bluesky/jetstream-v1-capture-2026-07-04.jsonl'),
      'utf8',
    )
      .trim()
      .split('\n')
    const ps = posts(await load('bluesky/jetstream-v1-capture-2026-07-04.jsonl'))
    let tagFacets = 0
    let linkFacets = 0
    let replies = 0
    for (const l of lines) {
      const ev = JSON.parse(l) as {
        commit?: {
          collection?: string
          operation?: string
          record?: { facets?: { features: { $type: string }[] }[]; reply?: unknown }
        }
      }
      if (ev.commit?.collection !== 'app.bsky.feed.post' || ev.commit.operation !== 'create')
        continue
      for (const f of ev.commit.record?.facets ?? [])
        for (const x of f.features) {
          if (x.$type.endsWith('#tag')) tagFacets++
          if (x.$type.endsWith('#link')) linkFacets++
        }
      if (ev.commit.record?.reply) replies++
    }
    assert.ok(tagFacets > 0 && linkFacets > 0 && replies > 0)
    assert.equal(ps.reduce((n, p) => n + (p.hashtags?.length ?? 0), 0) >= 1, true)
    assert.equal(ps.filter((p) => p.replyToId && p.conversationId).length, replies)
    assert.ok(ps.reduce((n, p) => n + (p.links?.length ?? 0), 0) >= linkFacets)
    assert.ok(
      ps.every(
        (p) =>
          p.platformId.startsWith('at://did:') && p.platformId.includes('/app.bsky.feed.post/'),
      ),
    )
  },
)

test(
  'Reddit comment tree: the post and every nested comment, with parent links',
  { skip },
  async () => {
    const ps = posts(await load('reddit/comment-context.json'))
    assert.equal(ps[0]?.platformId.startsWith('t3_'), true)
    assert.ok(
      ps
        .slice(1)
        .every(
          (p) =>
            p.platformId.startsWith('t1_') && p.replyToId && p.conversationId === ps[0]?.platformId,
        ),
    )
    const hot = posts(await load('reddit/popular-hot.json'))
    assert.ok(
      hot.every(
        (p) => p.url?.startsWith('https://www.reddit.com/r/') && typeof p.createdAt === 'number',
      ),
    )
  },
)
