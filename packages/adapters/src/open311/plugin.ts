/**
 * The Open311 GeoReport v2 server as a Fastify plugin, under `/open311/v2/`: discovery,
 * `services.{json,xml}`, `services/{code}.{json,xml}`, `requests.{json,xml}` (GET with filters, a
 * 90-day default window and a 1000 cap; POST with an `api_key`), `requests/{id}.{json,xml}` and
 * `tokens/{id}.{json,xml}`. Field names and types follow the spec; errors are
 * `[{"code","description"}]` (`<errors><error>…` in XML); dates are ISO 8601 with an offset.
 * Register it without fastify-plugin: its form parser stays inside its own context.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { isoWithOffset } from '@civicpulse/core'
import type {
  Open311Attribute,
  Open311NewRequest,
  Open311Request,
  Open311RequestStore,
  Open311Service,
  Open311Status,
} from './types.js'
import { toXml, type XmlNode } from './xml.js'

/** Options of the Open311 plugin. */
export interface Open311PluginOptions {
  services:
    | readonly Open311Service[]
    | (() => readonly Open311Service[] | Promise<readonly Open311Service[]>)
  requests: Open311RequestStore
  /** Keys issued to integrations, or a check function. */
  apiKeys: readonly string[] | ((key: string) => boolean | Promise<boolean>)
  /** Where the API lives; default `/open311/v2`. */
  basePath?: string
  /** Zone used to print dates (the offset is always shown); default `UTC`. */
  timeZone?: string
  /** When set, a `jurisdiction_id` parameter must equal it. */
  jurisdictionId?: string
  /** Discovery document fields. */
  discovery?: {
    contact?: string
    key_service?: string
    changeset?: string
    url?: string
    type?: 'production' | 'test'
  }
  /** Clock for the default date window; default `Date.now`. */
  now?: () => number
}

type Format = 'json' | 'xml'
const DAY = 86_400_000
/** The default and largest span of `GET requests`. */
export const OPEN311_WINDOW_DAYS = 90
/** The most requests one `GET requests` returns. */
export const OPEN311_MAX_REQUESTS = 1000

class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of new URLSearchParams(body)) {
    const key = k.endsWith('[]') ? k.slice(0, -2) : k
    const prev = out[key]
    if (prev === undefined) out[key] = k.endsWith('[]') ? [v] : v
    else out[key] = Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}

function str(v: unknown): string | null {
  if (Array.isArray(v)) v = v[0]
  if (v === undefined || v === null) return null
  const s = String(v).trim()
  return s === '' ? null : s
}

function list(v: unknown): string[] | undefined {
  const s = str(v)
  return s === null
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
}

function parseDate(v: unknown, name: string): number | undefined {
  const s = str(v)
  if (s === null) return undefined
  const t = Date.parse(s)
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || !Number.isFinite(t))
    throw new Open311Error(400, `${name} must be an ISO 8601 date, e.g. 2026-01-31T09:00:00Z.`)
  return t
}

function serviceNodes(s: Open311Service): XmlNode[] {
  return [
    ['service_code', s.service_code],
    ['service_name', s.service_name],
    ['description', s.description],
    ['metadata', s.metadata],
    ['type', s.type],
    ['keywords', s.keywords],
    ['group', s.group],
  ]
}

function serviceJson(s: Open311Service) {
  return {
    service_code: s.service_code,
    service_name: s.service_name,
    description: s.description,
    metadata: s.metadata,
    type: s.type,
    keywords: s.keywords,
    group: s.group,
  }
}

function attributeJson(a: Open311Attribute) {
  return {
    variable: a.variable,
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    datatype_description: a.datatype_description,
    order: a.order,
    description: a.description,
    ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
  }
}

function attributeNodes(a: Open311Attribute): XmlNode[] {
  const n: XmlNode[] = [
    ['variable', a.variable],
    ['code', a.code],
    ['datatype', a.datatype],
    ['required', a.required],
    ['datatype_description', a.datatype_description],
    ['order', a.order],
    ['description', a.description],
  ]
  if (a.values)
    n.push([
      'values',
      a.values.map((v): XmlNode => [
        'value',
        [
          ['key', v.key],
          ['name', v.name],
        ],
      ]),
    ])
  return n
}

