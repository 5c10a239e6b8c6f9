/**
 * An in-memory Open311 request store: the reference behaviour for the conformance suite and a
 * stand-in until the server maps Open311 requests onto cases. In `token` mode a request gets a
 * token first and its id on the next `assignPending` (like servers that queue requests).
 */
import type {
  Open311Created,
  Open311NewRequest,
  Open311Request,
  Open311RequestFilter,
  Open311RequestStore,
  Open311Service,
} from './types.js'

/** An Open311 request store held in memory. */
export class MemoryOpen311Store implements Open311RequestStore {
  readonly requests = new Map<string, Open311Request>()
  private readonly tokens = new Map<
    string,
    { input: Open311NewRequest; service: Open311Service; now: number; id: string | null }
  >()
  private seq = 1000

  constructor(private readonly mode: 'id' | 'token' = 'id') {}

  /** Adds a request directly (tests, seeding). */
  put(r: Open311Request): void {
    this.requests.set(r.service_request_id, r)
  }

  private make(input: Open311NewRequest, service: Open311Service, now: number): Open311Request {
    const id = String(++this.seq)
    const r: Open311Request = {
      service_request_id: id,
      status: 'open',
      status_notes: null,
      service_name: service.service_name,
      service_code: service.service_code,
      description: input.description,
      agency_responsible: null,
      service_notice: null,
      requested_datetime: now,
      updated_datetime: now,
      expected_datetime: null,
      address: input.address_string,
      address_id: input.address_id,
      zipcode: null,
      lat: input.lat,
      long: input.long,
      media_url: input.media_url,
    }
    this.requests.set(id, r)
    return r
  }

  create(
    input: Open311NewRequest,
    ctx: { apiKey: string; service: Open311Service; now: number },
  ): Promise<Open311Created> {
    if (this.mode === 'token') {
      const token = `tok-${++this.seq}`
      this.tokens.set(token, { input, service: ctx.service, now: ctx.now, id: null })
      return Promise.resolve({ token })
    }
    const r = this.make(input, ctx.service, ctx.now)
    return Promise.resolve({
      service_request_id: r.service_request_id,
      service_notice: null,
      account_id: input.account_id,
    })
  }

  /** Gives every pending token its request id. */
  assignPending(): void {
    for (const t of this.tokens.values())
      if (t.id === null) t.id = this.make(t.input, t.service, t.now).service_request_id
  }

  get(id: string): Promise<Open311Request | undefined> {
    return Promise.resolve(this.requests.get(id))
  }

  list(f: Open311RequestFilter): Promise<Open311Request[]> {
    const rows = [...this.requests.values()]
      .filter(
        (r) =>
          (!f.ids || f.ids.includes(r.service_request_id)) &&
          (!f.serviceCodes || f.serviceCodes.includes(r.service_code)) &&
          (!f.statuses || f.statuses.includes(r.status)) &&
          (f.start === undefined || r.requested_datetime >= f.start) &&
          (f.end === undefined || r.requested_datetime <= f.end),
      )
      .sort((a, b) => b.requested_datetime - a.requested_datetime)
    return Promise.resolve(rows.slice(0, f.limit))
  }

  token(token: string): Promise<{ token: string; service_request_id: string | null } | undefined> {
    const t = this.tokens.get(token)
    return Promise.resolve(t ? { token, service_request_id: t.id } : undefined)
  }
}
