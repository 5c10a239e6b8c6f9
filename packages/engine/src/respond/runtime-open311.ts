/**
 * Respond's Open311 side at run time: sending a case to an external Open311 endpoint as a service
 * request (its first post's words and place, and our reference), recording the link, and polling
 * the links so tokens become ids and status changes come back into the cases.
 */
import type { Case, CaseCommand, CaseSourceReader } from '@civicpulse/core'
import { Open311Sync, type Open311PollResult } from './open311-sync.js'
import {
  ReplyRefused,
  type RespondCaseStore,
  type RespondRuntimeConfig,
  type RespondRuntimeOptions,
} from './runtime-types.js'

/** What the Open311 side needs from the runtime. */
export interface RespondOpen311Deps<C extends RespondRuntimeConfig> {
  config: C
  cases: RespondCaseStore
  sources: CaseSourceReader
  now: () => number
  options: RespondRuntimeOptions<C, never, never>['open311']
  /** Applies a case command (and publishes the change). */
  act: (caseId: string, cmd: CaseCommand, actor: string) => Promise<Case>
  /** A ward's display name, for the request's address. */
  areaName: (code: string) => string
}

/** Push and poll of cases to and from external Open311 endpoints. */
export class RespondOpen311<C extends RespondRuntimeConfig> {
  private sync: Open311Sync | undefined

  constructor(private readonly d: RespondOpen311Deps<C>) {}

  /** The external Open311 endpoints cases can be sent to (names only). */
  endpoints(): { name: string }[] {
    return this.d.config.open311.endpoints.map((e) => ({ name: e.name }))
  }

  /** The Open311 links of a case: where it was sent and what polling last found. */
  async linksOf(caseId: string) {
    return (await this.d.cases.open311LinksOf(caseId)).map((l) => ({
      endpoint: l.endpoint,
      token: l.token,
      serviceRequestId: l.service_request_id,
      status: l.status,
      statusNotes: l.status_notes,
      pushedAt: Number(l.pushed_at),
      polledAt: l.polled_at === null ? null : Number(l.polled_at),
    }))
  }

  /** The push-and-poll sync over the configured endpoints (built once). */
  private syncer(): Open311Sync {
    if (this.sync) return this.sync
    const gateways = this.d.options?.gateways() ?? {}
    this.sync = new Open311Sync({
      service: { act: this.d.act },
      cases: this.d.cases,
      links: this.d.cases,
      gateways,
      clock: { now: this.d.now },
      describe: (c, endpoint) => this.describe(c, endpoint),
    })
    return this.sync
  }

  /** What a case becomes on the other system: its first post's words and place, and our reference. */
  private async describe(c: Case, endpoint: string) {
    const e = this.d.config.open311.endpoints.find((x) => x.name === endpoint)
    const serviceCode = e ? this.serviceCodeAt(e, c.serviceCode) : null
    if (!serviceCode) throw new Error(`${endpoint} has no service code for this case.`)
    const ids = [...(c.source.kind === 'post' ? [c.source.id] : []), ...c.posts]
      .map(Number)
      .filter((n) => Number.isInteger(n))
    const rows = await this.d.sources.postsByIds(ids)
    const first = ids.map((id) => rows.find((r) => r.id === id)).find((r) => r !== undefined)
    const located = ids
      .map((id) => rows.find((r) => r.id === id))
      .find((r) => r && r.lat !== null && r.lon !== null)
    const words = (first?.text ?? c.title).replace(/\s+/g, ' ').trim().slice(0, 3500)
    return {
      serviceCode,
      description: `${words}\n\n(Civic Pulse case ${c.ref}: ${c.title})`,
      lat: located?.lat ?? null,
      long: located?.lon ?? null,
      // Servers need a location: the post's place, else the case's area (ward), named.
      address:
        located?.placeName ??
        first?.placeName ??
        (c.area ? `${this.d.areaName(c.area)} ward` : null),
    }
  }

  /**
   * Sends a case to an external Open311 endpoint as a service request and records the link; a case
   * already sent there answers the existing link (`created: false`).
   */
  async push(caseId: string, endpoint: string, actor: string) {
    const e = this.d.config.open311.endpoints.find((x) => x.name === endpoint)
    if (!e)
      throw new ReplyRefused(
        400,
        'OPEN311_ENDPOINT_UNKNOWN',
        `No Open311 endpoint is called "${endpoint}".`,
      )
    const c = await this.d.cases.get(caseId)
    if (!c) throw new ReplyRefused(404, 'NOT_FOUND', 'No case has that id.')
    const existing = (await this.linksOf(caseId)).find((l) => l.endpoint === endpoint)
    if (existing) return { link: existing, created: false }
    const missing = this.d.options?.missingKey(e)
    if (missing)
      throw new ReplyRefused(
        503,
        'OPEN311_KEY_MISSING',
        `The api key for ${endpoint} is not set: an administrator must set ${missing}.`,
      )
    const code = this.serviceCodeAt(e, c.serviceCode)
    if (!code)
      throw new ReplyRefused(
        409,
        'OPEN311_NO_SERVICE',
        c.serviceCode
          ? `${endpoint} has no service for ${c.serviceCode}; add it to serviceCodes in the Respond configuration.`
          : `This case has no service, and ${endpoint} has no defaultServiceCode, so it cannot be sent.`,
      )
    const sync = this.syncer()
    let created: boolean
    try {
      created = (await sync.pushOnce(caseId, endpoint, actor)).created
    } catch (err: unknown) {
      if (err instanceof ReplyRefused) throw err
      const why = this.d.options?.errorMessage(err) ?? 'it could not be reached'
      throw new ReplyRefused(
        502,
        'OPEN311_UPSTREAM',
        `${endpoint} did not take the request: ${why}`,
      )
    }
    const link = (await this.linksOf(caseId)).find((l) => l.endpoint === endpoint)
    return { link: link as NonNullable<typeof link>, created }
  }

  /** The service code a case gets at an endpoint (none when the endpoint maps none). */
  private serviceCodeAt(e: C['open311']['endpoints'][number], serviceCode: string | null) {
    return this.d.options ? this.d.options.serviceCode(e, serviceCode) : null
  }

  /** Polls the open links once (tokens resolved, statuses written into the cases). */
  async poll(): Promise<Open311PollResult> {
    if (!this.d.config.open311.endpoints.length)
      return { polled: 0, changed: 0, resolved: 0, failed: 0 }
    const sync = this.syncer()
    await sync.pollAll(500)
    return sync.lastPoll
  }
}
