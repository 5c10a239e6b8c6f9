import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { SqliteStore } from '@civicpulse/adapters'
import { createApp } from './app.js'
import { FailureLimiter } from './auth/rate-limit.js'
import { ROLES, type Role } from './auth/roles.js'
import { createApiToken } from './auth/users.js'
import { LiveHub, type CorrectionEvent } from './context.js'
import { encodeId } from './ids.js'
import { csvCell } from './security.js'
import { SEED_NOW, seedCoreIncident, seedStore, TEST_PASSWORD, TEST_USERS } from './testing/seed.js'
import { signIn, type TestSession as Session } from './testing/session.js'

let store: SqliteStore
let postIds: number[]
let app: FastifyInstance
const live = new LiveHub()
const corrections: CorrectionEvent[] = []
const sessions = new Map<Role, Session>()

function as(role: Role, method: 'GET' | 'POST', url: string, payload?: unknown, csrf = true) {
  const s = sessions.get(role)
  assert.ok(s)
  return app.inject({
    method,
    url,
    headers: { cookie: s.cookie, ...(csrf && method === 'POST' ? { 'x-csrf-token': s.csrf } : {}) },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  })
}

before(async () => {
  ;({ store, postIds } = await seedStore())
  app = createApp({
    store,
    live,
    webDist: false,
    now: () => SEED_NOW,
    onCorrection: (c) => void corrections.push(c),
  })
  await app.ready()
  for (const r of ROLES) sessions.set(r, await signIn(app, r))
})
after(async () => {
  await app.close()
  await store.close()
})

describe('policies', () => {
  test('every registered route has an explicit policy', () => {
    assert.ok(app.routeTable.length > 20)
    const missing = app.routeTable
      .filter((r) => r.policy === undefined)
      .map((r) => `${r.method} ${r.url}`)
    assert.deepEqual(missing, [])
  })

  test('a route registered without a policy is refused at request time', async () => {
    const a = createApp({ store, webDist: false })
    a.get('/api/v1/oops', async () => ({ secret: true }))
    await a.ready()
    assert.ok(a.routeTable.some((r) => r.url === '/api/v1/oops' && r.policy === undefined))
    const res = await a.inject({ url: '/api/v1/oops' })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().error.code, 'POLICY_MISSING')
    await a.close()
  })

  test('anonymous requests to every protected route get 401; wrong roles get 403', async () => {
    const protectedRoutes = app.routeTable.filter(
      (r) => r.policy !== 'public' && r.method !== 'HEAD',
    )
    assert.ok(protectedRoutes.length >= 18)
    for (const r of protectedRoutes) {
      const url = r.url.replace(/:id/g, encodeId('p', postIds[0] ?? 1))
      const method = r.method as 'GET' | 'POST'
      const anon = await app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) })
      assert.equal(anon.statusCode, 401, `${r.method} ${r.url} anonymous`)
      if (Array.isArray(r.policy)) {
        for (const role of ROLES.filter((x) => !(r.policy as readonly Role[]).includes(x))) {
          const res = await as(role, method, url, method === 'POST' ? {} : undefined)
          assert.equal(res.statusCode, 403, `${r.method} ${r.url} as ${role}`)
        }
      }
    }
  })

  test('public routes: health, OpenAPI document and login', async () => {
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200)
    const doc = await app.inject({ url: '/api/v1/openapi.json' })
    assert.equal(doc.statusCode, 200)
    const spec = doc.json() as {
      openapi: string
      paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>
    }
    assert.match(spec.openapi, /^3\./)
    assert.ok(spec.paths['/api/v1/posts'])
    assert.ok(spec.paths['/api/v1/incidents/{id}/acknowledge'])
    const params = spec.paths['/api/v1/posts']?.['get']?.parameters?.map((p) => p.name) ?? []
    for (const p of ['q', 'service', 'ward', 'intent', 'cursor']) assert.ok(params.includes(p), p)
    const ui = await app.inject({ url: '/api/v1/docs/' })
    assert.equal(ui.statusCode, 200)
  })
})

