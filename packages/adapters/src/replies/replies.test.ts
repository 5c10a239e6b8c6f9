import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MastodonReplySender } from './mastodon.js'
import { XReplySender } from './x.js'
import { RedditReplySender } from './reddit.js'
import { BlueskyReplySender, tidFromKey } from './bluesky.js'
import { rateLimitReset } from './http.js'
import { ReplySendError } from '@civicpulse/core'
import { mastodonStatus } from './testing/local-mastodon.js'

const SECRET = 'sekret-token-do-not-log'
const T0 = Date.parse('2026-08-01T14:00:00Z')

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}
type Handler = (req: Seen, res: ServerResponse) => void

async function server(
  handler: Handler,
): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = []
  const s = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      seen.push(r)
      handler(r, res)
    })
  })
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const { port } = s.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((r) => s.close(() => r())),
  }
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

/** A fake clock and sleep shared by a sender and its test. */
function time() {
  const t = { now: T0, slept: [] as number[] }
  return {
    t,
    opts: {
      now: () => t.now,
      sleep: (ms: number) => {
        t.slept.push(ms)
        t.now += ms
        return Promise.resolve()
      },
    },
  }
}

function logSink() {
  const lines: string[] = []
  return {
    lines,
    log: (event: string, fields: Record<string, unknown>) =>
      void lines.push(JSON.stringify({ event, ...fields })),
  }
}

test('rateLimitReset reads every platform’s header style', () => {
  const h = (o: Record<string, string>) => new Headers(o)
  assert.equal(rateLimitReset(h({ 'retry-after': '30' }), T0), T0 + 30_000)
  assert.equal(
    rateLimitReset(h({ 'retry-after': 'Sat, 01 Aug 2026 14:05:00 GMT' }), T0),
    T0 + 300_000,
  )
  assert.equal(
    rateLimitReset(h({ 'x-rate-limit-reset': String(T0 / 1000 + 900) }), T0),
    T0 + 900_000,
  )
  assert.equal(
    rateLimitReset(h({ 'x-ratelimit-reset': '2026-08-01T15:00:00.949067Z' }), T0),
    Date.parse('2026-08-01T15:00:00.949Z'),
  )
  assert.equal(rateLimitReset(h({ 'x-ratelimit-reset': '369' }), T0), T0 + 369_000)
  assert.equal(rateLimitReset(h({ 'ratelimit-reset': String(T0 / 1000 + 60) }), T0), T0 + 60_000)
  assert.equal(rateLimitReset(h({}), T0), null)
})

test('Mastodon: threaded reply with Idempotency-Key; 429 waits for the reset; 5xx retried; 4xx surfaced; token never logged', async () => {
  let step = 0
  const srv = await server((req, res) => {
    step++
    if (step === 1)
      return json(
        res,
        429,
        { error: 'Too many requests' },
        {
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': new Date(tm.t.now + 2000).toISOString(),
        },
      )
    if (step === 2) return json(res, 503, { error: 'Service unavailable' })
    if (step === 3) {
      const b = JSON.parse(req.body) as { status: string; in_reply_to_id: string }
      return json(res, 200, mastodonStatus('117020583258292999', b.in_reply_to_id, b.status), {
        'x-ratelimit-limit': '300',
        'x-ratelimit-remaining': '278',
        'x-ratelimit-reset': '2026-08-01T15:00:00.949067Z',
      })
    }
    return json(res, 422, { error: "Validation failed: Text can't be blank" })
  })
  const tm = time()
  const logs = logSink()
  try {
    const m = new MastodonReplySender({
      baseUrl: srv.url + '/',
      accessToken: SECRET,
      ...tm.opts,
      log: logs.log,
    })
    const sent = await m.send(
      { platform: 'mastodon', account: 'council', inReplyTo: '117020583245459824' },
      'Thanks, a crew is on the way.',
      'cp-key-1',
    )
    assert.deepEqual(sent, {
      id: '117020583258292999',
      url: 'https://social.example/@council/117020583258292999',
    })
    assert.equal(srv.seen.length, 3)
    const last = srv.seen[2] as Seen
    assert.equal(last.method, 'POST')
    assert.equal(last.url, '/api/v1/statuses')
    assert.equal(last.headers['idempotency-key'], 'cp-key-1')
    assert.equal(last.headers['authorization'], `Bearer ${SECRET}`)
    assert.deepEqual(JSON.parse(last.body), {
      status: 'Thanks, a crew is on the way.',
      in_reply_to_id: '117020583245459824',
      visibility: 'public',
    })
    assert.equal(tm.t.slept[0], 2000, 'waited until x-ratelimit-reset')
    await assert.rejects(
      m.send({ platform: 'mastodon', account: 'council', inReplyTo: '1' }, '', 'cp-key-2'),
      (e: unknown) =>
        e instanceof ReplySendError &&
        e.kind === 'client' &&
        e.status === 422 &&
        e.message === "mastodon: Validation failed: Text can't be blank" &&
        !e.retryable,
    )
    assert.ok(logs.lines.length > 0)
    assert.ok(!logs.lines.join('\n').includes(SECRET), 'no credential in the logs')
    const { inspect } = await import('node:util')
    assert.ok(
      !inspect(m, { depth: 5 }).includes(SECRET),
      'no credential when the sender is printed',
    )
  } finally {
    await srv.close()
  }
})

