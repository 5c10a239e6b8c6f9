/**
 * Open311 both ways, engine side: pushes a case to an external GeoReport v2 endpoint as a service
 * request, and polls open links so that a request the other system closed resolves the case, with
 * the other system's status notes kept as a note.
 */
import type { Clock } from '@civicpulse/core'
import type { Case, CaseStore } from '@civicpulse/core'
import type { RespondService } from './service.js'

/** A service request to create for a case (the adapters' Open311 client takes this shape). */
export interface Open311Push {
  serviceCode: string
  description: string
  lat?: number | null
  long?: number | null
  address?: string | null
}

/** Where a pushed case is on the external endpoint. */
export interface Open311LinkRef {
  token?: string | undefined
  service_request_id?: string | undefined
}

/** One external endpoint (implemented by the adapters' `Open311Client`). */
export interface Open311Gateway {
  pushCase(p: Open311Push): Promise<{ token?: string; service_request_id?: string }>
  poll(link: Open311LinkRef): Promise<{
    service_request_id: string | null
    status: 'open' | 'closed' | null
    status_notes: string | null
  }>
}

/** A stored link between a case and an external request. */
export interface Open311LinkRow {
  case_id: number | string
  endpoint: string
  token: string | null
  service_request_id: string | null
  status: string | null
}

/** Where links are kept (implemented by the adapters' `CaseRepository`). */
export interface Open311LinkStore {
  linkOpen311(caseId: string, endpoint: string, link: Open311LinkRef, now: number): Promise<void>
  recordOpen311Poll(
    caseId: string,
    endpoint: string,
    p: { service_request_id: string | null; status: string | null; status_notes: string | null },
    now: number,
  ): Promise<void>
  openOpen311Links(limit?: number): Promise<Open311LinkRow[]>
}

/** Options of the Open311 sync. */
export interface Open311SyncOptions {
  service: RespondService
  cases: CaseStore
  links: Open311LinkStore
  /** Gateways by endpoint name. */
  gateways: Readonly<Record<string, Open311Gateway>>
  clock: Clock
  /** What to send for a case (location and description come from its posts). */
  describe: (c: Case) => Promise<Open311Push>
}

/** Pushes cases to external Open311 endpoints and polls their status back. */
export class Open311Sync {
  constructor(private readonly o: Open311SyncOptions) {}

  /** Creates the external request for a case and records the link and an audit note. */
  async push(caseId: string, endpoint: string, actor: string): Promise<Open311LinkRef> {
    const gw = this.o.gateways[endpoint]
    if (!gw) throw new Error(`No Open311 endpoint is configured as ${endpoint}.`)
    const c = await this.o.cases.get(caseId)
    if (!c) throw new Error(`No case has id ${caseId}.`)
    const created = await gw.pushCase(await this.o.describe(c))
    const link: Open311LinkRef = {}
    if (created.token !== undefined) link.token = created.token
    if (created.service_request_id !== undefined)
      link.service_request_id = created.service_request_id
    await this.o.links.linkOpen311(caseId, endpoint, link, this.o.clock.now())
    const ref = link.service_request_id
      ? `request ${link.service_request_id}`
      : `token ${link.token ?? '?'}`
    await this.o.service.act(
      caseId,
      { type: 'addNote', text: `Sent to ${endpoint} over Open311 (${ref}).` },
      actor,
    )
    return link
  }

  /** Polls every open link once; a closed external request resolves its case. Returns how many cases were resolved. */
  async pollAll(limit = 100): Promise<number> {
    let resolved = 0
    for (const l of await this.o.links.openOpen311Links(limit)) {
      const gw = this.o.gateways[l.endpoint]
      if (!gw) continue
      const caseId = String(l.case_id)
      const p = await gw.poll({
        ...(l.token ? { token: l.token } : {}),
        ...(l.service_request_id ? { service_request_id: l.service_request_id } : {}),
      })
      await this.o.links.recordOpen311Poll(caseId, l.endpoint, p, this.o.clock.now())
      if (p.status !== 'closed') continue
      const c = await this.o.cases.get(caseId)
      if (!c || c.status === 'resolved' || c.status === 'closed' || c.status === 'duplicate')
        continue
      const notes = p.status_notes ? `: ${p.status_notes}` : ''
      await this.o.service.act(
        caseId,
        {
          type: 'addNote',
          text: `${l.endpoint} closed request ${p.service_request_id ?? ''}${notes}`,
        },
        'open311',
      )
      await this.o.service.act(
        caseId,
        { type: 'setStatus', status: 'resolved', reason: `closed on ${l.endpoint}` },
        'open311',
      )
      resolved++
    }
    return resolved
  }
}
