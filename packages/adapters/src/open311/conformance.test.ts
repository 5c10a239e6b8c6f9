/**
 * Open311 GeoReport v2 conformance suite: every endpoint in JSON and XML, field names and types,
 * error bodies `[{"code","description"}]`, ISO 8601 dates with an offset, filters, the 90-day
 * default window and the 1000 cap. It runs twice: over the in-memory reference store and over the
 * case-backed store the product mounts (a real SQLite database; POST opens a routed case).
 */
import { test as nodeTest } from 'node:test'
import assert from 'node:assert/strict'
import Fastify, { type FastifyInstance } from 'fastify'
import { open311Plugin } from './plugin.js'
import { openCase, routeCase, type Case, type CaseSource } from '@civicpulse/core'
import { MemoryOpen311Store } from './memory-store.js'
import { CaseOpen311Store } from './case-store.js'
import { CaseRepository } from '../store/queries/cases.js'
import { openSqliteStore } from '../store/sqlite/sqlite-store.js'
import { parseOpen311Xml } from './xml.js'
import type { Open311Request, Open311Service } from './types.js'

const NOW = Date.parse('2026-07-01T12:00:00Z')
const DAY = 86_400_000
const KEY = 'integration-key-1'
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/
const FORMATS = ['json', 'xml'] as const

const services: Open311Service[] = [
  {
    service_code: 'waste.fly-tipping',
    service_name: 'Fly-tipping',
    description: 'Rubbish dumped on public land',
    metadata: false,
    type: 'realtime',
    keywords: 'fly tipping, dumped',
    group: 'Waste and recycling',
  },
  {
    service_code: 'highways.pothole',
    service_name: 'Pothole',
    description: 'A hole in the road or pavement',
    metadata: true,
    type: 'realtime',
    keywords: 'pothole',
    group: 'Roads & pavements',
    attributes: [
      {
        variable: true,
        code: 'DEPTH',
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: 'Roughly how deep',
        order: 2,
        description: 'How deep is it?',
        values: [
          { key: 'shallow', name: 'Under 5 cm' },
          { key: 'deep', name: '5 cm or more' },
        ],
      },
      {
        variable: false,
        code: 'NOTE',
        datatype: 'text',
        required: false,
        datatype_description: '',
        order: 1,
        description: 'Repairs are usually made within 5 working days.',
      },
    ],
  },
]

function req(id: string, daysAgo: number, over: Partial<Open311Request> = {}): Open311Request {
  return {
    service_request_id: id,
    status: 'open',
    status_notes: null,
    service_name: 'Pothole',
    service_code: 'highways.pothole',
    description: 'Deep pothole by the school <gate> & kerb',
    agency_responsible: 'Highways',
    service_notice: null,
    requested_datetime: NOW - daysAgo * DAY,
    updated_datetime: NOW - daysAgo * DAY + 3_600_000,
    expected_datetime: null,
    address: '12 Mill Lane',
    address_id: null,
    zipcode: 'SE13 5AA',
    lat: 51.4613,
    long: -0.0104,
    media_url: null,
    ...over,
  }
}

type Backend = 'memory' | 'cases'
const BACKENDS: Backend[] = ['memory', 'cases']

/** A server under test: the app, a way to add requests, and what the store kept. */
interface Harness {
  app: FastifyInstance
  put(r: Open311Request): Promise<void>
  stored(id: string): Promise<Open311Request | undefined>
  memory?: MemoryOpen311Store
}

/** The case-backed store over a fresh SQLite database; cases are opened and routed by core. */
async function caseBacked(): Promise<CaseOpen311Store> {
  const sqlite = await openSqliteStore({ path: ':memory:' })
  const cases = new CaseRepository(sqlite.db)
  const open = async (source: CaseSource, facts: { title: string; serviceCode: string }) => {
    const d = routeCase({ serviceCode: facts.serviceCode }, [], {
      serviceTeams: { 'highways.pothole': 'highways' },
      fallbackTeam: null,
      defaultPriority: 'normal',
    })
    const { case: c, audit } = openCase(
      {
        title: facts.title,
        source,
        priority: d.priority,
        team: d.team,
        serviceCode: facts.serviceCode,
      },
      'open311',
      NOW,
    )
    return cases.create(c, audit)
  }
  return new CaseOpen311Store({
    db: sqlite.db,
    open: open as (s: CaseSource, f: { title: string; serviceCode: string }) => Promise<Case>,
    teamName: (t) => (t === 'highways' ? 'Highways' : t),
  }).withServices(services)
}