test('Mastodon: a long 429 goes back to the outbox with the reset time, and later sends wait for it', async () => {
  const tm = time()
  const srv = await server((_req, res) =>
    json(
      res,
      429,
      { error: 'Too many requests' },
      {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': new Date(tm.t.now + 10 * 60_000).toISOString(),
      },
    ),
  )
  try {
    const m = new MastodonReplySender({ baseUrl: srv.url, accessToken: SECRET, ...tm.opts })
    await assert.rejects(
      m.send({ platform: 'mastodon', account: 'c', inReplyTo: '1' }, 'hi', 'k'),
      (e: unknown) =>
        e instanceof ReplySendError &&
        e.kind === 'rate_limited' &&
        e.retryAt === T0 + 600_000 &&
        e.retryable,
    )
    await assert.rejects(
      m.send({ platform: 'mastodon', account: 'c', inReplyTo: '1' }, 'hi', 'k'),
      (e: unknown) => e instanceof ReplySendError && e.kind === 'rate_limited',
    )
    assert.equal(srv.seen.length, 1, 'the second send did not hit the server before the reset')
  } finally {
    await srv.close()
  }
})

test('X: POST /2/tweets with reply.in_reply_to_tweet_id; 429 with x-rate-limit-reset; 403 detail surfaced; crash lookup', async () => {
  const tm = time()
  let posts = 0
  const srv = await server((req, res) => {
    if (req.method === 'POST' && req.url === '/2/tweets') {
      posts++
      if (posts === 1)
        return json(
          res,
          429,
          {
            title: 'Too Many Requests',
            detail: 'Too Many Requests',
            type: 'about:blank',
            status: 429,
          },
          {
            'x-rate-limit-limit': '200',
            'x-rate-limit-remaining': '0',
            'x-rate-limit-reset': String(Math.floor(tm.t.now / 1000) + 900),
          },
        )
      if (posts === 2) {
        const b = JSON.parse(req.body) as { text: string }
        return json(res, 201, {
          data: {
            id: '1579900000000000001',
            text: b.text,
            edit_history_tweet_ids: ['1579900000000000001'],
          },
        })
      }
      return json(res, 403, {
        detail: 'You are not allowed to create a Tweet with duplicate content.',
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
      })
    }
    if (req.method === 'GET' && req.url.startsWith('/2/users/2244994945/tweets')) {
      return json(res, 200, {
        data: [
          {
            id: '1579900000000000009',
            text: 'Something else',
            edit_history_tweet_ids: ['1579900000000000009'],
          },
          {
            id: '1579900000000000001',
            text: 'We have logged this, ref CP-3.',
            edit_history_tweet_ids: ['1579900000000000001'],
            referenced_tweets: [{ type: 'replied_to', id: '1579800000000000000' }],
          },
        ],
        meta: {
          result_count: 2,
          newest_id: '1579900000000000009',
          oldest_id: '1579900000000000001',
        },
      })
    }
    json(res, 404, {
      title: 'Not Found Error',
      detail: 'not found',
      type: 'https://api.twitter.com/2/problems/resource-not-found',
    })
  })
  try {
    const x = new XReplySender({
      baseUrl: srv.url,
      accessToken: SECRET,
      userId: '2244994945',
      ...tm.opts,
    })
    const target = { platform: 'x' as const, account: 'council', inReplyTo: '1579800000000000000' }
    await assert.rejects(
      x.send(target, 'We have logged this, ref CP-3.'),
      (e: unknown) =>
        e instanceof ReplySendError && e.kind === 'rate_limited' && e.retryAt === T0 + 900_000,
    )
    tm.t.now += 900_000
    const sent = await x.send(target, 'We have logged this, ref CP-3.')
    assert.equal(sent.id, '1579900000000000001')
    assert.deepEqual(JSON.parse(srv.seen[1]?.body ?? ''), {
      text: 'We have logged this, ref CP-3.',
      reply: { in_reply_to_tweet_id: '1579800000000000000' },
    })
    await assert.rejects(
      x.send(target, 'dup'),
      (e: unknown) =>
        e instanceof ReplySendError && e.kind === 'auth' && /duplicate content/.test(e.message),
    )
    assert.equal(
      (await x.findExisting?.(target, 'We have logged this, ref CP-3.', 'k'))?.id,
      '1579900000000000001',
    )
    assert.equal(await x.findExisting?.(target, 'Another text', 'k'), undefined)
  } finally {
    await srv.close()
  }
})