describe('sign-in', () => {
  test('wrong password is refused with one message; the session cookie is httpOnly and SameSite=Lax', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: TEST_USERS.viewer, password: 'nope' },
    })
    assert.equal(bad.statusCode, 401)
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ghost@test.local', password: 'nope' },
    })
    assert.equal(unknown.statusCode, 401)
    assert.equal(unknown.json().error.message, bad.json().error.message)
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: TEST_USERS.viewer, password: TEST_PASSWORD },
    })
    const c = ok.cookies.find((x) => x.name === 'cp_session')
    assert.ok(c?.httpOnly)
    assert.equal(c?.sameSite, 'Lax')
    assert.equal(c?.secure, undefined)
  })

  test('the cookie is Secure behind https (trusted proxy)', async () => {
    const a = createApp({ store, webDist: false, trustProxy: true })
    const ok = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: TEST_USERS.viewer, password: TEST_PASSWORD },
    })
    assert.equal(ok.cookies.find((x) => x.name === 'cp_session')?.secure, true)
    await a.close()
  })

  test('login is rate limited after repeated failures', async () => {
    const a = createApp({ store, webDist: false, loginLimiter: new FailureLimiter(3, 60_000) })
    const bad = () =>
      a.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.9.9.9',
        payload: { email: TEST_USERS.admin, password: 'wrong' },
      })
    for (let i = 0; i < 3; i++) assert.equal((await bad()).statusCode, 401)
    const limited = await bad()
    assert.equal(limited.statusCode, 429)
    assert.ok(Number(limited.headers['retry-after']) > 0)
    // Even the right password waits.
    const right = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.9.9.9',
      payload: { email: TEST_USERS.admin, password: TEST_PASSWORD },
    })
    assert.equal(right.statusCode, 429)
    await a.close()
  })

  test('form-encoded login (a cross-site form post) is refused', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${TEST_USERS.admin}&password=${TEST_PASSWORD}`,
    })
    assert.equal(res.statusCode, 415)
  })

  test('me, then logout ends the session', async () => {
    const s = await signIn(app, 'viewer')
    const me = await app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })
    assert.equal(me.json().user.role, 'viewer')
    assert.equal(me.json().can.correct, false)
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie },
    })
    assert.equal(noCsrf.statusCode, 403)
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    })
    assert.equal(out.statusCode, 204)
    assert.equal(
      (await app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode,
      401,
    )
  })

  test('API tokens authenticate without CSRF and act with their user role', async () => {
    const analyst = await store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', TEST_USERS.analyst)
      .executeTakeFirstOrThrow()
    const token = await createApiToken(store.db, analyst.id, 'test integration')
    const h = { authorization: `Bearer ${token}` }
    assert.equal((await app.inject({ url: '/api/v1/me', headers: h })).json().user.role, 'analyst')
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/posts/${encodeId('p', postIds[5] ?? 0)}/corrections`,
      headers: h,
      payload: { task: 'intent', value: 'question' },
    })
    assert.equal(res.statusCode, 201)
    assert.equal((await app.inject({ url: '/api/v1/admin/users', headers: h })).statusCode, 403)
    assert.equal(
      (await app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer cpt_forged' } }))
        .statusCode,
      401,
    )
    const row = await store.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .executeTakeFirstOrThrow()
    assert.notEqual(row.token_hash, token)
  })
})

