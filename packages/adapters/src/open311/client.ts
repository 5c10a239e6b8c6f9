/**
 * An Open311 GeoReport v2 client: pushes a case to an external endpoint as a service request and
 * polls its status back. It reads JSON or XML and tolerates what real servers send — ids and codes
 * as numbers or strings, `Open` for `open`, datetimes without `T` or zone, `xsi:nil` and empty
 * elements, `0.0` coordinates for "no location".
 */
import { parseOpen311Xml } from './xml.js'
import type { Open311Created, Open311Request, Open311Service, Open311Status } from './types.js'

/** Client settings. */
export interface Open311ClientOptions {
  /** Endpoint base, e.g. `https://city.example/open311/v2`. */
  baseUrl: string
  apiKey?: string
  jurisdictionId?: string
  /** Wire format to ask for; default `json`. */
  format?: 'json' | 'xml'
  /** Zone assumed for datetimes sent without an offset; default UTC. */
  assumeOffsetMinutes?: number
  fetch?: typeof fetch
  timeoutMs?: number
}

/** An Open311 error answer (`[{code, description}]`) or an unreadable one. */
export class Open311ClientError extends Error {
  override readonly name = 'Open311ClientError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** What a case needs to become a service request. */
export interface CaseForOpen311 {
  serviceCode: string
  description: string
  lat?: number | null
  long?: number | null
  address?: string | null
  mediaUrl?: string | null
  email?: string | null
  firstName?: string | null
  lastName?: string | null
  attributes?: Record<string, string | string[]>
}

/** Where a pushed case stands on the external endpoint. */
export interface Open311Link {
  token?: string | undefined
  service_request_id?: string | undefined
}

/** The status read back for a pushed case. */
export interface Open311Poll {
  service_request_id: string | null
  status: Open311Status | null
  status_notes: string | null
  updated: number | null
  request: Open311Request | null
}

function s(v: unknown): string | null {
  if (v === undefined || v === null) return null
  const t = String(v).trim()
  return t === '' ? null : t
}

/** Parses an Open311 datetime; tolerates a space for `T`, fractions and a missing zone. */
export function parseOpen311Date(v: unknown, assumeOffsetMinutes = 0): number | null {
  const t = s(v)
  if (t === null) return null
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(t)
  if (!m) {
    const d = Date.parse(t)
    return Number.isFinite(d) ? d : null
  }
  const frac = m[3] ? Math.round(Number(`0${m[3]}`) * 1000) : 0
  const base = Date.parse(`${m[1]}T${m[2]}${m[2]?.length === 5 ? ':00' : ''}Z`)
  if (!Number.isFinite(base)) return null
  let off = assumeOffsetMinutes
  if (m[4] === 'Z') off = 0
  else if (m[4]) {
    const z = m[4].replace(':', '')
    off = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)))
  }
  return base + frac - off * 60_000
}

function coord(v: unknown): number | null {
  const t = s(v)
  if (t === null) return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

/** Normalises one request object from JSON or XML. */
export function normaliseRequest(
  o: Record<string, unknown>,
  assumeOffsetMinutes = 0,
): Open311Request {
  let lat = coord(o['lat'])
  let long = coord(o['long'])
  // 0,0 is the sea off Africa: servers use it for "no location".
  if (lat === 0 && long === 0) lat = long = null
  const st = s(o['status'])?.toLowerCase()
  return {
    service_request_id: s(o['service_request_id']) ?? '',
    status: st === 'closed' ? 'closed' : 'open',
    status_notes: s(o['status_notes']),
    service_name: s(o['service_name']),
    service_code: s(o['service_code']) ?? '',
    description: s(o['description']),
    agency_responsible: s(o['agency_responsible']),
    service_notice: s(o['service_notice']),
    requested_datetime: parseOpen311Date(o['requested_datetime'], assumeOffsetMinutes) ?? 0,
    updated_datetime: parseOpen311Date(o['updated_datetime'], assumeOffsetMinutes),
    expected_datetime: parseOpen311Date(o['expected_datetime'], assumeOffsetMinutes),
    address: s(o['address'])?.replace(/\s+/g, ' ') ?? null,
    address_id: s(o['address_id']),
    zipcode: s(o['zipcode']),
    lat,
    long,
    media_url: s(o['media_url']),
  }
}

/** Normalises one service object from JSON or XML. */
export function normaliseService(o: Record<string, unknown>): Open311Service {
  const type = s(o['type'])
  return {
    service_code: s(o['service_code']) ?? '',
    service_name: s(o['service_name']) ?? '',
    description: s(o['description']) ?? '',
    metadata: String(o['metadata']) === 'true',
    type: type === 'batch' || type === 'blackbox' ? type : 'realtime',
    keywords: s(o['keywords']) ?? '',
    group: s(o['group']) ?? '',
  }
}

/** The array of records in a JSON or parsed-XML answer (`services.service[]`, `service_requests.request[]`). */
export function records(body: unknown, root: string, item: string): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[]
  const r = (body as Record<string, unknown> | null)?.[root] as
    Record<string, unknown> | null | undefined
  const items = r?.[item]
  return Array.isArray(items) ? (items as Record<string, unknown>[]) : []
}

/** Talks to one external Open311 endpoint. */
export class Open311Client {
  private readonly base: string
  private readonly fmt: 'json' | 'xml'
  private readonly f: typeof fetch
  readonly #apiKey: string | undefined

