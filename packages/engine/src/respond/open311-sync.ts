/**
 * Open311 both ways, engine side: pushes a case to an external GeoReport v2 endpoint as a service
 * request (once per case and endpoint: a second push answers the existing link), and polls open
 * links: a token that became a request id, a new status or new status notes are written into the
 * case as a note (with its audit entry), and a request the other system closed resolves the case
 * when the state machine allows it.
 */
import { canTransition, type Clock } from '@civicpulse/core'
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
  status_notes?: string | null
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
  /** The links of one case (for idempotent pushes); optional for stores that predate it. */
  open311LinksOf?(caseId: string): Promise<Open311LinkRow[]>
}

/** Options of the Open311 sync. */
export interface Open311SyncOptions {
  /** Applies case commands (the service, or a runtime that also publishes events). */
  service: Pick<RespondService, 'act'>
  cases: CaseStore
  links: Open311LinkStore
  /** Gateways by endpoint name. */
  gateways: Readonly<Record<string, Open311Gateway>>
  clock: Clock
  /** What to send for a case to an endpoint (location and description come from its posts). */
  describe: (c: Case, endpoint: string) => Promise<Open311Push>
  /** A link could not be polled (the others still are). */
  onPollError?: (link: Open311LinkRow, error: unknown) => void
}

/** What one polling pass did. */
export interface Open311PollResult {
  polled: number
  changed: number
  resolved: number
  failed: number
}

function refOf(l: {
  service_request_id?: string | null | undefined
  token?: string | null | undefined
}): string {
  return l.service_request_id ? `request ${l.service_request_id}` : `token ${l.token ?? '?'}`
}

/** Pushes cases to external Open311 endpoints and polls their status back. */
export class Open311Sync {
  private readonly inFlight = new Map<string, Promise<{ link: Open311LinkRef; created: boolean }>>()
  /** What the last pass did (for logs and tests). */
  lastPoll: Open311PollResult = { polled: 0, changed: 0, resolved: 0, failed: 0 }

  constructor(private readonly o: Open311SyncOptions) {}

  /** Creates the external request for a case and records the link and an audit note. */
  async push(caseId: string, endpoint: string, actor: string): Promise<Open311LinkRef> {
    return (await this.pushOnce(caseId, endpoint, actor)).link
  }

  /**
   * Like `push`, but a case already sent to this endpoint is not sent again: the existing link is
   * answered with `created: false`. Two pushes at the same time share one request.
   */
  pushOnce(
    caseId: string,
    endpoint: string,
    actor: string,
  ): Promise<{ link: Open311LinkRef; created: boolean }> {
    const key = `${caseId}\u0000${endpoint}`
    const running = this.inFlight.get(key)
    if (running) return running.then((r) => ({ ...r, created: false }))
    const p = this.doPush(caseId, endpoint, actor).finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, p)
    return p
  }

  private async doPush(
    caseId: string,
    endpoint: string,
    actor: string,
  ): Promise<{ link: Open311LinkRef; created: boolean }> {
    const gw = this.o.gateways[endpoint]
    if (!gw) throw new Error(`No Open311 endpoint is configured as ${endpoint}.`)
    const c = await this.o.cases.get(caseId)
    if (!c) throw new Error(`No case has id ${caseId}.`)
    const existing = (await this.o.links.open311LinksOf?.(caseId))?.find(
      (l) => l.endpoint === endpoint,
    )
    if (existing) {
      const link: Open311LinkRef = {}
      if (existing.token) link.token = existing.token
      if (existing.service_request_id) link.service_request_id = existing.service_request_id
      return { link, created: false }
    }
    const created = await gw.pushCase(await this.o.describe(c, endpoint))
    const link: Open311LinkRef = {}
    if (created.token !== undefined) link.token = created.token
    if (created.service_request_id !== undefined)
      link.service_request_id = created.service_request_id
    await this.o.links.linkOpen311(caseId, endpoint, link, this.o.clock.now())
    await this.o.service.act(
      caseId,
      { type: 'addNote', text: `Sent to ${endpoint} over Open311 (${refOf(link)}).` },
      actor,
    )
    return { link, created: true }
  }

  /** Polls every open link once; a closed external request resolves its case. Returns how many cases were resolved. */
  async pollAll(limit = 100): Promise<number> {
    const r: Open311PollResult = { polled: 0, changed: 0, resolved: 0, failed: 0 }
    for (const l of await this.o.links.openOpen311Links(limit)) {
      const gw = this.o.gateways[l.endpoint]
      if (!gw) continue
      try {
        const out = await this.pollOne(gw, l)
        r.polled++
        if (out.changed) r.changed++
        if (out.resolved) r.resolved++
      } catch (e: unknown) {
        r.failed++
        this.o.onPollError?.(l, e)
      }
    }
    this.lastPoll = r
    return r.resolved
  }

  private async pollOne(
    gw: Open311Gateway,
    l: Open311LinkRow,
  ): Promise<{ changed: boolean; resolved: boolean }> {
    const caseId = String(l.case_id)
    const p = await gw.poll({
      ...(l.token ? { token: l.token } : {}),
      ...(l.service_request_id ? { service_request_id: l.service_request_id } : {}),
    })
    await this.o.links.recordOpen311Poll(caseId, l.endpoint, p, this.o.clock.now())
    const newId = p.service_request_id !== null && p.service_request_id !== l.service_request_id
    const newStatus = p.status !== null && p.status !== l.status
    const newNotes = p.status_notes !== null && p.status_notes !== (l.status_notes ?? null)
    if (!newId && !newStatus && !newNotes) return { changed: false, resolved: false }
    const ref = refOf({ service_request_id: p.service_request_id, token: l.token })
    const parts: string[] = []
    if (newId && l.token && !l.service_request_id)
      parts.push(`${l.endpoint} gave token ${l.token} the id ${p.service_request_id}`)
    if (p.status !== null && (newStatus || newNotes))
      parts.push(`${l.endpoint} reports ${ref} as ${p.status}`)
    if (newNotes) parts.push(`notes: ${p.status_notes}`)
    if (parts.length)
      await this.o.service.act(
        caseId,
        { type: 'addNote', text: `${parts.join('; ')}.`.replace(/\.\.$/, '.') },
        'open311',
      )
    if (p.status !== 'closed' || !newStatus) return { changed: true, resolved: false }
    const c = await this.o.cases.get(caseId)
    if (!c || !canTransition(c.status, 'resolved')) return { changed: true, resolved: false }
    await this.o.service.act(
      caseId,
      { type: 'setStatus', status: 'resolved', reason: `closed on ${l.endpoint}` },
      'open311',
    )
    return { changed: true, resolved: true }
  }
}
