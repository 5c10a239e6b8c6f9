/**
 * Respond sends cases to another council system over Open311 and polls them back: against a real
 * GeoReport v2 server (the project's own plugin in a second Fastify app on 127.0.0.1, queuing
 * requests behind tokens like many real servers), through the HTTP API and the runtime's poller.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import {
  MemoryOpen311Store,
  loadRespondConfig,
  loadTaxonomy,
  open311Plugin,
  servicesFromTaxonomy,
  type SqliteStore,
} from '@civicpulse/adapters'
import { createApp } from '../app.js'
import { ROLES, type Role } from '../auth/roles.js'
import { RespondRuntime } from '../respond.js'
import { SEED_NOW, seedStore } from '../testing/seed.js'
import { signInAll, type TestSession } from '../testing/session.js'

const KEY = 'county-key-6d1f0b'
let dir: string
let store: SqliteStore
let postIds: number[]
let app: FastifyInstance
let county: FastifyInstance
let rt: RespondRuntime
let now = SEED_NOW
const remote = new MemoryOpen311Store('token')
const received: Record<string, unknown>[] = []
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

interface Link {
  endpoint: string
  serviceRequestId: string | null
  token: string | null
  status: string | null
  statusNotes: string | null
  polledAt: string | null
}
interface Detail {
  case: {
    id: string
    status: string
    notes: { author: string; text: string }[]
    audit: { actor: string; action: string }[]
    open311: { endpoints: { name: string }[]; links: Link[] }
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-open311-out-'))
  ;({ store, postIds } = await seedStore({ path: join(dir, 'o.db') }))
  const taxonomy = loadTaxonomy()
  county = Fastify()
  county.addHook('preHandler', async (req) => {
    if (req.method === 'POST') received.push(req.body as Record<string, unknown>)
  })
  await county.register(open311Plugin, {
    services: servicesFromTaxonomy(taxonomy),
    requests: remote,
    apiKeys: [KEY],
    jurisdictionId: 'county.example',
    timeZone: 'Europe/London',
  })
  await county.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(county.server.address() as AddressInfo).port}/open311/v2`
  const config = loadRespondConfig(taxonomy)
  rt = await RespondRuntime.create({
    db: store.db,
    now: () => now,
    taxonomy,
    env: { COUNTY_OPEN311_KEY: KEY },
    config: {
      ...config,
      open311: {
        pollEveryMs: 60_000,
        endpoints: [
          {
            name: 'county',
            baseUrl: base,
            apiKeyEnv: 'COUNTY_OPEN311_KEY',
            jurisdictionId: 'county.example',
            format: 'xml',
            serviceCodes: 'same',
          },
          {
            name: 'no-key',
            baseUrl: base,
            apiKeyEnv: 'NOT_SET_ANYWHERE',
            format: 'json',
            serviceCodes: 'same',
          },
        ],
      },
    },
  })
  app = createApp({ store, webDist: false, now: () => SEED_NOW, respond: rt })
  await app.ready()
  for (const [r, session] of await signInAll(app, ROLES)) sessions.set(r, session)
})

after(async () => {
  await app.close()
  await county.close()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('Open311 to another system', () => {
  test('push once, resolve the token, poll the status back, closed resolves the case', async () => {
    const opened = await as('responder', 'POST', '/api/v1/cases', {
      source: { kind: 'post', id: String(postIds[0]) },
    })
    assert.equal(opened.statusCode, 201, opened.body)
    const id = (opened.json() as { case: { id: string } }).case.id
    const detail = async () => {
      const r = await as('viewer', 'GET', `/api/v1/cases/${id}`)
      assert.equal(r.statusCode, 200, r.body)
      return (r.json() as Detail).case
    }
    assert.deepEqual((await detail()).open311, {
      endpoints: [{ name: 'county' }, { name: 'no-key' }],
      links: [],
    })

    assert.equal(
      (await as('viewer', 'POST', `/api/v1/cases/${id}/open311`, { endpoint: 'county' }))
        .statusCode,
      403,
    )
    const unknown = await as('responder', 'POST', `/api/v1/cases/${id}/open311`, {
      endpoint: 'nowhere',
    })
    assert.equal(unknown.statusCode, 400)
    const noKey = await as('responder', 'POST', `/api/v1/cases/${id}/open311`, {
      endpoint: 'no-key',
    })
    assert.equal(noKey.statusCode, 503)
    assert.match(noKey.body, /NOT_SET_ANYWHERE/)

    const first = await as('responder', 'POST', `/api/v1/cases/${id}/open311`, {
      endpoint: 'county',
    })
    assert.equal(first.statusCode, 201, first.body)
    const link = (first.json() as { link: Link; created: boolean }).link
    assert.match(link.token ?? '', /^tok-/)
    assert.equal(link.serviceRequestId, null)
    assert.equal(received.length, 1)
    assert.equal(received[0]?.['api_key'], KEY)
    assert.equal(received[0]?.['jurisdiction_id'], 'county.example')
    assert.equal(received[0]?.['service_code'], 'waste.missed-collection')
    assert.match(String(received[0]?.['description']), /Civic Pulse case CP-/)

    const again = await as('responder', 'POST', `/api/v1/cases/${id}/open311`, {
      endpoint: 'county',
    })
    assert.equal(again.statusCode, 200, 'a second push answers the existing link')
    assert.equal((again.json() as { created: boolean }).created, false)
    assert.equal(received.length, 1, 'nothing is sent twice')

    // The other system has not assigned an id yet: polling finds nothing new.
    now += 60_000
    assert.deepEqual(await rt.pollOpen311(), { polled: 1, changed: 0, resolved: 0, failed: 0 })
    remote.assignPending()
    now += 60_000
    assert.deepEqual(await rt.pollOpen311(), { polled: 1, changed: 1, resolved: 0, failed: 0 })
    let d = await detail()
    const l1 = d.open311.links[0] as Link
    assert.match(l1.serviceRequestId ?? '', /^\d+$/)
    assert.equal(l1.status, 'open')
    assert.equal(l1.polledAt, new Date(now).toISOString())
    assert.equal(d.status, 'new', 'an open request leaves the case as it is')

    // Nothing changed upstream: no new note.
    const notes = d.notes.length
    await rt.pollOpen311()
    assert.equal((await detail()).notes.length, notes)

    const r = remote.requests.get(l1.serviceRequestId as string)
    assert.ok(r)
    r.status = 'closed'
    r.status_notes = 'Crew collected the bins on Tuesday.'
    now += 60_000
    assert.deepEqual(await rt.pollOpen311(), { polled: 1, changed: 1, resolved: 1, failed: 0 })
    d = await detail()
    assert.equal(d.status, 'resolved')
    assert.equal(d.open311.links[0]?.status, 'closed')
    assert.equal(d.open311.links[0]?.statusNotes, 'Crew collected the bins on Tuesday.')
    assert.ok(d.notes.some((n) => n.author === 'open311' && /Crew collected/.test(n.text)))
    assert.ok(d.audit.some((a) => a.actor === 'open311' && a.action === 'status.changed'))
    assert.ok(d.audit.some((a) => a.actor === 'open311' && a.action === 'note.added'))
    assert.deepEqual(await rt.pollOpen311(), { polled: 0, changed: 0, resolved: 0, failed: 0 })
  })

  test('an upstream refusal is a 502 with its message, and nothing is linked', async () => {
    const opened = await as('responder', 'POST', '/api/v1/cases', {
      source: { kind: 'post', id: String(postIds[2]) },
    })
    const id = (opened.json() as { case: { id: string } }).case.id
    const before = received.length
    await county.close()
    const res = await as('responder', 'POST', `/api/v1/cases/${id}/open311`, {
      endpoint: 'county',
    })
    assert.equal(res.statusCode, 502, res.body)
    assert.match(res.body, /county did not take the request/)
    assert.equal(received.length, before)
    const d = (await as('viewer', 'GET', `/api/v1/cases/${id}`)).json() as Detail
    assert.deepEqual(d.case.open311.links, [])
  })
})