test('Reddit: form POST /api/comment; errors inside a 200; RATELIMIT; 500 retried; x-ratelimit-remaining 0 blocks; crash lookup', async () => {
  const tm = time()
  let posts = 0
  const srv = await server((req, res) => {
    if (req.method === 'POST' && req.url.startsWith('/api/comment')) {
      posts++
      const f = new URLSearchParams(req.body)
      if (posts === 1) return json(res, 500, { message: 'Internal Server Error', error: 500 })
      if (posts === 2)
        return json(
          res,
          200,
          {
            json: {
              errors: [],
              data: {
                things: [
                  {
                    kind: 't1',
                    data: {
                      id: 'k9x1abc',
                      name: 't1_k9x1abc',
                      parent_id: f.get('thing_id'),
                      link_id: 't3_1abcde',
                      body: f.get('text'),
                      author: 'council',
                      subreddit: 'town',
                      created_utc: 1785592800,
                    },
                  },
                ],
              },
            },
          },
          { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-used': '600', 'x-ratelimit-reset': '30' },
        )
      if (posts === 3)
        return json(res, 200, {
          json: { errors: [['THREAD_LOCKED', 'that thread is locked', 'parent']] },
        })
      return json(res, 200, {
        json: {
          ratelimit: 420.5,
          errors: [
            ['RATELIMIT', 'you are doing that too much. try again in 7 minutes.', 'ratelimit'],
          ],
        },
      })
    }
    if (req.method === 'GET' && req.url.startsWith('/user/council/comments')) {
      return json(res, 200, {
        kind: 'Listing',
        data: {
          after: null,
          dist: 1,
          before: null,
          children: [
            {
              kind: 't1',
              data: {
                id: 'k9x1abc',
                name: 't1_k9x1abc',
                parent_id: 't3_1abcde',
                link_id: 't3_1abcde',
                body: 'Fixed today.',
                permalink: '/r/town/comments/1abcde/bins/k9x1abc/',
              },
            },
          ],
        },
      })
    }
    json(res, 404, { message: 'Not Found', error: 404 })
  })
  try {
    const r = new RedditReplySender({
      baseUrl: srv.url,
      accessToken: SECRET,
      username: 'council',
      userAgent: 'civicpulse:respond:0.1 (by /u/council)',
      ...tm.opts,
    })
    const target = { platform: 'reddit' as const, account: 'council', inReplyTo: 't3_1abcde' }
    const sent = await r.send(target, 'Fixed today.')
    assert.deepEqual(sent, {
      id: 't1_k9x1abc',
      url: 'https://www.reddit.com/comments/1abcde/_/k9x1abc/',
    })
    const post = srv.seen[1] as Seen
    assert.equal(post.headers['content-type'], 'application/x-www-form-urlencoded')
    assert.equal(post.headers['user-agent'], 'civicpulse:respond:0.1 (by /u/council)')
    assert.deepEqual(Object.fromEntries(new URLSearchParams(post.body)), {
      api_type: 'json',
      thing_id: 't3_1abcde',
      text: 'Fixed today.',
    })
    assert.equal(tm.t.slept.length, 1, 'one retry after the 500')
    // The window is used up (remaining 0.0, reset in 30 s, longer than the 5 s inline limit):
    // the next send is refused before reaching the server, with the reset time for the outbox.
    const r2 = new RedditReplySender({
      baseUrl: srv.url,
      accessToken: SECRET,
      userAgent: 'ua',
      ...tm.opts,
    })
    await assert.rejects(
      r2.send({ ...target, inReplyTo: 'not-a-fullname' }, 'x'),
      /not a post or comment fullname/,
    )
    await assert.rejects(
      r.send(target, 'Again'),
      (e: unknown) =>
        e instanceof ReplySendError &&
        e.kind === 'rate_limited' &&
        e.retryAt === T0 + tm.t.slept[0]! + 30_000,
    )
    assert.equal(srv.seen.length, 2, 'blocked before reaching the server')
    tm.t.now += 31_000
    await assert.rejects(
      r.send(target, 'Again'),
      (e: unknown) =>
        e instanceof ReplySendError &&
        e.kind === 'client' &&
        e.message === 'reddit: THREAD_LOCKED: that thread is locked',
    )
    await assert.rejects(
      r.send(target, 'Again'),
      (e: unknown) =>
        e instanceof ReplySendError &&
        e.kind === 'rate_limited' &&
        e.retryAt === tm.t.now + 420_500,
    )
    assert.deepEqual(await r.findExisting?.(target, 'Fixed today.', 'k'), {
      id: 't1_k9x1abc',
      url: 'https://www.reddit.com/r/town/comments/1abcde/bins/k9x1abc/',
    })
    assert.equal(await r.findExisting?.(target, 'Other', 'k'), undefined)
  } finally {
    await srv.close()
  }
})

test('Bluesky: createRecord with reply root/parent strong refs, a key-derived TID, duplicate key returns the existing record', async () => {
  const tm = time()
  const did = 'did:plc:council0000000000000000'
  const records = new Map<string, { uri: string; cid: string; value: Record<string, unknown> }>()
  const parentUri = 'at://did:plc:citizen00000000000000000/app.bsky.feed.post/3l6oveex3ii2l'
  records.set(parentUri, {
    uri: parentUri,
    cid: 'bafyreiparent',
    value: {
      $type: 'app.bsky.feed.post',
      text: 'Streetlight out',
      createdAt: '2026-08-01T13:00:00Z',
      reply: {
        root: {
          uri: 'at://did:plc:citizen00000000000000000/app.bsky.feed.post/3l6oroot00002',
          cid: 'bafyreiroot',
        },
        parent: { uri: 'at://x/app.bsky.feed.post/3l6oroot00002', cid: 'bafyreiroot' },
      },
    },
  })
  let sessions = 0
  const srv = await server((req, res) => {
    const u = new URL(req.url, 'http://x')
    if (u.pathname === '/xrpc/com.atproto.server.createSession') {
      sessions++
      const b = JSON.parse(req.body) as { identifier: string; password: string }
      if (b.password !== SECRET)
        return json(res, 401, {
          error: 'AuthenticationRequired',
          message: 'Invalid identifier or password',
        })
      return json(res, 200, {
        did,
        handle: 'council.test',
        accessJwt: `jwt-${sessions}`,
        refreshJwt: 'r',
        active: true,
      })
    }
    if (
      req.headers['authorization'] === 'Bearer jwt-1' &&
      sessions === 1 &&
      u.pathname.endsWith('createRecord') &&
      records.size > 1
    ) {
      return json(res, 400, { error: 'ExpiredToken', message: 'Token has expired' })
    }
    if (u.pathname === '/xrpc/com.atproto.repo.getRecord') {
      const uri = `at://${u.searchParams.get('repo')}/${u.searchParams.get('collection')}/${u.searchParams.get('rkey')}`
      const r = records.get(uri)
      return r
        ? json(res, 200, r)
        : json(res, 400, { error: 'RecordNotFound', message: `Could not locate record: ${uri}` })
    }
    if (u.pathname === '/xrpc/com.atproto.repo.createRecord') {
      const b = JSON.parse(req.body) as {
        repo: string
        collection: string
        rkey: string
        record: Record<string, unknown>
      }
      const uri = `at://${b.repo}/${b.collection}/${b.rkey}`
      if (records.has(uri))
        return json(res, 400, { error: 'InvalidRequest', message: 'Record already exists' })
      const cid = `bafyrei${records.size}`
      records.set(uri, { uri, cid, value: b.record })
      return json(res, 200, {
        uri,
        cid,
        commit: { cid: 'bafyreicommit', rev: '3l6ovf0000000' },
        validationStatus: 'valid',
      })
    }
    json(res, 404, { error: 'MethodNotImplemented', message: 'Method Not Implemented' })
  })
  try {
    const b = new BlueskyReplySender({
      service: srv.url,
      identifier: 'council.test',
      password: SECRET,
      ...tm.opts,
    })
    const target = { platform: 'bluesky' as const, account: 'council', inReplyTo: parentUri }
    const sent = await b.send(target, 'Thanks, reported to Street Lighting. Ref CP-9.', 'cp-abc')
    const rkey = tidFromKey('cp-abc')
    assert.match(rkey, /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/)
    assert.equal(sent.id, `at://${did}/app.bsky.feed.post/${rkey}`)
    const rec = records.get(sent.id)?.value as {
      text: string
      reply: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }
    }
    assert.equal(rec.text, 'Thanks, reported to Street Lighting. Ref CP-9.')
    assert.deepEqual(rec.reply.parent, { uri: parentUri, cid: 'bafyreiparent' })
    assert.deepEqual(rec.reply.root, {
      uri: 'at://did:plc:citizen00000000000000000/app.bsky.feed.post/3l6oroot00002',
      cid: 'bafyreiroot',
    })
    // Same key again (a resend after a crash): the token has expired meanwhile, the sender signs in
    // again, the PDS refuses the duplicate key, and the existing record comes back.
    const again = await b.send(target, 'Thanks, reported to Street Lighting. Ref CP-9.', 'cp-abc')
    assert.equal(again.id, sent.id)
    assert.equal(records.size, 2, 'still one reply')
    assert.equal(sessions, 2)
    assert.deepEqual(await b.findExisting(target, '', 'cp-abc'), { id: sent.id, url: null })
    assert.equal(await b.findExisting(target, '', 'cp-other'), undefined)
    const bad = new BlueskyReplySender({
      service: srv.url,
      identifier: 'council.test',
      password: 'wrong',
      ...tm.opts,
    })
    await assert.rejects(
      bad.send(target, 'x', 'k'),
      (e: unknown) =>
        e instanceof ReplySendError &&
        e.kind === 'auth' &&
        /Invalid identifier or password/.test(e.message),
    )
  } finally {
    await srv.close()
  }
})