/** Registers the Open311 GeoReport v2 routes. */
export const open311Plugin: FastifyPluginAsync<Open311PluginOptions> = async (app, opts) => {
  const base = (opts.basePath ?? '/open311/v2').replace(/\/+$/, '')
  const tz = opts.timeZone ?? 'UTC'
  const now = opts.now ?? Date.now
  const date = (t: number | null) => (t === null ? null : isoWithOffset(t, tz))
  const services = async () =>
    typeof opts.services === 'function' ? await opts.services() : opts.services
  const keyOk = async (k: string) =>
    typeof opts.apiKeys === 'function' ? await opts.apiKeys(k) : opts.apiKeys.includes(k)

  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, parseForm(String(body))),
    )
  }

  function send(
    reply: FastifyReply,
    fmt: Format,
    status: number,
    json: unknown,
    xml: XmlNode,
  ): FastifyReply {
    reply.code(status)
    if (fmt === 'json')
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(json))
    return reply.type('text/xml; charset=utf-8').send(toXml(xml))
  }

  function sendError(
    reply: FastifyReply,
    fmt: Format,
    status: number,
    description: string,
  ): FastifyReply {
    return send(
      reply,
      fmt,
      status,
      [{ code: status, description }],
      [
        'errors',
        [
          [
            'error',
            [
              ['code', status],
              ['description', description],
            ],
          ],
        ],
      ],
    )
  }

  function requestJson(r: Open311Request) {
    return {
      service_request_id: r.service_request_id,
      status: r.status,
      status_notes: r.status_notes,
      service_name: r.service_name,
      service_code: r.service_code,
      description: r.description,
      agency_responsible: r.agency_responsible,
      service_notice: r.service_notice,
      requested_datetime: date(r.requested_datetime),
      updated_datetime: date(r.updated_datetime),
      expected_datetime: date(r.expected_datetime),
      address: r.address,
      address_id: r.address_id,
      zipcode: r.zipcode,
      lat: r.lat,
      long: r.long,
      media_url: r.media_url,
    }
  }

  function requestXml(r: Open311Request): XmlNode {
    return ['request', Object.entries(requestJson(r)).map(([k, v]): XmlNode => [k, v])]
  }

  /** Splits `services/abc.json` into its parts and format; codes may contain dots. */
  function route(path: string): { parts: string[]; fmt: Format } | undefined {
    const m = /^(.*)\.(json|xml)$/.exec(path)
    if (!m) return undefined
    return { parts: (m[1] as string).split('/').map(decodeURIComponent), fmt: m[2] as Format }
  }

  function checkJurisdiction(q: Record<string, unknown>): void {
    const j = str(q['jurisdiction_id'])
    if (j !== null && opts.jurisdictionId !== undefined && j !== opts.jurisdictionId)
      throw new Open311Error(404, `Jurisdiction ${j} is not served here.`)
  }

  async function discovery(reply: FastifyReply, fmt: Format, req: FastifyRequest) {
    const d = opts.discovery ?? {}
    const url = d.url ?? `${req.protocol}://${req.host}${base}/`
    const changeset = d.changeset ?? '2026-01-01T00:00:00Z'
    const json = {
      changeset,
      contact: d.contact ?? '',
      key_service: d.key_service ?? '',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url,
          changeset,
          type: d.type ?? 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    }
    const ep = json.endpoints[0] as (typeof json.endpoints)[0]
    return send(reply, fmt, 200, json, [
      'discovery',
      [
        ['changeset', changeset],
        ['contact', json.contact],
        ['key_service', json.key_service],
        [
          'endpoints',
          [
            [
              'endpoint',
              [
                ['specification', ep.specification],
                ['url', ep.url],
                ['changeset', ep.changeset],
                ['type', ep.type],
                ['formats', ep.formats.map((f): XmlNode => ['format', f])],
              ],
            ],
          ],
        ],
      ],
    ])
  }

  async function handleGet(req: FastifyRequest, reply: FastifyReply) {
    const path = (req.params as { '*'?: string })['*'] ?? ''
    if (path === '' || path === 'discovery')
      return discovery(reply, req.headers.accept?.includes('json') ? 'json' : 'xml', req)
    const r = route(path)
    if (!r) return sendError(reply, 'xml', 404, 'Unknown resource: use a .json or .xml suffix.')
    const { parts, fmt } = r
    const q = (req.query ?? {}) as Record<string, unknown>
    try {
      checkJurisdiction(q)
      const [res, id, extra] = parts
      if (extra !== undefined) throw new Open311Error(404, 'Unknown resource.')
      if (res === 'discovery' && id === undefined) return discovery(reply, fmt, req)
      if (res === 'services' && id === undefined) {
        const all = await services()
        return send(reply, fmt, 200, all.map(serviceJson), [
          'services',
          all.map((s): XmlNode => ['service', serviceNodes(s)]),
        ])
      }
      if (res === 'services' && id !== undefined) {
        const s = (await services()).find((x) => x.service_code === id)
        if (!s) throw new Open311Error(404, `No service has the code ${id}.`)
        const attrs = [...(s.attributes ?? [])].sort((a, b) => a.order - b.order)
        return send(
          reply,
          fmt,
          200,
          { service_code: s.service_code, attributes: attrs.map(attributeJson) },
          [
            'service_definition',
            [
              ['service_code', s.service_code],
              ['attributes', attrs.map((a): XmlNode => ['attribute', attributeNodes(a)])],
            ],
          ],
        )
      }
      if (res === 'requests' && id !== undefined) {
        const one = await opts.requests.get(id)
        if (!one) throw new Open311Error(404, `No service request has the id ${id}.`)
        return send(reply, fmt, 200, [requestJson(one)], ['service_requests', [requestXml(one)]])
      }
      if (res === 'requests') {
        const ids = list(q['service_request_id'])
        let rows: Open311Request[]
        if (ids) rows = await opts.requests.list({ ids, limit: OPEN311_MAX_REQUESTS })
        else {
          const statuses = list(q['status'])
          for (const s of statuses ?? [])
            if (s !== 'open' && s !== 'closed')
              throw new Open311Error(400, `status must be open or closed, not ${s}.`)
          const start = parseDate(q['start_date'], 'start_date')
          const end = parseDate(q['end_date'], 'end_date')
          const e =
            end ??
            (start !== undefined ? Math.min(now(), start + OPEN311_WINDOW_DAYS * DAY) : now())
          const s = start ?? e - OPEN311_WINDOW_DAYS * DAY
          if (e < s) throw new Open311Error(400, 'end_date is before start_date.')
          if (e - s > OPEN311_WINDOW_DAYS * DAY)
            throw new Open311Error(
              400,
              `The range between start_date and end_date cannot exceed ${OPEN311_WINDOW_DAYS} days.`,
            )
          const codes = list(q['service_code'])
          rows = await opts.requests.list({
            start: s,
            end: e,
            limit: OPEN311_MAX_REQUESTS,
            ...(codes ? { serviceCodes: codes } : {}),
            ...(statuses ? { statuses: statuses as Open311Status[] } : {}),
          })
        }
        rows = rows.slice(0, OPEN311_MAX_REQUESTS)
        return send(reply, fmt, 200, rows.map(requestJson), [
          'service_requests',
          rows.map(requestXml),
        ])
      }
      if (res === 'tokens' && id !== undefined) {
        const t = await opts.requests.token(id)
        if (!t) throw new Open311Error(404, `No token ${id} was issued.`)
        return send(
          reply,
          fmt,
          200,
          [{ service_request_id: t.service_request_id, token: t.token }],
          [
            'service_requests',
            [
              [
                'request',
                [
                  ['service_request_id', t.service_request_id],
                  ['token', t.token],
                ],
              ],
            ],
          ],
        )
      }
      throw new Open311Error(404, 'Unknown resource.')
    } catch (e) {
      if (e instanceof Open311Error) return sendError(reply, fmt, e.status, e.message)
      req.log.error({ err: e }, 'open311 request failed')
      return sendError(reply, fmt, 500, 'The request could not be processed.')
    }
  }

  async function handlePost(req: FastifyRequest, reply: FastifyReply) {
    const path = (req.params as { '*'?: string })['*'] ?? ''
    const r = route(path)
    if (!r || r.parts.length !== 1 || r.parts[0] !== 'requests')
      return sendError(
        reply,
        r?.fmt ?? 'xml',
        404,
        'Only requests.json and requests.xml accept POST.',
      )
    const { fmt } = r
    try {
      const body = {
        ...((req.query ?? {}) as Record<string, unknown>),
        ...(req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {}),
      }
      checkJurisdiction(body)
      const apiKey = str(body['api_key'])
      if (apiKey === null)
        throw new Open311Error(403, 'An api_key is required to create a service request.')
      if (!(await keyOk(apiKey)))
        throw new Open311Error(403, 'Invalid api_key received: cannot create the service request.')
      const code = str(body['service_code'])
      if (code === null) throw new Open311Error(400, 'service_code was not provided.')
      const service = (await services()).find((s) => s.service_code === code)
      if (!service) throw new Open311Error(400, `service_code ${code} is not a known service.`)
      const num = (k: string) => {
        const s = str(body[k])
        if (s === null) return null
        const n = Number(s)
        if (!Number.isFinite(n)) throw new Open311Error(400, `${k} must be a number.`)
        return n
      }
      const lat = num('lat')
      const long = num('long')
      if ((lat === null) !== (long === null))
        throw new Open311Error(400, 'lat and long must be given together.')
      if (lat !== null && (lat < -90 || lat > 90))
        throw new Open311Error(400, 'lat must be between -90 and 90.')
      if (long !== null && (long < -180 || long > 180))
        throw new Open311Error(400, 'long must be between -180 and 180.')
      const addressString = str(body['address_string'])
      const addressId = str(body['address_id'])
      if (lat === null && addressString === null && addressId === null)
        throw new Open311Error(
          400,
          'A location is required: lat and long, address_string or address_id.',
        )
      const attributes: Record<string, string | string[]> = {}
      for (const [k, v] of Object.entries(body)) {
        const m = /^attribute\[([^\]]+)\]$/.exec(k)
        if (m && v !== undefined && v !== null)
          attributes[m[1] as string] = Array.isArray(v) ? v.map(String) : String(v)
      }
      const attr = body['attribute']
      if (attr && typeof attr === 'object' && !Array.isArray(attr))
        for (const [k, v] of Object.entries(attr))
          attributes[k] = Array.isArray(v) ? v.map(String) : String(v)
      for (const a of service.attributes ?? []) {
        const v = attributes[a.code]
        const empty = v === undefined || (Array.isArray(v) ? v.length === 0 : v.trim() === '')
        if (a.variable && a.required && empty)
          throw new Open311Error(400, `Attribute ${a.code} (${a.description}) is required.`)
        if (
          !empty &&
          a.values &&
          (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist')
        ) {
          const keys = new Set(a.values.map((x) => x.key))
          for (const x of Array.isArray(v) ? v : [v as string])
            if (!keys.has(x))
              throw new Open311Error(400, `Attribute ${a.code} does not accept the value ${x}.`)
        }
      }
      const input: Open311NewRequest = {
        service_code: code,
        lat,
        long,
        address_string: addressString,
        address_id: addressId,
        email: str(body['email']),
        device_id: str(body['device_id']),
        account_id: str(body['account_id']),
        first_name: str(body['first_name']),
        last_name: str(body['last_name']),
        phone: str(body['phone']),
        description: str(body['description']),
        media_url: str(body['media_url']),
        attributes,
      }
      const created = await opts.requests.create(input, { apiKey, service, now: now() })
      const json: Record<string, unknown> =
        created.token !== undefined && created.service_request_id === undefined
          ? { token: created.token }
          : { service_request_id: created.service_request_id ?? null }
      json['service_notice'] = created.service_notice ?? null
      json['account_id'] = created.account_id ?? null
      return send(
        reply,
        fmt,
        200,
        [json],
        [
          'service_requests',
          [['request', Object.entries(json).map(([k, v]): XmlNode => [k, v as string | null])]],
        ],
      )
    } catch (e) {
      if (e instanceof Open311Error) return sendError(reply, fmt, e.status, e.message)
      req.log.error({ err: e }, 'open311 create failed')
      return sendError(reply, fmt, 500, 'The service request could not be created.')
    }
  }

  app.get(base, (req, reply) =>
    discovery(reply, req.headers.accept?.includes('json') ? 'json' : 'xml', req),
  )
  app.get(`${base}/*`, handleGet)
  app.post(`${base}/*`, handlePost)
}