  constructor(private readonly o: Open311ClientOptions) {
    this.base = o.baseUrl.replace(/\/+$/, '')
    this.fmt = o.format ?? 'json'
    this.f = o.fetch ?? fetch
    this.#apiKey = o.apiKey
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string | string[]>,
  ): Promise<unknown> {
    const p = new URLSearchParams()
    if (this.o.jurisdictionId) p.set('jurisdiction_id', this.o.jurisdictionId)
    for (const [k, v] of Object.entries(params))
      for (const x of Array.isArray(v) ? v : [v]) p.append(k, x)
    const url = `${this.base}/${path}.${this.fmt}`
    const init: RequestInit = {
      method,
      headers: { accept: this.fmt === 'json' ? 'application/json' : 'text/xml' },
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
    }
    if (method === 'POST') {
      init.body = p.toString()
      ;(init.headers as Record<string, string>)['content-type'] =
        'application/x-www-form-urlencoded'
    }
    const res = await this.f(method === 'GET' && p.size ? `${url}?${p}` : url, init)
    const text = await res.text()
    let body: unknown
    try {
      body =
        this.fmt === 'json' || text.trimStart().startsWith('[') || text.trimStart().startsWith('{')
          ? JSON.parse(text)
          : parseOpen311Xml(text)
    } catch {
      throw new Open311ClientError(
        res.status,
        `Open311 endpoint answered HTTP ${res.status} with an unreadable body.`,
      )
    }
    if (!res.ok) {
      const errs = records(body, 'errors', 'error')
      const msg = errs
        .map((e) => `${s(e['code']) ?? res.status}: ${s(e['description']) ?? ''}`)
        .join('; ')
      throw new Open311ClientError(
        res.status,
        msg || `Open311 endpoint answered HTTP ${res.status}.`,
      )
    }
    return body
  }

  /** `GET services`. */
  async services(): Promise<Open311Service[]> {
    return records(await this.call('GET', 'services', {}), 'services', 'service').map(
      normaliseService,
    )
  }

  /** `POST requests` for a case: an id, or a token to resolve later. */
  async pushCase(c: CaseForOpen311): Promise<Open311Created> {
    if (!this.#apiKey)
      throw new Open311ClientError(
        0,
        'An api_key is needed to create service requests on this endpoint.',
      )
    const p: Record<string, string | string[]> = {
      api_key: this.#apiKey,
      service_code: c.serviceCode,
      description: c.description,
    }
    if (c.lat != null && c.long != null) {
      p['lat'] = String(c.lat)
      p['long'] = String(c.long)
    }
    if (c.address) p['address_string'] = c.address
    if (c.mediaUrl) p['media_url'] = c.mediaUrl
    if (c.email) p['email'] = c.email
    if (c.firstName) p['first_name'] = c.firstName
    if (c.lastName) p['last_name'] = c.lastName
    for (const [k, v] of Object.entries(c.attributes ?? {}))
      p[Array.isArray(v) ? `attribute[${k}][]` : `attribute[${k}]`] = v
    const first = records(await this.call('POST', 'requests', p), 'service_requests', 'request')[0]
    if (!first)
      throw new Open311ClientError(
        200,
        'The endpoint accepted the request but returned no id or token.',
      )
    const out: Open311Created = {}
    const id = s(first['service_request_id'])
    const token = s(first['token'])
    if (id !== null) out.service_request_id = id
    if (token !== null) out.token = token
    out.service_notice = s(first['service_notice'])
    out.account_id = s(first['account_id'])
    if (id === null && token === null)
      throw new Open311ClientError(
        200,
        'The endpoint returned neither a service_request_id nor a token.',
      )
    return out
  }

  /** `GET tokens/{id}`: the request id once the endpoint has assigned it. */
  async resolveToken(token: string): Promise<string | null> {
    const first = records(
      await this.call('GET', `tokens/${encodeURIComponent(token)}`, {}),
      'service_requests',
      'request',
    )[0]
    return first ? s(first['service_request_id']) : null
  }

  /** `GET requests/{id}`. */
  async getRequest(id: string): Promise<Open311Request | null> {
    const first = records(
      await this.call('GET', `requests/${encodeURIComponent(id)}`, {}),
      'service_requests',
      'request',
    )[0]
    return first ? normaliseRequest(first, this.o.assumeOffsetMinutes) : null
  }

  /** `GET requests` with filters. */
  async getRequests(
    f: {
      ids?: string[]
      serviceCodes?: string[]
      status?: Open311Status[]
      start?: Date
      end?: Date
    } = {},
  ): Promise<Open311Request[]> {
    const p: Record<string, string> = {}
    if (f.ids) p['service_request_id'] = f.ids.join(',')
    if (f.serviceCodes) p['service_code'] = f.serviceCodes.join(',')
    if (f.status) p['status'] = f.status.join(',')
    if (f.start) p['start_date'] = f.start.toISOString()
    if (f.end) p['end_date'] = f.end.toISOString()
    return records(await this.call('GET', 'requests', p), 'service_requests', 'request').map((r) =>
      normaliseRequest(r, this.o.assumeOffsetMinutes),
    )
  }

  /** Polls a pushed case: resolves its token if needed, then reads the request's status. */
  async poll(link: Open311Link): Promise<Open311Poll> {
    let id = link.service_request_id ?? null
    if (id === null && link.token) id = await this.resolveToken(link.token)
    if (id === null)
      return {
        service_request_id: null,
        status: null,
        status_notes: null,
        updated: null,
        request: null,
      }
    const r = await this.getRequest(id)
    return {
      service_request_id: id,
      status: r?.status ?? null,
      status_notes: r?.status_notes ?? null,
      updated: r?.updated_datetime ?? null,
      request: r,
    }
  }
}