async function setupWith(
  mode: 'id' | 'token' = 'id',
  timeZone = 'Europe/London',
  backend: Backend = 'memory',
): Promise<Harness> {
  const memory = backend === 'memory' ? new MemoryOpen311Store(mode) : undefined
  const cases = backend === 'cases' ? await caseBacked() : undefined
  const store = (memory ?? cases) as MemoryOpen311Store | CaseOpen311Store
  const put = async (r: Open311Request) =>
    memory ? memory.put(r) : await (cases as CaseOpen311Store).importRequest(r)
  await put(req('501', 2))
  await put(
    req('502', 10, {
      status: 'closed',
      status_notes: 'Repaired',
      service_code: 'waste.fly-tipping',
      service_name: 'Fly-tipping',
    }),
  )
  await put(req('503', 120))
  const app = Fastify()
  await app.register(open311Plugin, {
    services,
    requests: store,
    apiKeys: [KEY],
    timeZone,
    now: () => NOW,
    discovery: { contact: 'open311@council.example', key_service: 'Ask the council for a key.' },
  })
  await app.ready()
  return {
    app,
    put,
    stored: (id) => (memory ? Promise.resolve(memory.requests.get(id)) : store.get(id)),
    ...(memory ? { memory } : {}),
  }
}

function body(fmt: 'json' | 'xml', payload: string): unknown {
  return fmt === 'json' ? JSON.parse(payload) : parseOpen311Xml(payload)
}

function requestsOf(fmt: 'json' | 'xml', payload: string): Record<string, unknown>[] {
  const b = body(fmt, payload)
  if (fmt === 'json') return b as Record<string, unknown>[]
  const root = (b as { service_requests: { request?: Record<string, unknown>[] } | null })
    .service_requests
  return root?.request ?? []
}

function errorsOf(fmt: 'json' | 'xml', payload: string): { code: unknown; description: unknown }[] {
  const b = body(fmt, payload)
  if (fmt === 'json') return b as { code: unknown; description: unknown }[]
  return (b as { errors: { error: { code: unknown; description: unknown }[] } }).errors.error
}

function assertError(
  fmt: 'json' | 'xml',
  res: { statusCode: number; payload: string; headers: Record<string, unknown> },
  status: number,
  pattern: RegExp,
): void {
  assert.equal(res.statusCode, status)
  const errs = errorsOf(fmt, res.payload)
  assert.equal(errs.length, 1)
  assert.equal(fmt === 'json' ? errs[0]?.code : Number(errs[0]?.code), status)
  assert.equal(typeof errs[0]?.description, 'string')
  assert.match(String(errs[0]?.description), pattern)
  assert.match(
    String(res.headers['content-type']),
    fmt === 'json' ? /application\/json/ : /text\/xml/,
  )
}

const form = (o: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(o).toString(),
})

nodeTest('discovery in both formats', async () => {
  const { app } = await setupWith()
  const j = await app.inject({ url: '/open311/v2/discovery.json' })
  assert.equal(j.statusCode, 200)
  const d = JSON.parse(j.payload) as {
    contact: string
    endpoints: { specification: string; url: string; formats: string[]; type: string }[]
  }
  assert.equal(d.contact, 'open311@council.example')
  assert.equal(d.endpoints[0]?.specification, 'http://wiki.open311.org/GeoReport_v2')
  assert.deepEqual(d.endpoints[0]?.formats, ['text/xml', 'application/json'])
  assert.match(d.endpoints[0]?.url ?? '', /\/open311\/v2\/$/)
  const x = await app.inject({ url: '/open311/v2/discovery.xml' })
  assert.match(x.payload, /^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery>/)
  const px = parseOpen311Xml(x.payload) as {
    discovery: { endpoints: { endpoint: { formats: { format: string[] } }[] } }
  }
  assert.deepEqual(px.discovery.endpoints.endpoint[0]?.formats.format, [
    'text/xml',
    'application/json',
  ])
  const root = await app.inject({ url: '/open311/v2/' })
  assert.equal(root.statusCode, 200)
  assert.match(root.payload, /<discovery>/)
  const rootJson = await app.inject({ url: '/open311/v2', headers: { accept: 'application/json' } })
  assert.equal(
    (JSON.parse(rootJson.payload) as { contact: string }).contact,
    'open311@council.example',
  )
})

