/**
 * Respond over HTTP against a real SQLite file: queues and counts, commands (409 on a bad
 * transition), bulk, replies with and without approval delivered through the outbox to a local
 * Mastodon-shaped server, credentials never shown or logged, the SLA report on known cases, the
 * case-backed Open311 server, auto-opening by rule and the breach event sent once.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Labels } from '@civicpulse/core'
import type { SqliteStore } from '@civicpulse/adapters'
import { createApp } from '../app.js'
import { ROLES, type Role } from '../auth/roles.js'
import { encodeId } from '../ids.js'
import type { LiveEvent } from '../context.js'
import { RespondRuntime, type RespondEvent } from '../respond.js'
import { defaultPosts, SEED_NOW, seedStore, TEST_USERS } from '../testing/seed.js'
import { signIn, type TestSession as Session } from '../testing/session.js'
import { startLocalMastodon, type LocalMastodon } from '@civicpulse/adapters/testing'

const H = 3_600_000
const SECRET = 'mastodon-token-do-not-leak-7f3a9c'
// SEED_NOW is Friday 20 November 2026, 12:00 in London (GMT).
const MONDAY_0900 = Date.UTC(2026, 10, 23, 9, 0)

let dir: string
let store: SqliteStore
let postIds: number[]
let app: FastifyInstance
let rt: RespondRuntime
let now = SEED_NOW
const sessions = new Map<Role, Session>()
const events: RespondEvent[] = []
const streamed: LiveEvent[] = []

// A local server speaking Mastodon's POST /api/v1/statuses.
let masto: LocalMastodon

function as(role: Role, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const s = sessions.get(role) as Session
  return app.inject({
    method,
    url,
    headers: { cookie: s.cookie, ...(method !== 'GET' ? { 'x-csrf-token': s.csrf } : {}) },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  })
}

interface Row {
  id: string
  ref: string
  status: string
  priority: string
  team: string | null
  assignee: string | null
  jumped: boolean
  sla: { overdue: boolean; firstResponse: { dueAt: string | null; breached: boolean } }
}

async function queue(role: Role, qs: string) {
  const res = await as(role, 'GET', `/api/v1/cases?${qs}`)
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as {
    items: Row[]
    counts: { mine: number; team: number; unassigned: number; overdue: number }
  }
}

async function openPost(i: number, role: Role = 'responder') {
  const res = await as(role, 'POST', '/api/v1/cases', {
    source: { kind: 'post', id: String(postIds[i]) },
  })
  assert.equal(res.statusCode, 201, res.body)
  return res.json() as { case: Row; created: boolean }
}

const extraPosts = [
  // A Mastodon post about a missed collection (team with no approval).
  {
    text: 'Our bins on Elm Road were missed again this week',
    createdAt: SEED_NOW - 30 * 60_000,
    platform: 'mastodon',
    service: 'waste.missed-collection',
    intent: 'complaint',
    sentiment: 'negative' as const,
    ward: 'E05013714',
  },
  // A Mastodon post about a housing repair (Housing requires approval).
  {
    text: 'Damp in our council flat for months and nobody comes',
    createdAt: SEED_NOW - 40 * 60_000,
    platform: 'mastodon',
    service: 'housing.repairs',
    intent: 'complaint',
    sentiment: 'negative' as const,
    ward: 'E05013715',
  },
]
let MASTO_WASTE = 0
let MASTO_HOUSING = 0

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-cases-'))
  const posts = [...defaultPosts(), ...extraPosts]
  MASTO_WASTE = posts.length - 2
  MASTO_HOUSING = posts.length - 1
  ;({ store, postIds } = await seedStore({ path: join(dir, 'cases.db'), posts }))
  masto = await startLocalMastodon({ createdAt: '2026-11-20T12:30:00.000Z' })

  rt = await RespondRuntime.create({ db: store.db, now: () => now })
  rt.subscribe((e) => events.push(e))
  // The app keeps the seed clock (sessions stay valid); the runtime's clock moves with the tests.
  app = createApp({ store, webDist: false, now: () => SEED_NOW, respond: rt })
  app.addHook('onReady', async () => {})
  await app.ready()
  for (const r of ROLES) sessions.set(r, await signIn(app, r))
  const responder = await store.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', TEST_USERS.responder)
    .executeTakeFirstOrThrow()
  await rt.settings.setUserTeam(responder.id, 'waste-and-recycling')
})

after(async () => {
  await app.close()
  await store.close()
  await masto.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('cases', () => {
  test('opening is routed by the taxonomy and idempotent per source', async () => {
    const a = await openPost(0)
    assert.equal(a.created, true)
    assert.equal(a.case.team, 'waste-and-recycling')
    assert.equal(a.case.status, 'new')
    assert.match(a.case.ref, /^CP-\d+$/)
    const again = await openPost(0)
    assert.equal(again.created, false)
    assert.equal(again.case.id, a.case.id)
    const byApiId = await as('responder', 'POST', '/api/v1/cases', {
      source: { kind: 'post', id: encodeId('p', postIds[1] as number) },
    })
    assert.equal(byApiId.statusCode, 201, 'the API post id (as campaigns link it) works too')
    const litter = await openPost(2)
    assert.equal(litter.case.team, 'street-cleansing')
    const inc = await as('analyst', 'POST', '/api/v1/cases', {
      source: { kind: 'incident', id: 'inc-bins-bellingham' },
    })
    assert.equal(inc.statusCode, 201, inc.body)
    const ic = (inc.json() as { case: Row }).case
    assert.equal(ic.team, 'waste-and-recycling')
    assert.equal(ic.priority, 'high', 'incidents open as high (config)')
    assert.ok(events.some((e) => e.type === 'case.created' && e.data.id === ic.id))
    const viewer = await as('viewer', 'POST', '/api/v1/cases', {
      source: { kind: 'post', id: String(postIds[1]) },
    })
    assert.equal(viewer.statusCode, 403)
    const missing = await as('responder', 'POST', '/api/v1/cases', {
      source: { kind: 'post', id: '999999' },
    })
    assert.equal(missing.statusCode, 404)
  })

  test('queues, counts and queue order', async () => {
    const a = (await openPost(0)).case
    const b = (await openPost(4)).case
    const take = await as('responder', 'POST', `/api/v1/cases/${a.id}/actions`, {
      type: 'assign',
      assignee: TEST_USERS.responder,
    })
    assert.equal(take.statusCode, 200, take.body)
    const mine = await queue('responder', 'view=mine')
    assert.deepEqual(
      mine.items.map((x) => x.id),
      [a.id],
    )
    assert.equal(mine.counts.mine, 1)
    const team = await queue('responder', 'view=team')
    assert.ok(team.items.every((x) => x.team === 'waste-and-recycling'))
    assert.ok(team.items.some((x) => x.id === b.id))
    assert.equal(team.counts.team, team.items.length)
    const unassigned = await queue('responder', 'view=unassigned')
    assert.ok(!unassigned.items.some((x) => x.id === a.id))
    assert.equal(unassigned.counts.unassigned, unassigned.items.length)
    // Priority orders the queue.
    await as('responder', 'POST', `/api/v1/cases/${b.id}/actions`, {
      type: 'setPriority',
      priority: 'urgent',
    })
    const all = await queue('viewer', 'view=all')
    assert.equal(all.items[0]?.id, b.id)
    const found = await queue('viewer', `view=all&q=${encodeURIComponent(a.ref)}`)
    assert.deepEqual(
      found.items.map((x) => x.id),
      [a.id],
    )
    assert.equal((await as('viewer', 'GET', '/api/v1/cases?status=bogus')).statusCode, 400)
  })

  test('a refused transition is 409 with the reason; closed cases refuse changes', async () => {
    const c = (await openPost(6)).case
    const res = await as('responder', 'POST', `/api/v1/cases/${c.id}/actions`, {
      type: 'setStatus',
      status: 'resolved',
    })
    assert.equal(res.statusCode, 200)
    const bad = await as('responder', 'POST', `/api/v1/cases/${c.id}/actions`, {
      type: 'setStatus',
      status: 'awaiting_citizen',
    })
    assert.equal(bad.statusCode, 409)
    assert.match(
      (bad.json() as { error: { message: string } }).error.message,
      /resolved cannot become awaiting citizen/,
    )
    const rec = await as('responder', 'POST', `/api/v1/cases/${c.id}/actions`, {
      type: 'recordResponse',
      platform: 'x',
      remoteId: '1',
    })
    assert.equal(rec.statusCode, 400, 'recordResponse is not accepted over HTTP')
    const viewer = await as('viewer', 'POST', `/api/v1/cases/${c.id}/actions`, {
      type: 'addNote',
      text: 'hello',
    })
    assert.equal(viewer.statusCode, 403)
    const note = await as('responder', 'POST', `/api/v1/cases/${c.id}/actions`, {
      type: 'addNote',
      text: 'Checked with the crew.',
    })
    assert.equal(note.statusCode, 200)
    const detail = (await as('responder', 'GET', `/api/v1/cases/${c.id}`)).json() as {
      case: { notes: { text: string }[]; audit: { action: string }[] }
    }
    assert.equal(detail.case.notes[0]?.text, 'Checked with the crew.')
    assert.deepEqual(
      detail.case.audit.map((x) => x.action),
      ['case.created', 'status.changed', 'note.added'],
    )
  })

  test('bulk applies to each case on its own', async () => {
    const a = (await openPost(8)).case
    const b = (await openPost(12)).case
    const res = await as('responder', 'POST', '/api/v1/cases/bulk', {
      ids: [a.id, b.id, '424242'],
      command: { type: 'setPriority', priority: 'high' },
    })
    assert.equal(res.statusCode, 200, res.body)
    const { results } = res.json() as { results: { id: string; ok: boolean; error?: string }[] }
    assert.deepEqual(
      results.map((x) => x.ok),
      [true, true, false],
    )
    assert.match(results[2]?.error ?? '', /No case has that id/)
  })

  test('case detail: posts without authors for viewers; authors for responders, logged', async () => {
    const c = (await openPost(0)).case
    const v = (await as('viewer', 'GET', `/api/v1/cases/${c.id}`)).json() as {
      case: { posts: Record<string, unknown>[] }
    }
    assert.equal(v.case.posts.length, 1)
    assert.equal('author' in (v.case.posts[0] as object), false)
    assert.equal(v.case.posts[0]?.['url'], null)
    const before = await store.db.selectFrom('access_log').selectAll().execute()
    const r = (await as('responder', 'GET', `/api/v1/cases/${c.id}`)).json() as {
      case: { posts: { author?: { handle: string } }[] }
    }
    assert.equal(r.case.posts[0]?.author?.handle, '@resident0')
    const logged = await store.db.selectFrom('access_log').selectAll().execute()
    assert.equal(logged.length, before.length + 1)
    assert.equal(logged.at(-1)?.view, 'case')
  })
})

describe('replies', () => {
  test('reply accounts: credentials are write-only', async () => {
    const put = await as('admin', 'PUT', '/api/v1/reply-accounts', {
      platform: 'mastodon',
      account: 'council',
      baseUrl: masto.url,
      credentials: { accessToken: SECRET },
    })
    assert.equal(put.statusCode, 200, put.body)
    assert.ok(!put.body.includes(SECRET))
    const list = await as('admin', 'GET', '/api/v1/reply-accounts')
    assert.ok(!list.body.includes(SECRET))
    assert.deepEqual(
      (list.json() as { items: { credentialFields: string[] }[] }).items[0]?.credentialFields,
      ['accessToken'],
    )
    assert.equal((await as('responder', 'GET', '/api/v1/reply-accounts')).statusCode, 403)
  })

  test('a reply with no approval needed is sent through the outbox, stops the first-response clock and leaves the overdue view', async () => {
    now = SEED_NOW
    const c = (await openPost(MASTO_WASTE)).case
    assert.equal(c.team, 'waste-and-recycling')
    // Monday afternoon: 8 business hours have passed, the normal first-response target.
    now = MONDAY_0900 + 4 * H
    const overdue = await queue('responder', 'view=overdue')
    assert.ok(overdue.items.some((x) => x.id === c.id))
    assert.ok(overdue.counts.overdue >= 1)

    const placeholder = await as('responder', 'POST', `/api/v1/cases/${c.id}/replies`, {
      text: 'Sorry, logged as {{ref}}.',
      clientKey: 'k-placeholder-1',
    })
    assert.equal(placeholder.statusCode, 400)
    assert.match(placeholder.body, /\{\{ref\}\}/)

    const templates = (await as('responder', 'GET', '/api/v1/reply-templates')).json() as {
      items: { id: string; name: string; placeholders: string[] }[]
    }
    const ack = templates.items.find((t) => t.name === 'Acknowledge')
    assert.ok(ack)
    assert.deepEqual(ack.placeholders, ['ref', 'team', 'due'])

    const text = `Thank you for telling us. We have logged this as ${c.ref} with our Waste team.`
    const out: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    const ewrite = process.stderr.write.bind(process.stderr)
    process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as never
    process.stderr.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as never
    let res
    let again
    try {
      res = await as('responder', 'POST', `/api/v1/cases/${c.id}/replies`, {
        text,
        clientKey: 'k-0001-waste',
        templateId: ack.id,
      })
      again = await as('responder', 'POST', `/api/v1/cases/${c.id}/replies`, {
        text,
        clientKey: 'k-0001-waste',
        templateId: ack.id,
      })
      await rt.runOutbox()
    } finally {
      process.stdout.write = write
      process.stderr.write = ewrite
    }
    assert.equal(res.statusCode, 201, res.body)
    const reply = (res.json() as { reply: { id: string; status: string } }).reply
    assert.equal(reply.status, 'pending')
    assert.equal((again.json() as { reply: { id: string } }).reply.id, reply.id)
    assert.equal(masto.statuses.length, 1, 'exactly one status posted')
    assert.equal(masto.statuses[0]?.body['in_reply_to_id'], `seed-${MASTO_WASTE}`)
    assert.equal(masto.statuses[0]?.body['status'], text)
    assert.equal(masto.statuses[0]?.auth, `Bearer ${SECRET}`)
    assert.ok(!out.join('').includes(SECRET), 'the token is never logged')

    const d = (await as('responder', 'GET', `/api/v1/cases/${c.id}`)).json() as {
      case: {
        status: string
        firstResponseAt: string | null
        replies: { status: string; remoteUrl: string | null }[]
        replyTarget: { platform: string; account: string; inReplyTo: string }
      }
    }
    assert.equal(d.case.replies[0]?.status, 'sent')
    assert.match(d.case.replies[0]?.remoteUrl ?? '', /^https:\/\/social\.example\/@council\//)
    assert.equal(d.case.firstResponseAt, new Date(now).toISOString())
    assert.equal(d.case.status, 'in_progress')
    assert.deepEqual(d.case.replyTarget, {
      platform: 'mastodon',
      account: 'council',
      inReplyTo: `seed-${MASTO_WASTE}`,
    })
    const after = await queue('responder', 'view=overdue')
    assert.ok(!after.items.some((x) => x.id === c.id), 'the case left the overdue view')
    for (const url of [`/api/v1/cases/${c.id}`, '/api/v1/cases?view=all', '/api/v1/teams'])
      assert.ok(!(await as('admin', 'GET', url)).body.includes(SECRET))
    assert.ok(events.some((e) => e.type === 'reply.updated'))
  })

  test('a team that requires approval holds the reply for a second person', async () => {
    now = SEED_NOW
    const c = (await openPost(MASTO_HOUSING, 'analyst')).case
    assert.equal(c.team, 'housing')
    const res = await as('analyst', 'POST', `/api/v1/cases/${c.id}/replies`, {
      text: `We are sorry about the damp. Your repair is logged as ${c.ref}.`,
      clientKey: 'k-0002-housing',
    })
    assert.equal(res.statusCode, 201, res.body)
    const reply = (res.json() as { reply: { id: string; status: string } }).reply
    assert.equal(reply.status, 'awaiting_approval')
    await rt.runOutbox()
    const sent = masto.statuses.length
    const self = await as('analyst', 'POST', `/api/v1/cases/${c.id}/replies/${reply.id}/approve`)
    assert.equal(self.statusCode, 403, 'the author cannot approve their own reply')
    const responder = await as(
      'responder',
      'POST',
      `/api/v1/cases/${c.id}/replies/${reply.id}/approve`,
    )
    assert.equal(responder.statusCode, 403, 'a responder may not approve')
    const ok = await as('admin', 'POST', `/api/v1/cases/${c.id}/replies/${reply.id}/approve`)
    assert.equal(ok.statusCode, 200, ok.body)
    const approved = (ok.json() as { reply: { status: string; approvedBy: string } }).reply
    assert.equal(approved.status, 'pending')
    assert.equal(approved.approvedBy, TEST_USERS.admin)
    await rt.runOutbox()
    assert.equal(masto.statuses.length, sent + 1)
    assert.equal(masto.statuses.at(-1)?.body['in_reply_to_id'], `seed-${MASTO_HOUSING}`)
    const twice = await as('admin', 'POST', `/api/v1/cases/${c.id}/replies/${reply.id}/approve`)
    assert.equal(twice.statusCode, 409)

    // A second draft, rejected with a reason.
    const r2 = await as('analyst', 'POST', `/api/v1/cases/${c.id}/replies`, {
      text: 'We will come tomorrow.',
      clientKey: 'k-0003-housing',
    })
    const id2 = (r2.json() as { reply: { id: string } }).reply.id
    const rej = await as('admin', 'POST', `/api/v1/cases/${c.id}/replies/${id2}/reject`, {
      reason: 'We cannot promise a date.',
    })
    assert.equal(rej.statusCode, 200, rej.body)
    assert.equal((rej.json() as { reply: { status: string } }).reply.status, 'rejected')
    await rt.runOutbox()
    assert.equal(masto.statuses.length, sent + 1, 'a rejected reply is never sent')
    const d = (await as('analyst', 'GET', `/api/v1/cases/${c.id}`)).json() as {
      case: { audit: { action: string }[]; replies: { status: string; rejectReason: string }[] }
    }
    const actions = d.case.audit.map((x) => x.action)
    for (const x of ['reply.awaiting_approval', 'reply.queued', 'first_response', 'reply.rejected'])
      assert.ok(actions.includes(x), x)
    assert.deepEqual(
      d.case.replies.map((x) => x.status),
      ['sent', 'rejected'],
    )
    assert.equal(d.case.replies[1]?.rejectReason, 'We cannot promise a date.')
  })
})

describe('SLA', () => {
  test('the report on a known set of cases', async () => {
    // Three waste cases opened on Monday 09:00 (normal priority: first response 480 business min).
    now = MONDAY_0900
    const ids: string[] = []
    for (const i of [20, 24, 28])
      ids.push((await rt.openFromPost(postIds[i] as number, 'x')).case.id)
    const [a, b, c] = ids as [string, string, string]
    now = MONDAY_0900 + H // responded after 1 business hour: met
    await rt.act(a, { type: 'recordResponse', platform: 'x', remoteId: '1' }, 'outbox')
    now = MONDAY_0900 + 3 * H // resolved after 3 business hours: met
    await rt.act(a, { type: 'setStatus', status: 'resolved' }, 'x')
    now = MONDAY_0900 + 25 * H // Tuesday 10:00: 9 business hours, late
    await rt.act(b, { type: 'recordResponse', platform: 'x', remoteId: '2' }, 'outbox')
    now = MONDAY_0900 + 48 * H // Wednesday 09:00: c has had 16 business hours without an answer
    const from = new Date(MONDAY_0900 - 1000).toISOString()
    const to = new Date(MONDAY_0900 + 1000).toISOString()
    const res = await as(
      'viewer',
      'GET',
      `/api/v1/sla/report?from=${from}&to=${to}&team=waste-and-recycling`,
    )
    assert.equal(res.statusCode, 200, res.body)
    const rep = res.json() as {
      teams: {
        team: string
        cases: number
        firstResponse: { compliancePct: number; medianMs: number }
        resolution: { compliancePct: number; medianMs: number }
        openBreaches: number
      }[]
      overall: { cases: number; openBreaches: number }
    }
    assert.equal(rep.teams.length, 1)
    const t = rep.teams[0]
    assert.equal(t?.team, 'waste-and-recycling')
    assert.equal(t?.cases, 3)
    assert.equal(t?.firstResponse.compliancePct, 50)
    assert.equal(t?.firstResponse.medianMs, ((1 + 9) / 2) * H)
    assert.equal(t?.resolution.compliancePct, 100)
    assert.equal(t?.resolution.medianMs, 3 * H)
    assert.equal(t?.openBreaches, 2)
    assert.equal(rep.overall.cases, 3)
    void c
  })

  test('a breach is announced once per case and clock, on the live stream too', async () => {
    const seen: LiveEvent[] = []
    const app2 = createApp({ store, webDist: false, now: () => now, respond: rt })
    await app2.ready()
    const off = rt.subscribe((e) => seen.push(e))
    const first = await rt.sweepSla()
    assert.ok(first > 0)
    const breaches = seen.filter((e) => e.type === 'case.sla_breached')
    assert.equal(breaches.length, first)
    const keys = breaches.map(
      (e) => `${(e.data as { id: string }).id}:${(e.data as { clock: string }).clock}`,
    )
    assert.equal(new Set(keys).size, keys.length)
    assert.equal(await rt.sweepSla(), 0, 'nothing is announced twice')
    off()
    await app2.close()
    void streamed
  })
})

describe('automatic opening', () => {
  const labels = (over: Partial<Labels['urgency']>, intent = 'complaint', relevant = 0.9) =>
    ({
      relevant: { p: relevant },
      intent: { label: intent, p: 0.9 },
      service: { code: 'roads.pothole', name: 'Potholes', p: 0.8, top: [] },
      sentiment: { label: 'negative', score: -0.5 },
      urgency: { score: 0.2, flags: [], ...over },
      language: { code: 'en', p: 0.99 },
      places: [],
      spam: { p: 0.01 },
      abuse: { p: 0.01 },
    }) as unknown as Labels

  test('posts matched by an open: auto rule open cases; others do not', async () => {
    now = SEED_NOW
    const danger = postIds[40] as number
    const strong = postIds[44] as number
    const mild = postIds[48] as number
    const safetyOnly = postIds[41] as number
    const offTopic = postIds[42] as number
    const mentioned = postIds[43] as number
    const opened = await rt.autoOpenPosts(
      [
        {
          text: 'Live wires hanging down by the bus stop',
          labels: labels({ flags: ['risk_to_life'], score: 0.7 }, 'information', 0.9),
        },
        { text: 'Pothole wrecked my tyre, fix it now', labels: labels({ score: 0.8 }) },
        { text: 'Small crack in the road', labels: labels({}) },
        // The labeller's generous `safety` flag alone does not open a case any more.
        { text: 'Slippy pavement outside the shop', labels: labels({ flags: ['safety'] }) },
        // Nor a risk to life in a post not about council services.
        {
          text: 'That film was a risk to life and limb',
          labels: labels({ flags: ['risk_to_life'] }, 'other', 0.2),
        },
        // A vulnerable person merely mentioned, without urgency.
        {
          text: 'Someone parked on the disabled bay again',
          labels: labels({ flags: ['vulnerable_person'], score: 0.2 }),
        },
      ],
      [danger, strong, mild, safetyOnly, offTopic, mentioned],
    )
    assert.equal(opened, 2)
    const all = (await queue('viewer', 'view=all&limit=500')).items
    const bySource = async (id: number) =>
      await rt.cases.findBySource({ kind: 'post', id: String(id) })
    const s = await bySource(danger)
    assert.ok(s?.jumped)
    assert.equal(s?.priority, 'urgent')
    assert.equal((await bySource(strong))?.priority, 'high')
    for (const id of [mild, safetyOnly, offTopic, mentioned])
      assert.equal(await bySource(id), undefined)
    assert.ok(all.some((x) => x.id === s?.id && x.jumped))
    assert.equal(
      await rt.autoOpenPosts([{ labels: labels({ flags: ['risk_to_life'] }) }], [danger]),
      0,
    )
    const stuck = postIds[45] as number
    assert.equal(
      await rt.autoOpenPosts(
        [
          {
            text: 'Lift broken in our block, elderly neighbours stuck',
            labels: labels({ flags: ['vulnerable_person'], score: 0.65 }),
          },
        ],
        [stuck],
      ),
      1,
      'a vulnerable person in a pressing situation opens a case',
    )
  })
})

describe('Open311 on cases', () => {
  test('a POST with an issued key opens a routed case; GET maps its status', async () => {
    const { key } = await rt.settings.issueOpen311Key('fixmystreet', now)
    const bad = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: 'nope',
        service_code: 'roads.pothole',
        lat: '51.45',
        long: '-0.02',
      }).toString(),
    })
    assert.equal(bad.statusCode, 403)
    const res = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: key,
        service_code: 'roads.pothole',
        lat: '51.45',
        long: '-0.02',
        description: 'Deep pothole outside the school',
        email: 'sam@example.org',
      }).toString(),
    })
    assert.equal(res.statusCode, 200, res.body)
    const id = String((res.json() as { service_request_id: string }[])[0]?.service_request_id)
    const c = await rt.cases.get(id)
    assert.equal(c?.team, 'highways')
    assert.equal(c?.source.kind, 'manual')
    const got = (await app.inject({ url: `/open311/v2/requests/${id}.json` })).json() as {
      status: string
      description: string
      agency_responsible: string
    }[]
    assert.equal(got[0]?.status, 'open')
    assert.equal(got[0]?.description, 'Deep pothole outside the school')
    assert.equal(got[0]?.agency_responsible, 'Highways')
    assert.ok(!JSON.stringify(got).includes('sam@example.org'), 'contact details stay private')
    await rt.act(id, { type: 'setStatus', status: 'closed' }, 'x')
    const closed = (await app.inject({ url: `/open311/v2/requests/${id}.json` })).json() as {
      status: string
    }[]
    assert.equal(closed[0]?.status, 'closed')
    const list = (await app.inject({ url: '/open311/v2/requests.json' })).json() as unknown[]
    assert.equal(list.length, 1, 'cases opened from social media posts are not published')
  })
})

describe('teams', () => {
  test('teams from the taxonomy with members and the caller’s team', async () => {
    const res = (await as('responder', 'GET', '/api/v1/teams')).json() as {
      items: { code: string; name: string; members: { username: string }[] }[]
      myTeam: string
    }
    assert.equal(res.myTeam, 'waste-and-recycling')
    const me = (await as('responder', 'GET', '/api/v1/me')).json() as {
      user: { team: string | null }
      can: Record<string, boolean>
    }
    assert.equal(me.user.team, 'waste-and-recycling')
    assert.equal(me.can['respond'], true)
    assert.equal(me.can['approveReplies'], false)
    const waste = res.items.find((t) => t.code === 'waste-and-recycling')
    assert.equal(waste?.name, 'Waste and Recycling')
    assert.deepEqual(
      waste?.members.map((m) => m.username),
      [TEST_USERS.responder],
    )
  })
})
