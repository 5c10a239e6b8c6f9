/**
 * The campaign, report and export API on the demo scenario's hashtag conversation: six simulated
 * hours of the `demo` scenario (the #LewishamParksReview conversation) decoded and stored in a real
 * SQLite file, then created, viewed, exported and reported over HTTP. No participant's handle or
 * name may appear in the view, a theme, an export or the report.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { sanitise, type StoredPost } from '@civicpulse/core'
import {
  authorKeyer,
  decodeStream,
  loadScenario,
  simulate,
  type SqliteStore,
} from '@civicpulse/adapters'
import { createApp } from '../app.js'
import type { Role } from '../auth/roles.js'
import { seedStore, TEST_USERS } from '../testing/seed.js'
import { signIn } from '../testing/session.js'

const LAUNCH = '2026-07-14T07:00:00+01:00'
const NOW = Date.parse('2026-07-14T14:00:00+01:00')
const NAME = 'Parks conversation (test)'

let store: SqliteStore
let app: FastifyInstance
const dir = mkdtempSync(join(tmpdir(), 'civicpulse-campaigns-'))
const sessions = new Map<Role, { cookie: string; csrf: string }>()
/** Every author handle and name stored (residents and the council). */
let identities: string[] = []

function as(role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const s = sessions.get(role)
  assert.ok(s)
  return app.inject({
    method,
    url,
    headers: { cookie: s.cookie, ...(method === 'POST' ? { 'x-csrf-token': s.csrf } : {}) },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  })
}

/** Simulates the demo scenario's conversation window and stores it. */
async function storeSimulated(s: SqliteStore): Promise<void> {
  const lines: string[] = []
  const sc = loadScenario('demo')
  // The conversation from its launch, with a lighter everyday stream and no planted failures.
  const conversation = {
    ...sc,
    start: LAUNCH,
    backfill: 0,
    failures: [],
    volume: { ...sc.volume, postsPerDay: 6000 },
    campaigns: sc.campaigns.map((c) => ({ ...c, launch: '5m', end: '2d' })),
  }
  for (const b of simulate({ scenario: conversation, duration: '6h' }))
    for (const e of b.events) lines.push(e.line)
  const key = authorKeyer('test-secret')
  async function* input(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < lines.length; i += 2000)
      yield new TextEncoder().encode(lines.slice(i, i + 2000).join('\n') + '\n')
  }
  let posts: StoredPost[] = []
  for await (const batch of decodeStream(input(), { format: 'auto', source: 'sim' })) {
    for (const item of batch) {
      if (item.kind !== 'post') continue
      const r = sanitise(item.draft, { receivedAt: NOW, authorKey: key, keepRaw: false })
      if (r.ok) posts.push(r.post)
    }
    if (posts.length >= 2000) {
      await s.writeBatch({ posts, quarantine: [], deletes: [] })
      posts = []
    }
  }
  if (posts.length) await s.writeBatch({ posts, quarantine: [], deletes: [] })
}

before(async () => {
  ;({ store } = await seedStore({ path: join(dir, 'test.db') }))
  await storeSimulated(store)
  // Without the sieve the simulated posts carry no intent: mark the ones that ask something as
  // questions, and plant a formula-leading one, so waiting questions and CSV safety are exercised.
  await store.db
    .updateTable('posts')
    .set({ intent: 'question' })
    .where('display_text', 'like', '%?%')
    .execute()
  await store.db
    .updateTable('posts')
    .set({ display_text: '=HYPERLINK("http://evil.example") more bins #LewishamParksReview' })
    .where(
      'id',
      '=',
      store.db
        .selectFrom('posts')
        .select('id')
        .where('display_text', 'like', '%#LewishamParksReview%')
        .where('author_handle', 'not like', '%Lewisham%')
        .orderBy('id')
        .limit(1),
    )
    .execute()
  const rows = await store.db.selectFrom('posts').select(['author_handle', 'author_name']).execute()
  identities = [
    ...new Set(
      rows
        .flatMap((r) => [r.author_handle, r.author_name])
        .filter((x): x is string => typeof x === 'string' && x.trim().length >= 4),
    ),
  ]
  app = createApp({ store, webDist: false, now: () => NOW })
  await app.ready()
  for (const r of ['admin', 'analyst', 'responder', 'viewer'] as Role[])
    sessions.set(r, await signIn(app, r))
})