for (const backend of BACKENDS)
  for (const fmt of FORMATS) {
    const setup = (mode: 'id' | 'token' = 'id', tz = 'Europe/London') =>
      setupWith(mode, tz, backend)
    const test = (name: string, fn: () => Promise<void>) => nodeTest(`[${backend}] ${name}`, fn)
    test(`GET services.${fmt}: spec fields and types`, async () => {
      const { app } = await setup()
      const res = await app.inject({ url: `/open311/v2/services.${fmt}` })
      assert.equal(res.statusCode, 200)
      const b = body(fmt, res.payload)
      const list =
        fmt === 'json'
          ? (b as Record<string, unknown>[])
          : (b as { services: { service: Record<string, unknown>[] } }).services.service
      assert.equal(list.length, 2)
      const s = list[1] as Record<string, unknown>
      assert.deepEqual(Object.keys(s), [
        'service_code',
        'service_name',
        'description',
        'metadata',
        'type',
        'keywords',
        'group',
      ])
      assert.equal(s['service_code'], 'highways.pothole')
      assert.equal(s['metadata'], fmt === 'json' ? true : 'true')
      assert.equal(s['type'], 'realtime')
      assert.equal(s['group'], 'Roads & pavements')
      if (fmt === 'xml') assert.match(res.payload, /<group>Roads &amp; pavements<\/group>/)
    })

    test(`GET services/{code}.${fmt}: definition with attributes in order; unknown code is 404`, async () => {
      const { app } = await setup()
      const res = await app.inject({ url: `/open311/v2/services/highways.pothole.${fmt}` })
      assert.equal(res.statusCode, 200)
      const b = body(fmt, res.payload)
      const def =
        fmt === 'json'
          ? (b as Record<string, unknown>)
          : (b as { service_definition: Record<string, unknown> }).service_definition
      assert.equal(def['service_code'], 'highways.pothole')
      const attrs =
        fmt === 'json'
          ? (def['attributes'] as Record<string, unknown>[])
          : (def['attributes'] as { attribute: Record<string, unknown>[] }).attribute
      assert.deepEqual(
        attrs.map((a) => a['code']),
        ['NOTE', 'DEPTH'],
      )
      assert.deepEqual(Object.keys(attrs[1] as object), [
        'variable',
        'code',
        'datatype',
        'required',
        'datatype_description',
        'order',
        'description',
        'values',
      ])
      const values =
        fmt === 'json'
          ? (attrs[1]?.['values'] as unknown[])
          : (attrs[1]?.['values'] as { value: unknown[] }).value
      assert.deepEqual(values[0], { key: 'shallow', name: 'Under 5 cm' })
      if (fmt === 'json') assert.equal(attrs[1]?.['order'], 2)
      assertError(
        fmt,
        await app.inject({ url: `/open311/v2/services/nope.${fmt}` }),
        404,
        /No service has the code nope/,
      )
    })

    test(`GET requests.${fmt}: 90-day default window, newest first, dates with offset, numeric lat/long`, async () => {
      const { app } = await setup()
      const res = await app.inject({ url: `/open311/v2/requests.${fmt}` })
      assert.equal(res.statusCode, 200)
      const rows = requestsOf(fmt, res.payload)
      assert.deepEqual(
        rows.map((r) => r['service_request_id']),
        ['501', '502'],
        'the 120-day-old request is outside the default window',
      )
      const r = rows[0] as Record<string, unknown>
      assert.deepEqual(Object.keys(r), [
        'service_request_id',
        'status',
        'status_notes',
        'service_name',
        'service_code',
        'description',
        'agency_responsible',
        'service_notice',
        'requested_datetime',
        'updated_datetime',
        'expected_datetime',
        'address',
        'address_id',
        'zipcode',
        'lat',
        'long',
        'media_url',
      ])
      assert.match(String(r['requested_datetime']), ISO_OFFSET)
      assert.equal(
        r['requested_datetime'],
        '2026-06-29T13:00:00+01:00',
        'London summer time offset',
      )
      assert.equal(Date.parse(String(r['requested_datetime'])), NOW - 2 * DAY)
      assert.equal(r['description'], 'Deep pothole by the school <gate> & kerb')
      if (fmt === 'json') {
        assert.equal(r['lat'], 51.4613)
        assert.equal(r['expected_datetime'], null)
        assert.equal(r['status'], 'open')
      } else {
        assert.equal(r['lat'], '51.4613')
        assert.match(res.payload, /<expected_datetime><\/expected_datetime>/)
      }
    })

    test(`GET requests.${fmt}: filters by id, service_code, status and dates; bad filters are 400`, async () => {
      const { app } = await setup()
      const ids = async (qs: string) =>
        requestsOf(
          fmt,
          (await app.inject({ url: `/open311/v2/requests.${fmt}?${qs}` })).payload,
        ).map((r) => r['service_request_id'])
      assert.deepEqual(
        await ids('service_request_id=503,501'),
        ['501', '503'],
        'ids ignore the date window',
      )
      assert.deepEqual(await ids('service_code=waste.fly-tipping'), ['502'])
      assert.deepEqual(await ids('status=closed'), ['502'])
      assert.deepEqual(await ids('status=open,closed'), ['501', '502'])
      assert.deepEqual(
        await ids(
          `start_date=${new Date(NOW - 130 * DAY).toISOString()}&end_date=${new Date(NOW - 100 * DAY).toISOString()}`,
        ),
        ['503'],
      )
      assert.deepEqual(await ids(`start_date=${encodeURIComponent('2026-06-25T00:00:00+01:00')}`), [
        '501',
      ])
      assertError(
        fmt,
        await app.inject({ url: `/open311/v2/requests.${fmt}?status=pending` }),
        400,
        /status must be open or closed/,
      )
      assertError(
        fmt,
        await app.inject({ url: `/open311/v2/requests.${fmt}?start_date=yesterday` }),
        400,
        /ISO 8601/,
      )
      assertError(
        fmt,
        await app.inject({
          url: `/open311/v2/requests.${fmt}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`,
        }),
        400,
        /cannot exceed 90 days/,
      )
      assertError(
        fmt,
        await app.inject({
          url: `/open311/v2/requests.${fmt}?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z`,
        }),
        400,
        /before start_date/,
      )
    })

    test(`GET requests/{id}.${fmt}: one request in a list; unknown id is 404`, async () => {
      const { app } = await setup()
      const res = await app.inject({ url: `/open311/v2/requests/502.${fmt}` })
      assert.equal(res.statusCode, 200)
      const rows = requestsOf(fmt, res.payload)
      assert.equal(rows.length, 1)
      assert.equal(rows[0]?.['status'], 'closed')
      assert.equal(rows[0]?.['status_notes'], 'Repaired')
      assertError(
        fmt,
        await app.inject({ url: `/open311/v2/requests/999.${fmt}` }),
        404,
        /No service request has the id 999/,
      )
    })

    test(`POST requests.${fmt}: api_key required, validation errors, then created and readable`, async () => {
      const { app, stored: storedOf } = await setup()
      const url = `/open311/v2/requests.${fmt}`
      const good = {
        service_code: 'highways.pothole',
        lat: '51.46',
        long: '-0.01',
        description: 'Pothole outside 4 Elm Road',
        email: 'sam@example.org',
        'attribute[DEPTH]': 'deep',
      }
      assertError(
        fmt,
        await app.inject({ method: 'POST', url, ...form(good) }),
        403,
        /api_key is required/,
      )
      assertError(
        fmt,
        await app.inject({ method: 'POST', url, ...form({ ...good, api_key: 'wrong' }) }),
        403,
        /Invalid api_key/,
      )
      assertError(
        fmt,
        await app.inject({
          method: 'POST',
          url,
          ...form({ api_key: KEY, lat: '51.46', long: '-0.01' }),
        }),
        400,
        /service_code was not provided/,
      )
      assertError(
        fmt,
        await app.inject({
          method: 'POST',
          url,
          ...form({ ...good, api_key: KEY, service_code: 'nope' }),
        }),
        400,
        /not a known service/,
      )
      assertError(
        fmt,
        await app.inject({
          method: 'POST',
          url,
          ...form({ api_key: KEY, service_code: 'waste.fly-tipping' }),
        }),
        400,
        /location is required/,
      )
      assertError(
        fmt,
        await app.inject({ method: 'POST', url, ...form({ ...good, api_key: KEY, lat: '95' }) }),
        400,
        /lat must be between/,
      )
      assertError(
        fmt,
        await app.inject({ method: 'POST', url, ...form({ ...good, api_key: KEY, lat: 'north' }) }),
        400,
        /lat must be a number/,
      )
      const { 'attribute[DEPTH]': _d, ...noAttr } = good
      assertError(
        fmt,
        await app.inject({ method: 'POST', url, ...form({ ...noAttr, api_key: KEY }) }),
        400,
        /Attribute DEPTH .* is required/,
      )
      assertError(
        fmt,
        await app.inject({
          method: 'POST',
          url,
          ...form({ ...good, api_key: KEY, 'attribute[DEPTH]': 'bottomless' }),
        }),
        400,
        /does not accept the value bottomless/,
      )
      const ok = await app.inject({ method: 'POST', url, ...form({ ...good, api_key: KEY }) })
      assert.equal(ok.statusCode, 200)
      const created = requestsOf(fmt, ok.payload)
      assert.equal(created.length, 1)
      const id = String(created[0]?.['service_request_id'])
      assert.match(id, /^\d+$/)
      assert.ok('service_notice' in (created[0] as object) || fmt === 'xml')
      const stored = await storedOf(id)
      assert.equal(stored?.description, 'Pothole outside 4 Elm Road')
      assert.equal(stored?.lat, 51.46)
      const back = requestsOf(
        fmt,
        (await app.inject({ url: `/open311/v2/requests/${id}.${fmt}` })).payload,
      )
      assert.equal(back[0]?.['service_code'], 'highways.pothole')
      assert.equal(back[0]?.['requested_datetime'], '2026-07-01T13:00:00+01:00')
      // An address instead of coordinates is enough.
      const addr = await app.inject({
        method: 'POST',
        url,
        ...form({ api_key: KEY, service_code: 'waste.fly-tipping', address_string: '2 Mill Lane' }),
      })
      assert.equal(addr.statusCode, 200)
    })

    // Tokens come from stores that queue requests; the case-backed store assigns ids at once.
    if (backend === 'memory')
      test(`POST requests.${fmt} with a queueing store returns a token; GET tokens/{id}.${fmt} resolves it`, async () => {
        const { app, memory } = await setup('token')
        const store = memory as MemoryOpen311Store
        const ok = await app.inject({
          method: 'POST',
          url: `/open311/v2/requests.${fmt}`,
          ...form({ api_key: KEY, service_code: 'waste.fly-tipping', lat: '51.4', long: '0.01' }),
        })
        const row = requestsOf(fmt, ok.payload)[0] as Record<string, unknown>
        const token = String(row['token'])
        assert.match(token, /^tok-/)
        assert.equal(row['service_request_id'], undefined)
        const pending = requestsOf(
          fmt,
          (await app.inject({ url: `/open311/v2/tokens/${token}.${fmt}` })).payload,
        )[0]
        assert.equal(pending?.['token'], token)
        assert.equal(pending?.['service_request_id'], null)
        store.assignPending()
        const done = requestsOf(
          fmt,
          (await app.inject({ url: `/open311/v2/tokens/${token}.${fmt}` })).payload,
        )[0]
        assert.match(String(done?.['service_request_id']), /^\d+$/)
        assertError(
          fmt,
          await app.inject({ url: `/open311/v2/tokens/unknown.${fmt}` }),
          404,
          /No token unknown/,
        )
      })

    test(`unknown resources and methods answer spec errors (${fmt})`, async () => {
      const { app } = await setup()
      assertError(
        fmt,
        await app.inject({ url: `/open311/v2/widgets.${fmt}` }),
        404,
        /Unknown resource/,
      )
      assertError(
        fmt,
        await app.inject({
          method: 'POST',
          url: `/open311/v2/services.${fmt}`,
          ...form({ api_key: KEY }),
        }),
        404,
        /Only requests/,
      )
    })
  }

