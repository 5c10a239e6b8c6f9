/**
 * The Open311 request store over Respond's cases: `POST requests` opens a case (source `manual`,
 * id `open311:…`, routed like any other) and keeps the request's own fields (description,
 * location, contact) next to it; `GET requests` lists the requests received over Open311 with the
 * case's status mapped to `open`/`closed`. Only requests received over Open311 are published —
 * cases opened from social media posts stay private.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Case, CaseSource, CaseStatus } from '@civicpulse/core'
import type { Database } from '../store/schema.js'
import type {
  Open311Created,
  Open311NewRequest,
  Open311Request,
  Open311RequestFilter,
  Open311RequestStore,
  Open311Service,
  Open311Status,
} from './types.js'

/** Case statuses that publish as `open`; the rest publish as `closed`. */
const OPEN: readonly CaseStatus[] = ['new', 'triaged', 'in_progress', 'awaiting_citizen']

/** What the store needs to open a case (the Respond service, routed by the rules). */
export type OpenCaseFn = (
  source: CaseSource,
  facts: { title: string; serviceCode: string; intent: 'complaint' | null },
) => Promise<Case>

/** Options of the case-backed store. */
export interface CaseOpen311StoreOptions {
  db: Kysely<Database>
  open: OpenCaseFn
  /** The id of a valid API key (to remember which integration sent a request). */
  keyId?: (apiKey: string) => Promise<number | undefined>
  /** Team code → display name (for `agency_responsible`). */
  teamName?: (team: string) => string
}

const short = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s)

/** An Open311RequestStore backed by cases. */
export class CaseOpen311Store implements Open311RequestStore {
  constructor(private readonly o: CaseOpen311StoreOptions) {}

  async create(
    input: Open311NewRequest,
    ctx: { apiKey: string; service: Open311Service; now: number },
  ): Promise<Open311Created> {
    const where = input.address_string ?? (input.lat !== null ? 'a map location' : null)
    const what = input.description?.trim()
      ? short(input.description.trim().replace(/\s+/g, ' '), 90)
      : ctx.service.service_name
    const c = await this.o.open(
      { kind: 'manual', id: `open311:${randomUUID()}` },
      {
        title: where ? `${what} (${short(where, 60)})` : what,
        serviceCode: ctx.service.service_code,
        intent: 'complaint',
      },
    )
    const contact = {
      email: input.email,
      first_name: input.first_name,
      last_name: input.last_name,
      phone: input.phone,
      device_id: input.device_id,
    }
    await this.o.db
      .insertInto('open311_requests')
      .values({
        case_id: Number(c.id),
        key_id: (await this.o.keyId?.(ctx.apiKey)) ?? null,
        service_code: ctx.service.service_code,
        description: input.description,
        address: input.address_string,
        address_id: input.address_id,
        zipcode: null,
        lat: input.lat,
        long: input.long,
        media_url: input.media_url,
        contact: Object.values(contact).some((v) => v) ? JSON.stringify(contact) : null,
        account_id: input.account_id,
        agency_responsible: null,
        status_notes: null,
        expected_at: null,
        requested_at: c.createdAt,
      })
      .execute()
    return { service_request_id: c.id, service_notice: null, account_id: input.account_id }
  }

