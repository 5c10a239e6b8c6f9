/**
 * The Open311 client against a local server that answers in the shapes real endpoints sent
 * (Bloomington/Chicago JSON, San Francisco/Toronto XML: string or number codes, `Open`, datetimes
 * without zone, `xsi:nil`, empty elements, 0.0 coordinates), plus a parse of the recorded payloads
 * themselves when ../shared is present. The fixture values are the project's own.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sharedData } from '../shared-data.js'
import {
  normaliseRequest,
  normaliseService,
  Open311Client,
  Open311ClientError,
  parseOpen311Date,
  records,
} from './client.js'
import { parseOpen311Xml } from './xml.js'

const XML_REQUESTS_SF_STYLE = `<?xml version="1.0" encoding="utf-8"?>
<service_requests xmlns:m="http://example.org/311/services" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><request><service_request_id>7000123</service_request_id><status>Open</status><status_notes/><service_name>Street light out</service_name><service_code>140</service_code><description/><agency_responsible/><service_notice/><requested_datetime>2026-05-22 23:57:23.97</requested_datetime><updated_datetime xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/><expected_datetime>2026-05-31 08:30:00.0</expected_datetime><address>     MILL LANE ,  LONDON </address><address_id/><zipcode>0</zipcode><lat>0.0</lat><long>0.0</long></request></service_requests>`

const XML_REQUEST_CLOSED = `<?xml version="1.0" encoding="UTF-8"?>
<service_requests>
  <request>
    <service_request_id>7000123</service_request_id>
    <status>closed</status>
    <status_notes>Lamp replaced.</status_notes>
    <service_name>Street light out</service_name>
    <service_code>140</service_code>
    <description/>
    <agency_responsible>Street Lighting</agency_responsible>
    <service_notice/>
    <requested_datetime>2026-05-22T23:57:23+01:00</requested_datetime>
    <updated_datetime>2026-05-24T10:00:00+01:00</updated_datetime>
    <expected_datetime/>
    <address>Mill Lane</address>
    <address_id>13459430</address_id>
    <zipcode/>
    <long>-0.0104</long>
    <lat>51.4613</lat>
    <media_url/>
  </request>
</service_requests>`

test('parseOpen311Date reads spec and non-conforming datetimes', () => {
  assert.equal(parseOpen311Date('2026-07-30T00:01:00-04:00'), Date.parse('2026-07-30T04:01:00Z'))
  assert.equal(parseOpen311Date('2026-05-22 23:57:23.97'), Date.parse('2026-05-22T23:57:23.970Z'))
  assert.equal(
    parseOpen311Date('2026-05-22 23:57:23.97', -420),
    Date.parse('2026-05-23T06:57:23.970Z'),
  )
  assert.equal(parseOpen311Date('2026-05-22T23:57Z'), Date.parse('2026-05-22T23:57:00Z'))
  assert.equal(parseOpen311Date(''), null)
  assert.equal(parseOpen311Date(null), null)
})

test('client pushes a case (JSON, token), resolves the token and polls the status back (XML)', async () => {
  const seen: { method: string; url: string; body: string }[] = []
  let tokenResolved = false
  const srv = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body })
      const u = new URL(req.url ?? '', 'http://x')
      const json = (status: number, b: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(b))
      }
      const xml = (b: string) => {
        res.writeHead(200, { 'content-type': 'text/xml' })
        res.end(b)
      }
      if (u.pathname === '/v2/services.json')
        return json(200, [
          {
            service_code: 2,
            service_name: 'Excessive Growth',
            description: 'Overgrown verges',
            metadata: false,
            type: 'realtime',
            keywords: '',
            group: 'Cleanup',
          },
          {
            service_code: '4e09c863992b94b915000000',
            service_name: 'Street light out',
            type: 'realtime',
            description: 'Lamp not working',
            metadata: false,
            keywords: '',
            group: 'Most Popular',
          },
        ])
      if (u.pathname === '/v2/requests.json' && req.method === 'POST') {
        const f = new URLSearchParams(body)
        if (f.get('api_key') !== 'k-1')
          return json(403, [
            {
              code: 403,
              description: 'Invalid api_key received -- cannot proceed with create_request.',
            },
          ])
        return json(200, [{ token: 'abc-123', service_notice: null, account_id: null }])
      }
      if (u.pathname === '/v2/tokens/abc-123.json')
        return json(200, [
          { service_request_id: tokenResolved ? '7000123' : null, token: 'abc-123' },
        ])
      if (u.pathname === '/v2/tokens/abc-123.xml')
        return xml(
          `<?xml version="1.0"?><service_requests><request><service_request_id>7000123</service_request_id><token>abc-123</token></request></service_requests>`,
        )
      if (u.pathname === '/v2/requests/7000123.xml')
        return xml(tokenResolved ? XML_REQUEST_CLOSED : XML_REQUESTS_SF_STYLE)
      if (u.pathname === '/v2/requests.xml') return xml(XML_REQUESTS_SF_STYLE)
      json(404, [{ code: 404, description: 'Not found' }])
    })
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/v2`
  try {
    const c = new Open311Client({ baseUrl: base, apiKey: 'k-1', jurisdictionId: 'council.example' })
    const svcs = await c.services()
    assert.deepEqual(
      svcs.map((s) => s.service_code),
      ['2', '4e09c863992b94b915000000'],
    )
    const created = await c.pushCase({
      serviceCode: '140',
      description: 'Street light out on Mill Lane (CP-12)',
      lat: 51.4613,
      long: -0.0104,
      attributes: { SIDE: 'north', TAGS: ['a', 'b'] },
    })
    assert.deepEqual(created, { token: 'abc-123', service_notice: null, account_id: null })
    const form = new URLSearchParams(seen[1]?.body)
    assert.equal(form.get('service_code'), '140')
    assert.equal(form.get('lat'), '51.4613')
    assert.equal(form.get('attribute[SIDE]'), 'north')
    assert.deepEqual(form.getAll('attribute[TAGS][]'), ['a', 'b'])
    assert.equal(form.get('jurisdiction_id'), 'council.example')
    // Token not yet resolved.
    assert.deepEqual(await c.poll({ token: 'abc-123' }), {
      service_request_id: null,
      status: null,
      status_notes: null,
      updated: null,
      request: null,
    })
    tokenResolved = true
    const x = new Open311Client({ baseUrl: base, apiKey: 'k-1', format: 'xml' })
    const p = await x.poll({ token: 'abc-123' })
    assert.equal(p.service_request_id, '7000123')
    assert.equal(p.status, 'closed')
    assert.equal(p.status_notes, 'Lamp replaced.')
    assert.equal(p.updated, Date.parse('2026-05-24T09:00:00Z'))
    assert.equal(p.request?.lat, 51.4613)
    // The non-conforming SF-style list.
    tokenResolved = false
    const [r] = await x.getRequests({ status: ['open'] })
    assert.equal(r?.status, 'open', '"Open" is read as open')
    assert.equal(r?.requested_datetime, Date.parse('2026-05-22T23:57:23.970Z'))
    assert.equal(r?.updated_datetime, null, 'xsi:nil is null')
    assert.equal(r?.lat, null, '0.0,0.0 is no location')
    assert.equal(r?.address, 'MILL LANE , LONDON')
    assert.equal(r?.status_notes, null)
    await assert.rejects(
      new Open311Client({ baseUrl: base, apiKey: 'bad' }).pushCase({
        serviceCode: '140',
        description: 'x',
        address: 'Mill Lane',
      }),
      (e: unknown) =>
        e instanceof Open311ClientError && e.status === 403 && /Invalid api_key/.test(e.message),
    )
    await assert.rejects(
      new Open311Client({ baseUrl: base }).pushCase({ serviceCode: '140', description: 'x' }),
      /api_key is needed/,
    )
  } finally {
    await new Promise<void>((r) => srv.close(() => r()))
  }
})

const RECORDED: [file: string, kind: 'services' | 'requests', count: number][] = [
  ['bloomington-in-services-2012.json', 'services', 46],
  ['bloomington-in-services-2018.json', 'services', 53],
  ['bloomington-in-requests-2012.json', 'requests', 21],
  ['chicago-requests-2014.json', 'requests', 2],
  ['san-francisco-services-2012.xml', 'services', 38],
  ['san-francisco-requests-2012.xml', 'requests', -1],
  ['toronto-requests-2018.xml', 'requests', 2],
  ['giessen-de-services-2018.xml', 'services', 8],
]

for (const [file, kind, count] of RECORDED) {
  const path = sharedData('payloads', 'open311', file)
  test(
    `recorded payload ${file} parses into spec shapes`,
    { skip: path ? false : 'shared data not present' },
    () => {
      const text = readFileSync(path as string, 'utf8')
      const body = file.endsWith('.json') ? (JSON.parse(text) as unknown) : parseOpen311Xml(text)
      const items =
        kind === 'services'
          ? records(body, 'services', 'service')
          : records(body, 'service_requests', 'request')
      if (count >= 0) assert.equal(items.length, count)
      else assert.ok(items.length > 0)
      if (kind === 'services') {
        for (const s of items.map(normaliseService)) {
          assert.ok(s.service_code.length > 0)
          assert.ok(s.service_name.length > 0)
          assert.ok(['realtime', 'batch', 'blackbox'].includes(s.type))
        }
      } else {
        for (const r of items.map((o) => normaliseRequest(o))) {
          assert.ok(r.service_request_id.length > 0)
          assert.ok(r.status === 'open' || r.status === 'closed')
          assert.ok(
            r.requested_datetime > Date.parse('2010-01-01'),
            `${r.service_request_id} has a readable requested_datetime`,
          )
          assert.ok(r.lat === null || (r.lat >= -90 && r.lat <= 90 && r.lat !== 0))
        }
      }
    },
  )
}
