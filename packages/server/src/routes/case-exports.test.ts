/**
 * Case exports over HTTP against a real SQLite file: the inbox filters, formula-leading cells
 * neutralised in CSV, no citizen handle anywhere, and one export-log row per export.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { SqliteStore } from '@civicpulse/adapters'
import { createApp } from '../app.js'
import { ROLES, type Role } from '../auth/roles.js'
import { RespondRuntime } from '../respond.js'
import { SEED_NOW, seedStore } from '../testing/seed.js'
import { signInAll, type TestSession } from '../testing/session.js'

let dir: string
let store: SqliteStore
let postIds: number[]
let app: FastifyInstance
const sessions = new Map<Role, TestSession>()

function as(role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const s = sessions.get(role) as TestSession
  return app.inject({
    method,
    url,
    headers: { cookie: s.cookie, ...(method !== 'GET' ? { 'x-csrf-token': s.csrf } : {}) },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  })
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-case-exports-'))
  ;({ store, postIds } = await seedStore({ path: join(dir, 'e.db') }))
  const rt = await RespondRuntime.create({ db: store.db, now: () => SEED_NOW })
  app = createApp({ store, webDist: false, now: () => SEED_NOW, respond: rt })
  await app.ready()
  for (const [r, session] of await signInAll(app, ROLES)) sessions.set(r, session)
})

after(async () => {
  await app.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

test('cases export as CSV and JSON with the inbox filters, safely and logged', async () => {
  const open = async (i: number, title?: string) => {
    const r = await as('responder', 'POST', '/api/v1/cases', {
      source: { kind: 'post', id: String(postIds[i]) },
      ...(title ? { title } : {}),
    })
    assert.equal(r.statusCode, 201, r.body)
    return (r.json() as { case: { id: string; ref: string } }).case
  }
  const a = await open(0, '=HYPERLINK("http://evil.example","x") from @resident0@mastodon.social')
  const b = await open(2)
  await open(4)
  const res = await as('responder', 'POST', `/api/v1/cases/${b.id}/actions`, {
    type: 'setStatus',
    status: 'resolved',
  })
  assert.equal(res.statusCode, 200, res.body)

  const csv = await as('analyst', 'GET', '/api/v1/exports/cases.csv')
  assert.equal(csv.statusCode, 200, csv.body)
  assert.match(String(csv.headers['content-type']), /^text\/csv/)
  assert.match(String(csv.headers['content-disposition']), /civicpulse-cases-all\.csv/)
  const lines = csv.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
  assert.equal(lines.length, 4, 'a header and three cases')
  assert.match(lines[0] ?? '', /^ref,title,status,priority,team/)
  const rowA = lines.find((l) => l.startsWith(`${a.ref},`)) ?? ''
  assert.match(rowA, /,"'=HYPERLINK\(/, 'a formula-leading cell is neutralised')
  assert.doesNotMatch(csv.body, /resident\d/, 'no citizen handle')
  assert.match(rowA, /from @…/)
  const handles = await store.db.selectFrom('posts').select('author_handle').execute()
  for (const h of handles)
    if (h.author_handle) assert.ok(!csv.body.includes(h.author_handle.replace(/^@/, '')))

  const resolved = await as('analyst', 'GET', '/api/v1/exports/cases.json?status=resolved')
  assert.equal(resolved.statusCode, 200, resolved.body)
  const items = (resolved.json() as { items: { ref: string; status: string }[] }).items
  assert.deepEqual(
    items.map((x) => [x.ref, x.status]),
    [[b.ref, 'resolved']],
  )
  const none = await as(
    'analyst',
    'GET',
    `/api/v1/exports/cases.json?from=${new Date(SEED_NOW + 1).toISOString()}`,
  )
  assert.equal((none.json() as { items: unknown[] }).items.length, 0, 'opened before "from"')
  const team = await as(
    'analyst',
    'GET',
    '/api/v1/exports/cases.json?view=all&team=street-cleansing',
  )
  assert.ok(
    (team.json() as { items: { team: string }[] }).items.every(
      (x) => x.team === 'street-cleansing',
    ),
  )
  assert.equal((await as('viewer', 'GET', '/api/v1/exports/cases.csv')).statusCode, 403)
  assert.equal(
    (await as('analyst', 'GET', '/api/v1/exports/cases.csv?status=bogus')).statusCode,
    400,
  )

  const log = await as('admin', 'GET', '/api/v1/exports/log')
  const entries = (
    log.json() as {
      items: { what: string; format: string; rows: number; filters: Record<string, unknown> }[]
    }
  ).items
  const mine = entries.filter((e) => e.what === 'cases')
  assert.equal(mine.length, 4, 'each export is logged')
  assert.ok(
    mine.some((e) => e.format === 'json' && e.rows === 1 && e.filters['status'] === 'resolved'),
  )
})