  /**
   * Adds a request received elsewhere, with its own id, status and times (seeding, imports and the
   * conformance suite): the case is written directly, unrouted.
   */
  async importRequest(r: Open311Request): Promise<void> {
    const id = Number(r.service_request_id)
    if (!Number.isInteger(id)) throw new RangeError('An imported request needs a numeric id.')
    const at = r.requested_datetime
    const updated = r.updated_datetime ?? at
    await this.o.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cases')
        .values({
          id,
          title: r.description ?? r.service_name ?? r.service_code,
          source_kind: 'manual',
          source_id: `open311:import:${id}`,
          status: r.status === 'open' ? 'new' : 'closed',
          priority: 'normal',
          team: null,
          assignee: null,
          service_code: r.service_code,
          area: null,
          intent: 'complaint',
          urgency_flags: '[]',
          jumped: 0,
          pauses: '[]',
          created_at: at,
          updated_at: updated,
          first_response_at: null,
          resolved_at: r.status === 'open' ? null : updated,
          closed_at: r.status === 'open' ? null : updated,
          merged_into: null,
          version: 1,
        })
        .execute()
      await trx
        .insertInto('open311_requests')
        .values({
          case_id: id,
          key_id: null,
          service_code: r.service_code,
          description: r.description,
          address: r.address,
          address_id: r.address_id,
          zipcode: r.zipcode,
          lat: r.lat,
          long: r.long,
          media_url: r.media_url,
          contact: null,
          account_id: null,
          agency_responsible: r.agency_responsible,
          status_notes: r.status_notes,
          expected_at: r.expected_datetime,
          requested_at: at,
        })
        .execute()
    })
  }

  private query() {
    return this.o.db
      .selectFrom('open311_requests as o')
      .innerJoin('cases as c', 'c.id', 'o.case_id')
      .select([
        'o.case_id',
        'o.service_code',
        'o.description',
        'o.address',
        'o.address_id',
        'o.zipcode',
        'o.lat',
        'o.long',
        'o.media_url',
        'o.agency_responsible',
        'o.status_notes',
        'o.expected_at',
        'o.requested_at',
        'c.status',
        'c.team',
        'c.updated_at',
        'c.merged_into',
      ])
  }

  private toRequest(
    r: Awaited<ReturnType<ReturnType<CaseOpen311Store['query']>['execute']>>[number],
    serviceName: (code: string) => string | null,
  ): Open311Request {
    const status: Open311Status = OPEN.includes(r.status as CaseStatus) ? 'open' : 'closed'
    const notes =
      r.status_notes ??
      (r.status === 'duplicate' && r.merged_into !== null
        ? `Merged into request ${r.merged_into}.`
        : null)
    return {
      service_request_id: String(r.case_id),
      status,
      status_notes: notes,
      service_name: serviceName(r.service_code),
      service_code: r.service_code,
      description: r.description,
      agency_responsible:
        r.agency_responsible ?? (r.team ? (this.o.teamName?.(r.team) ?? r.team) : null),
      service_notice: null,
      requested_datetime: Number(r.requested_at),
      updated_datetime: Number(r.updated_at),
      expected_datetime: r.expected_at === null ? null : Number(r.expected_at),
      address: r.address,
      address_id: r.address_id,
      zipcode: r.zipcode,
      lat: r.lat,
      long: r.long,
      media_url: r.media_url,
    }
  }

  /** Service names for the published rows (set by the plugin's service list through `withServices`). */
  private names = new Map<string, string>()

  /** Gives the store the published services, so rows carry their `service_name`. */
  withServices(services: readonly Open311Service[]): this {
    this.names = new Map(services.map((s) => [s.service_code, s.service_name]))
    return this
  }

  async get(id: string): Promise<Open311Request | undefined> {
    const n = Number(id)
    if (!/^\d{1,15}$/.test(id) || !Number.isInteger(n)) return undefined
    const r = await this.query().where('o.case_id', '=', n).executeTakeFirst()
    return r ? this.toRequest(r, (c) => this.names.get(c) ?? null) : undefined
  }

  async list(f: Open311RequestFilter): Promise<Open311Request[]> {
    let q = this.query()
    if (f.ids) {
      const ids = f.ids.filter((x) => /^\d{1,15}$/.test(x)).map(Number)
      if (!ids.length) return []
      q = q.where('o.case_id', 'in', ids)
    }
    if (f.serviceCodes?.length) q = q.where('o.service_code', 'in', f.serviceCodes)
    if (f.statuses?.length === 1)
      q = q.where('c.status', f.statuses[0] === 'open' ? 'in' : 'not in', [...OPEN])
    if (f.start !== undefined) q = q.where('o.requested_at', '>=', f.start)
    if (f.end !== undefined) q = q.where('o.requested_at', '<=', f.end)
    const rows = await q
      .orderBy('o.requested_at', 'desc')
      .orderBy('o.case_id', 'desc')
      .limit(f.limit)
      .execute()
    return rows.map((r) => this.toRequest(r, (c) => this.names.get(c) ?? null))
  }

  /** This store assigns ids at once, so it never hands out tokens. */
  token(_token: string): Promise<undefined> {
    return Promise.resolve(undefined)
  }
}