describe('posts', () => {
  test('filters, full text and cursor pagination walk every match exactly once', async () => {
    const first = await as('viewer', 'GET', '/api/v1/posts?service=waste.fly-tipping&limit=10')
    assert.equal(first.statusCode, 200)
    const seen: string[] = []
    let body = first.json() as {
      items: Array<{ id: string; service: { code: string }; createdAt: string }>
      next: string | null
    }
    for (;;) {
      for (const it of body.items) {
        assert.equal(it.service.code, 'waste.fly-tipping')
        seen.push(it.id)
      }
      if (!body.next) break
      body = (
        await as(
          'viewer',
          'GET',
          `/api/v1/posts?service=waste.fly-tipping&limit=10&cursor=${body.next}`,
        )
      ).json()
    }
    assert.equal(seen.length, 31)
    assert.equal(new Set(seen).size, seen.length)
    const q = (await as('viewer', 'GET', '/api/v1/posts?q=graffiti&ward=E05013716')).json() as {
      items: Array<{ text: string; ward: { code: string } }>
    }
    assert.ok(q.items.length > 0)
    for (const it of q.items) {
      assert.match(it.text, /graffiti/i)
      assert.equal(it.ward.code, 'E05013716')
    }
    const none = (await as('viewer', 'GET', '/api/v1/posts?q=%22%22%20OR')).json() as {
      items: unknown[]
    }
    assert.equal(none.items.length, 0)
    const bad = await as('viewer', 'GET', '/api/v1/posts?intent=shouting')
    assert.equal(bad.statusCode, 400)
    assert.equal((await as('viewer', 'GET', '/api/v1/posts?cursor=garbage')).statusCode, 400)
  })

  test('ids are opaque and never platform ids', async () => {
    const body = (await as('viewer', 'GET', '/api/v1/posts?limit=5')).json() as {
      items: Array<{ id: string }>
    }
    for (const it of body.items) assert.doesNotMatch(it.id, /seed-|^\d+$/)
    assert.equal(
      (await as('viewer', 'GET', `/api/v1/posts/${encodeId('i', postIds[0] ?? 0)}`)).statusCode,
      404,
    )
  })

  test('viewers never see authors; analysts do, and each view is logged', async () => {
    const id = encodeId('p', postIds[3] ?? 0)
    const v = (await as('viewer', 'GET', `/api/v1/posts/${id}`)).json()
    assert.equal(v.author, undefined)
    assert.equal((await as('viewer', 'GET', '/api/v1/posts?authors=true')).statusCode, 403)
    const before = await store.db.selectFrom('access_log').selectAll().execute()
    const a = (await as('analyst', 'GET', `/api/v1/posts/${id}`)).json()
    assert.equal(a.author.handle, '@resident3')
    assert.equal(a.labels.intent.p, 0.8)
    const list = (await as('responder', 'GET', '/api/v1/posts?limit=3&authors=true')).json() as {
      items: Array<{ author: { handle: string } }>
    }
    assert.ok(list.items.every((x) => 'author' in x))
    const after = await store.db.selectFrom('access_log').selectAll().execute()
    assert.equal(after.length - before.length, 4)
    const log = (await as('admin', 'GET', `/api/v1/admin/access-log?post=${id}`)).json() as {
      items: Array<{ user: string; view: string }>
    }
    assert.ok(log.items.some((x) => x.user === TEST_USERS.analyst && x.view === 'post'))
  })

  test('a correction needs the CSRF token, overrides the labels at once and reaches the learning hook', async () => {
    const id = encodeId('p', postIds[0] ?? 0)
    const noCsrf = await as(
      'analyst',
      'POST',
      `/api/v1/posts/${id}/corrections`,
      { task: 'service', value: 'cleaning.litter' },
      false,
    )
    assert.equal(noCsrf.statusCode, 403)
    assert.equal(noCsrf.json().error.code, 'CSRF_INVALID')
    const wrongCsrf = await app.inject({
      method: 'POST',
      url: `/api/v1/posts/${id}/corrections`,
      headers: {
        cookie: sessions.get('analyst')?.cookie ?? '',
        'x-csrf-token': sessions.get('admin')?.csrf ?? '',
      },
      payload: { task: 'service', value: 'cleaning.litter' },
    })
    assert.equal(wrongCsrf.statusCode, 403)
    const bad = await as('analyst', 'POST', `/api/v1/posts/${id}/corrections`, {
      task: 'service',
      value: 'no.such-service',
    })
    assert.equal(bad.statusCode, 400)
    const ok = await as('analyst', 'POST', `/api/v1/posts/${id}/corrections`, {
      task: 'service',
      value: 'cleaning.litter',
    })
    assert.equal(ok.statusCode, 201, ok.body)
    assert.equal(ok.json().from, 'waste.missed-collection')
    const post = (await as('viewer', 'GET', `/api/v1/posts/${id}`)).json()
    assert.equal(post.service.code, 'cleaning.litter')
    assert.equal(post.labels.service.code, 'cleaning.litter')
    assert.equal(post.labels.service.p, 1)
    assert.equal(post.corrections.length, 1)
    const c = corrections.find((x) => x.apiId === id)
    assert.equal(c?.newValue, 'cleaning.litter')
    assert.equal(c?.actor, TEST_USERS.analyst)
    const ward = await as('admin', 'POST', `/api/v1/posts/${id}/corrections`, {
      task: 'ward',
      value: 'E05013716',
    })
    assert.equal(ward.statusCode, 201)
    assert.equal((await as('viewer', 'GET', `/api/v1/posts/${id}`)).json().ward.name, 'Brockley')
  })

  test('post text with markup comes back as JSON text, never HTML', async () => {
    const res = await as('viewer', 'GET', '/api/v1/posts?q=script')
    assert.match(String(res.headers['content-type']), /^application\/json/)
    const items = res.json().items as Array<{ text: string }>
    assert.ok(items.some((x) => x.text.includes('<script>alert(1)</script>')))
  })

  test('CSV export neutralises formula cells and carries no authors', async () => {
    const res = await as('analyst', 'GET', '/api/v1/posts/export.csv?service=waste.fly-tipping')
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /text\/csv/)
    assert.ok(res.body.includes(`"'=HYPERLINK(""http://evil.example"",""click"") fly tipping"`))
    assert.ok(!res.body.includes('@formula'))
    assert.equal((await as('viewer', 'GET', '/api/v1/posts/export.csv')).statusCode, 403)
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx'])
      assert.ok(csvCell(s).replace(/^"/, '').startsWith("'"), s)
    assert.equal(csvCell('plain'), 'plain')
  })
})

describe('aggregates', () => {
  test('overview totals match the seeded posts and come from the series table', async () => {
    const res = await as('viewer', 'GET', '/api/v1/overview')
    assert.equal(res.statusCode, 200)
    const o = res.json()
    assert.equal(o.totals.n, 123)
    assert.equal(
      o.volume.reduce((a: number, b: { n: number }) => a + b.n, 0),
      123,
    )
    assert.equal(o.incidents.open, 2)
    assert.equal(o.topServices[0].name.length > 0, true)
    // Prove it reads series, not posts: delete every post and the counts stay.
    const count = await store.db
      .selectFrom('series')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.ok(Number(count.n) > 0)
  })

  test('series by service and the ward map', async () => {
    const s = (
      await as(
        'viewer',
        'GET',
        '/api/v1/series?groupBy=service&res=d1&from=2026-11-17T00:00:00Z&to=2026-11-21T00:00:00Z',
      )
    ).json()
    assert.equal(s.res, 'd1')
    const total = s.groups.reduce(
      (a: number, g: { buckets: Array<{ n: number }> }) =>
        a + g.buckets.reduce((x, b) => x + b.n, 0),
      0,
    )
    assert.equal(total, 123)
    const m = (await as('viewer', 'GET', '/api/v1/map/wards')).json()
    assert.equal(m.type, 'FeatureCollection')
    assert.equal(m.features.length, 19)
    const bell = m.features.find(
      (f: { properties: { code: string } }) => f.properties.code === 'E05013714',
    )
    assert.ok(bell.properties.n >= 30)
    assert.ok(bell.geometry.coordinates.length > 0)
    assert.equal((await as('viewer', 'GET', '/api/v1/taxonomy')).json().groups.length > 5, true)
    assert.equal((await as('viewer', 'GET', '/api/v1/wards')).json().items.length, 19)
  })

  test('sources report honest health', async () => {
    const s = (await as('viewer', 'GET', '/api/v1/sources')).json()
    const x = s.platforms.find((p: { platform: string }) => p.platform === 'x')
    assert.ok(x.posts > 0)
    assert.equal(x.health, 'live')
  })
})

describe('incidents', () => {
  test('list, detail with timeline and representative posts', async () => {
    const list = (await as('viewer', 'GET', '/api/v1/incidents?status=open')).json()
    assert.equal(list.items.length, 2)
    const d = (await as('viewer', 'GET', '/api/v1/incidents/inc-bins-bellingham')).json()
    assert.equal(d.areas[0].name, 'Bellingham')
    assert.equal(d.timeline[0].kind, 'opened')
    assert.ok(d.posts.length >= 3)
    assert.equal(d.posts[0].representative, true)
    assert.equal(
      d.posts.some((p: { author?: unknown }) => p.author !== undefined),
      false,
    )
    assert.equal((await as('viewer', 'GET', '/api/v1/incidents/nope')).statusCode, 404)
  })

  test('responders acknowledge and resolve; only analysts and admins merge', async () => {
    const a = await as('responder', 'POST', '/api/v1/incidents/inc-fly-tipping/acknowledge', {
      note: 'crew sent',
    })
    assert.equal(a.statusCode, 200, a.body)
    assert.equal(a.json().status, 'acknowledged')
    const r = await as('responder', 'POST', '/api/v1/incidents/inc-fly-tipping/resolve', {})
    assert.equal(r.json().status, 'resolved')
    assert.equal(
      (await as('viewer', 'POST', '/api/v1/incidents/inc-fly-tipping/reopen', {})).statusCode,
      403,
    )
    assert.equal(
      (
        await as('responder', 'POST', '/api/v1/incidents/inc-fly-tipping/merge', {
          into: 'inc-bins-bellingham',
        })
      ).statusCode,
      403,
    )
    const m = await as('analyst', 'POST', '/api/v1/incidents/inc-fly-tipping/merge', {
      into: 'inc-bins-bellingham',
    })
    assert.equal(m.statusCode, 200, m.body)
    const from = (await as('viewer', 'GET', '/api/v1/incidents/inc-fly-tipping')).json()
    assert.equal(from.status, 'merged')
    assert.equal(from.mergedInto, 'inc-bins-bellingham')
    assert.deepEqual(
      from.timeline.map((e: { kind: string }) => e.kind),
      ['opened', 'acknowledged', 'resolved', 'merged'],
    )
    const into = (await as('viewer', 'GET', '/api/v1/incidents/inc-bins-bellingham')).json()
    assert.deepEqual(into.areas.map((x: { code: string }) => x.code).sort(), [
      'E05013714',
      'E05013715',
    ])
  })

  test('incidents stored by the detect stage go through the core state machine', async () => {
    const a = await seedCoreIncident(store.db, {
      id: 'core-a',
      title: 'Flooding in Brockley',
      service: 'waste.fly-tipping',
      areas: ['E05013716', '~'],
      postIds: postIds.slice(30, 36),
      at: SEED_NOW - 1000,
    })
    const b = await seedCoreIncident(store.db, {
      id: 'core-b',
      title: 'Flooding again',
      service: 'waste.fly-tipping',
      areas: ['E05013717'],
      postIds: postIds.slice(36, 40),
      at: SEED_NOW - 500,
    })
    assert.deepEqual((await as('viewer', 'GET', `/api/v1/incidents/${a}`)).json().areas, [
      { code: 'E05013716', name: 'Brockley' },
    ])
    const ack = await as('responder', 'POST', `/api/v1/incidents/${a}/acknowledge`, {
      note: 'on it',
    })
    assert.equal(ack.statusCode, 200, ack.body)
    const twice = await as('responder', 'POST', `/api/v1/incidents/${a}/acknowledge`, {})
    assert.equal(twice.statusCode, 409)
    assert.match(twice.json().error.message, /cannot be acknowledged/)
    const row = await store.db
      .selectFrom('incidents')
      .select(['status', 'detail'])
      .where('public_id', '=', a)
      .executeTakeFirstOrThrow()
    const detail = JSON.parse(row.detail) as {
      status: string
      timeline: Array<{ kind: string; text: string }>
    }
    assert.equal(row.status, 'acknowledged')
    assert.equal(detail.status, 'acknowledged')
    assert.match(
      detail.timeline[1]?.text ?? '',
      /Acknowledged by responder@test.local\. Note: on it/,
    )
    const d = (await as('viewer', 'GET', `/api/v1/incidents/${a}`)).json()
    assert.deepEqual(
      d.timeline.map((e: { kind: string }) => e.kind),
      ['opened', 'acknowledged'],
    )
    const m = await as('admin', 'POST', `/api/v1/incidents/${b}/merge`, { into: a })
    assert.equal(m.statusCode, 200, m.body)
    const gone = (await as('viewer', 'GET', `/api/v1/incidents/${b}`)).json()
    assert.equal(gone.status, 'merged')
    assert.equal(gone.mergedInto, a)
    assert.equal((await as('viewer', 'GET', `/api/v1/incidents/${a}`)).json().postCount, 10)
  })

  test('with the detect stage wired in, actions go to it', async () => {
    const calls: string[] = []
    const a = createApp({
      store,
      webDist: false,
      incidents: {
        act: async (c) => {
          calls.push(`${c.action} ${c.id} ${c.by}`)
          return c.action === 'reopen'
            ? { ok: false, reason: 'An incident that is open cannot be reopened.' }
            : { ok: true }
        },
        merge: async (c) => {
          calls.push(`merge ${c.from} ${c.into}`)
          return { ok: true }
        },
      },
    })
    const s = await signIn(a, 'analyst')
    const post = (url: string, payload: Record<string, unknown>) =>
      a.inject({
        method: 'POST',
        url,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload,
      })
    assert.equal((await post('/api/v1/incidents/inc-bins-bellingham/resolve', {})).statusCode, 200)
    const refused = await post('/api/v1/incidents/inc-bins-bellingham/reopen', {})
    assert.equal(refused.statusCode, 409)
    assert.deepEqual(calls, [
      'resolve inc-bins-bellingham analyst@test.local',
      'reopen inc-bins-bellingham analyst@test.local',
    ])
    await a.close()
  })
})

describe('headers and live events', () => {
  test('security headers on API and error responses', async () => {
    for (const res of [
      await app.inject({ url: '/healthz' }),
      await app.inject({ url: '/api/v1/posts' }),
      await app.inject({ url: '/nope' }),
    ]) {
      const csp = String(res.headers['content-security-policy'])
      const script = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? ''
      assert.ok(script.includes("'self'"))
      assert.ok(!script.includes('unsafe-inline'))
      assert.match(csp, /frame-ancestors 'none'/)
      assert.equal(res.headers['referrer-policy'], 'no-referrer')
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
    }
  })

  test('SSE relays live events to signed-in users only', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' })
    const port = (app.server.address() as AddressInfo).port
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; text: () => Promise<string>; close: () => void }>(
        (resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              path: '/api/v1/events',
              headers: { accept: 'text/event-stream', ...headers },
            },
            (res) => {
              let buf = ''
              res.setEncoding('utf8')
              res.on('data', (d: string) => (buf += d))
              resolve({
                status: res.statusCode ?? 0,
                text: async () => {
                  for (let i = 0; i < 50 && !buf.includes('posts.stored'); i++)
                    await new Promise((r) => setTimeout(r, 20))
                  return buf
                },
                close: () => req.destroy(),
              })
            },
          )
          req.on('error', reject)
          req.end()
        },
      )
    const anon = await get({})
    assert.equal(anon.status, 401)
    anon.close()
    const s = await get({ cookie: sessions.get('viewer')?.cookie ?? '' })
    assert.equal(s.status, 200)
    for (let i = 0; i < 50 && live.size === 0; i++) await new Promise((r) => setTimeout(r, 20))
    live.publish({ type: 'posts.stored', data: { count: 42 } })
    const text = await s.text()
    assert.match(text, /event: posts.stored/)
    assert.match(text, /"count":42/)
    s.close()
  })
})