after(async () => {
  await app?.close()
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Asserts that no stored author handle or name appears in a body. */
function namesNobody(body: string, what: string): void {
  const lower = body.toLowerCase()
  const found = identities.filter((h) => lower.includes(h.toLowerCase()))
  assert.deepEqual(found.slice(0, 5), [], `${what} names a participant`)
}

describe('campaign API', { timeout: 120_000 }, () => {
  const body = {
    name: NAME,
    hashtags: ['#LewishamParksReview', 'AskLewisham'],
    accounts: ['LewishamCouncil'],
    period: { from: LAUNCH },
    questions: ['What one change would make your local park better?'],
    ownerTeam: 'Parks',
  }

  test('creating: validated, analysts only, 409 on a duplicate name', async () => {
    assert.equal((await as('viewer', 'POST', '/api/v1/campaigns', body)).statusCode, 403)
    const bad = await as('analyst', 'POST', '/api/v1/campaigns', { ...body, hashtags: [] })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /hashtags/)
    const res = await as('analyst', 'POST', '/api/v1/campaigns', body)
    assert.equal(res.statusCode, 201, res.body)
    const c = res.json() as { name: string; posts: number; participants: number }
    assert.equal(c.name, NAME)
    assert.ok(c.posts > 20, `posts attached: ${c.posts}`)
    assert.ok(c.participants > 10 && c.participants <= c.posts)
    const dup = await as('admin', 'POST', '/api/v1/campaigns', body)
    assert.equal(dup.statusCode, 409)
  })

  test('list: counts and themes, participants a number', async () => {
    const res = await as('viewer', 'GET', '/api/v1/campaigns')
    assert.equal(res.statusCode, 200)
    const { items } = res.json() as {
      items: { name: string; participants: unknown; themes: { label: string }[] }[]
    }
    const c = items.find((x) => x.name === NAME)
    assert.ok(c)
    assert.equal(typeof c.participants, 'number')
    assert.ok(c.themes.length >= 2)
    namesNobody(res.body, 'the list')
  })

  test('the live view: participation, reach, themes, places, waiting questions; nobody named', async () => {
    const res = await as('viewer', 'GET', `/api/v1/campaigns/${encodeURIComponent(NAME)}`)
    assert.equal(res.statusCode, 200, res.body)
    const v = res.json() as {
      posts: number
      participants: number
      participation: { bucket: string; items: { posts: number; participants: number }[] }
      platforms: { platform: string; posts: number }[]
      themes: { id: string; label: string; size: number; quotes: string[] }[]
      places: { features: { properties: { n: number } }[] }
      waiting: { total: number; items: { post: string; openCase: { href: string } }[] }
    }
    assert.equal(v.participation.bucket, 'hour')
    assert.equal(
      v.participation.items.reduce((s, b) => s + b.posts, 0),
      v.posts,
      'buckets add up to the posts',
    )
    assert.ok(v.participation.items.every((b) => b.participants <= b.posts))
    assert.equal(
      v.platforms.reduce((s, p) => s + p.posts, 0),
      v.posts,
    )
    assert.ok(v.themes.length >= 2 && v.themes.every((t) => t.label && t.size > 0))
    assert.ok(v.themes.some((t) => t.quotes.length > 0))
    assert.equal(v.places.features.length, 19)
    assert.ok(v.waiting.total > 0, 'questions wait')
    assert.equal(v.waiting.items[0]?.openCase.href, '/api/v1/cases')
    assert.doesNotMatch(res.body, /author|handle/i)
    namesNobody(res.body, 'the view')

    const theme = v.themes[0]!
    const t = await as(
      'viewer',
      'GET',
      `/api/v1/campaigns/${encodeURIComponent(NAME)}/themes/${theme.id}?limit=5`,
    )
    assert.equal(t.statusCode, 200, t.body)
    const tj = t.json() as { members: { total: number; items: unknown[] }; overTime: unknown[] }
    assert.equal(tj.members.items.length, Math.min(5, tj.members.total))
    assert.ok(tj.members.total > 0 && tj.members.total <= theme.size)
    namesNobody(t.body, 'a theme')
    const missing = await as(
      'viewer',
      'GET',
      `/api/v1/campaigns/${encodeURIComponent(NAME)}/themes/theme-99`,
    )
    assert.equal(missing.statusCode, 404)
    assert.equal((await as('viewer', 'GET', '/api/v1/campaigns/Nope')).statusCode, 404)
  })

  test('"you said, we did": staff record actions; viewers may not', async () => {
    const url = `/api/v1/campaigns/${encodeURIComponent(NAME)}/actions`
    const a = { theme: 'theme-1', action: 'Toilets open until dusk from August', status: 'done' }
    assert.equal((await as('viewer', 'POST', url, a)).statusCode, 403)
    const res = await as('responder', 'POST', url, a)
    assert.equal(res.statusCode, 201, res.body)
    assert.notEqual((res.json() as { theme: string }).theme, 'theme-1', 'stored by label')
    const list = (await as('viewer', 'GET', url)).json() as { items: { action: string }[] }
    assert.deepEqual(
      list.items.map((x) => x.action),
      [a.action],
    )
  })

  test('exports: CSV neutralises formulas, carries no author, and every export is logged', async () => {
    const q = `campaign=${encodeURIComponent(NAME)}`
    assert.equal((await as('viewer', 'GET', `/api/v1/exports/posts.csv?${q}`)).statusCode, 403)
    const res = await as('analyst', 'GET', `/api/v1/exports/posts.csv?${q}`)
    assert.equal(res.statusCode, 200, res.body)
    assert.match(String(res.headers['content-type']), /text\/csv/)
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n')
    assert.equal(
      lines[0],
      'id,createdAt,platform,language,intent,service,sentiment,ward,urgency,theme,text',
    )
    assert.ok(
      lines.some((l) => l.includes(`"'=HYPERLINK(`)),
      'formula neutralised',
    )
    assert.ok(!lines.some((l) => /,=/.test(l)))
    namesNobody(res.body, 'the posts export')
    const n = lines.filter((l) => l).length - 1

    const themes = await as('analyst', 'GET', `/api/v1/exports/campaign-themes.json?${q}`)
    assert.equal(themes.statusCode, 200)
    assert.ok((themes.json() as { items: unknown[] }).items.length >= 2)
    const labels = await as('admin', 'GET', `/api/v1/exports/labels.csv?${q}&intent=question`)
    assert.equal(labels.statusCode, 200)
    assert.match(labels.body, /intentP/)
    assert.equal(
      (await as('analyst', 'GET', '/api/v1/exports/campaign-themes.csv')).statusCode,
      400,
    )

    const log = await as('admin', 'GET', '/api/v1/exports/log')
    assert.equal(log.statusCode, 200)
    const items = (
      log.json() as {
        items: {
          what: string
          format: string
          rows: number
          by: string
          filters: Record<string, string>
        }[]
      }
    ).items
    const posts = items.find((x) => x.what === 'posts' && x.format === 'csv')
    assert.ok(posts)
    assert.equal(posts.rows, n)
    assert.equal(posts.by, TEST_USERS.analyst)
    assert.equal(posts.filters['campaign'], NAME)
    assert.ok(items.find((x) => x.what === 'labels' && x.filters['intent'] === 'question'))
    assert.equal((await as('analyst', 'GET', '/api/v1/exports/log')).statusCode, 403)
  })

  test('reports: campaign report and digest in HTML and JSON name nobody', async () => {
    const html = await as(
      'viewer',
      'GET',
      `/api/v1/campaigns/${encodeURIComponent(NAME)}/report.html`,
    )
    assert.equal(html.statusCode, 200, html.body)
    assert.match(String(html.headers['content-type']), /text\/html/)
    assert.match(html.body, /<h1>Parks conversation \(test\): campaign report<\/h1>/)
    assert.match(html.body, /Toilets open until dusk/)
    namesNobody(html.body, 'the report')
    const json = await as(
      'viewer',
      'GET',
      `/api/v1/campaigns/${encodeURIComponent(NAME)}/report.json`,
    )
    assert.equal(json.statusCode, 200)
    assert.doesNotMatch(json.body, /memberIds|authorKey/)
    namesNobody(json.body, 'the report JSON')
    const digest = await as(
      'viewer',
      'GET',
      '/api/v1/reports/digest.json?from=2026-07-08&to=2026-07-15',
    )
    assert.equal(digest.statusCode, 200, digest.body)
    assert.ok((digest.json() as { totalPosts: number }).totalPosts > 100)
    const bad = await as(
      'viewer',
      'GET',
      '/api/v1/reports/digest.html?from=2026-07-15&to=2026-07-08',
    )
    assert.equal(bad.statusCode, 400)
  })

  test('every campaign, report and export route is in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    assert.equal(res.statusCode, 200)
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths)
    for (const p of [
      '/api/v1/campaigns',
      '/api/v1/campaigns/{name}',
      '/api/v1/campaigns/{name}/themes/{id}',
      '/api/v1/campaigns/{name}/actions',
      '/api/v1/campaigns/{name}/report.pdf',
      '/api/v1/reports/digest.html',
      '/api/v1/exports/posts.csv',
      '/api/v1/exports/campaign-themes.json',
      '/api/v1/exports/log',
    ])
      assert.ok(paths.includes(p), `${p} documented`)
  })
})