for (const backend of BACKENDS)
  nodeTest(`[${backend}] GET requests caps at 1000, newest first`, async () => {
    const { app, put } = await setupWith('id', 'Europe/London', backend)
    for (let i = 0; i < 1100; i++) await put(req(String(10_000 + i), (i % 80) + 0.5))
    const rows = JSON.parse(
      (await app.inject({ url: '/open311/v2/requests.json' })).payload,
    ) as Open311Request[]
    assert.equal(rows.length, 1000)
    const times = rows.map((r) => Date.parse(String(r.requested_datetime)))
    assert.ok(times.every((t, i) => i === 0 || (times[i - 1] as number) >= t))
  })

nodeTest(
  'dates print with the +00:00 offset in UTC and a missing extension is an XML 404',
  async () => {
    const { app } = await setupWith('id', 'UTC')
    const rows = JSON.parse(
      (await app.inject({ url: '/open311/v2/requests/501.json' })).payload,
    ) as Record<string, string>[]
    assert.equal(rows[0]?.['requested_datetime'], '2026-06-29T12:00:00+00:00')
    const res = await app.inject({ url: '/open311/v2/services' })
    assert.equal(res.statusCode, 404)
    assert.match(res.payload, /<errors>\n {2}<error>\n {4}<code>404<\/code>/)
  },
)

nodeTest('a wrong jurisdiction_id is refused', async () => {
  const store = new MemoryOpen311Store()
  const app = Fastify()
  await app.register(open311Plugin, {
    services,
    requests: store,
    apiKeys: () => true,
    jurisdictionId: 'council.example',
    now: () => NOW,
  })
  assert.equal(
    (await app.inject({ url: '/open311/v2/services.json?jurisdiction_id=council.example' }))
      .statusCode,
    200,
  )
  assertError(
    'json',
    await app.inject({ url: '/open311/v2/services.json?jurisdiction_id=elsewhere' }),
    404,
    /Jurisdiction elsewhere/,
  )
})