test('Mastodon: after a long outage, findExisting reads the thread for our reply with the same text', async () => {
  const srv = await server((req, res) => {
    if (req.url === '/api/v1/accounts/verify_credentials')
      return json(res, 200, { id: '109000000000000002', username: 'council', acct: 'council' })
    if (req.url === '/api/v1/statuses/1100/context') {
      const other = {
        ...mastodonStatus('1201', '1100', 'Thanks, a crew is on the way.'),
        account: { id: '555', username: 'someone', acct: 'someone@elsewhere' },
      }
      const ours = {
        ...mastodonStatus('1202', '1100', 'Thanks, a crew is on the way &amp; will call.'),
      }
      const deeper = mastodonStatus('1203', '1202', 'Thanks, a crew is on the way.')
      return json(res, 200, { ancestors: [], descendants: [other, ours, deeper] })
    }
    json(res, 404, { error: 'Record not found' })
  })
  try {
    const m = new MastodonReplySender({ baseUrl: srv.url, accessToken: SECRET })
    const target = { platform: 'mastodon' as const, account: 'council', inReplyTo: '1100' }
    assert.deepEqual(await m.findExisting(target, 'Thanks, a crew is on the way & will call.'), {
      id: '1202',
      url: 'https://social.example/@council/1202',
    })
    assert.equal(
      await m.findExisting(target, 'Thanks, a crew is on the way.'),
      undefined,
      'not someone else’s reply, not a reply further down',
    )
    assert.equal(
      srv.seen.filter((s) => s.url.includes('verify_credentials')).length,
      1,
      'the account is looked up once',
    )
  } finally {
    await srv.close()
  }
})
