/**
 * Respond's commands: open cases from posts, threads and incidents (routed by the rules), apply
 * changes through the pure state machine with optimistic concurrency, queue replies into the
 * outbox, and read the queues (mine, my team, unassigned, overdue) with their SLA clocks.
 */
import { createHash } from 'node:crypto'
import type { Clock, Intent, UrgencyFlag } from '@civicpulse/core'
import {
  applyCaseCommand,
  CaseConflictError,
  CaseError,
  compareQueue,
  openCase,
  routeCase,
  slaState,
  type Case,
  type CaseCommand,
  type CaseSource,
  type CaseStore,
  type OutboxReply,
  type ReplyOutboxStore,
  type ReplyTarget,
  type RoutingDecision,
  type RoutingDefaults,
  type RoutingRule,
  type SentReply,
  type SlaPolicy,
  type SlaState,
} from '@civicpulse/core'

/** What the labels say about the thing a case is opened from. */
export interface CaseFacts {
  title: string
  serviceCode?: string | null
  area?: string | null
  intent?: Intent | null
  urgency?: number | null
  flags?: UrgencyFlag[]
  /** Posts to link besides the source post. */
  posts?: string[]
}

/** Options of the Respond service. */
export interface RespondServiceOptions {
  cases: CaseStore
  outbox: ReplyOutboxStore
  clock: Clock
  rules: readonly RoutingRule[]
  defaults: RoutingDefaults
  /** SLA policy per team; `fallback` for teams without one. */
  policies: { byTeam: Readonly<Record<string, SlaPolicy>>; fallback: SlaPolicy }
  /** Called when routing asks to notify (urgent safety flags, rules with `notify`). */
  notify?: (c: Case, decision: RoutingDecision) => Promise<void>
}

/** A queue view of the inbox. */
export type QueueView =
  | { kind: 'mine'; user: string }
  | { kind: 'team'; team: string }
  | { kind: 'unassigned' }
  | { kind: 'overdue' }

/** A case with its SLA clocks, as the inbox shows it. */
export interface QueuedCase {
  case: Case
  sla: SlaState
}

const OPEN_STATUSES = ['new', 'triaged', 'in_progress', 'awaiting_citizen'] as const

/** Runs Respond's commands against the stores. */
export class RespondService {
  constructor(private readonly o: RespondServiceOptions) {}

  /** Opens a case from a source, or returns the open case already opened from it (`created: false`). */
  async open(
    source: CaseSource,
    facts: CaseFacts,
    actor: string,
  ): Promise<{ case: Case; created: boolean; routing: RoutingDecision | null }> {
    const existing = await this.o.cases.findBySource(source)
    if (existing) return { case: existing, created: false, routing: null }
    const decision = routeCase(
      {
        serviceCode: facts.serviceCode,
        area: facts.area,
        intent: facts.intent,
        urgency: facts.urgency,
        flags: facts.flags,
      },
      this.o.rules,
      this.o.defaults,
    )
    const posts = [...(source.kind === 'post' ? [source.id] : []), ...(facts.posts ?? [])]
    const { case: draft, audit } = openCase(
      {
        title: facts.title,
        source,
        priority: decision.priority,
        team: decision.team,
        serviceCode: facts.serviceCode ?? null,
        area: facts.area ?? null,
        intent: facts.intent ?? null,
        urgencyFlags: facts.flags ?? [],
        jumped: decision.jump,
        posts,
        routing: { rules: decision.ruleIds, reason: decision.reason, notify: decision.notify },
      },
      actor,
      this.o.clock.now(),
    )
    const c = await this.o.cases.create(draft, audit)
    if (decision.notify) await this.o.notify?.(c, decision)
    return { case: c, created: true, routing: decision }
  }

  /** Applies a command, re-reading and re-applying when another change landed first (up to 3 tries). */
  async act(caseId: string, cmd: CaseCommand, actor: string): Promise<Case> {
    for (let attempt = 0; ; attempt++) {
      const c = await this.o.cases.get(caseId)
      if (!c) throw new CaseError('invalid_command', `No case has id ${caseId}.`)
      const { next, audit } = applyCaseCommand(c, cmd, actor, this.o.clock.now())
      if (!audit.length) return c
      try {
        await this.o.cases.update(next, c.version, audit)
        return next
      } catch (e) {
        if (!(e instanceof CaseConflictError) || attempt >= 2) throw e
      }
    }
  }

  /** The SLA policy of a team. */
  policyFor(team: string | null): SlaPolicy {
    return (team !== null ? this.o.policies.byTeam[team] : undefined) ?? this.o.policies.fallback
  }

  /** A case's SLA clocks now. */
  sla(c: Case, now = this.o.clock.now()): SlaState {
    return slaState(
      {
        priority: c.priority,
        createdAt: c.createdAt,
        firstResponseAt: c.firstResponseAt ?? undefined,
        resolvedAt: c.resolvedAt ?? undefined,
        pauses: c.pauses,
      },
      this.policyFor(c.team),
      now,
    )
  }

  /** A queue view, in queue order (jumped, priority, SLA due time, age). */
  async queue(view: QueueView, limit = 200): Promise<QueuedCase[]> {
    const status = [...OPEN_STATUSES]
    const cases =
      view.kind === 'mine'
        ? await this.o.cases.list({ status, assignee: view.user, limit: 5000 })
        : view.kind === 'team'
          ? await this.o.cases.list({ status, team: view.team, limit: 5000 })
          : view.kind === 'unassigned'
            ? await this.o.cases.list({ status, unassigned: true, limit: 5000 })
            : await this.o.cases.list({ status, limit: 5000 })
    const now = this.o.clock.now()
    let rows = cases.map((c) => ({ case: c, sla: this.sla(c, now) }))
    if (view.kind === 'overdue') rows = rows.filter((r) => r.sla.overdue)
    const due = (r: QueuedCase) =>
      r.case.firstResponseAt === null ? r.sla.firstResponse.dueAt : r.sla.resolution.dueAt
    rows.sort((a, b) => compareQueue({ ...a.case, dueAt: due(a) }, { ...b.case, dueAt: due(b) }))
    return rows.slice(0, limit)
  }

  /**
   * Queues a reply to the citizen. `clientKey` (e.g. a UUID the composer made) makes a double
   * submit queue it once; the outbox's idempotency key is derived from it and the case.
   */
  async queueReply(
    caseId: string,
    reply: { target: ReplyTarget; text: string; clientKey: string },
    actor: string,
  ): Promise<OutboxReply> {
    const text = reply.text.trim()
    if (!text) throw new CaseError('invalid_command', 'A reply cannot be empty.')
    const c = await this.o.cases.get(caseId)
    if (!c) throw new CaseError('invalid_command', `No case has id ${caseId}.`)
    if (c.status === 'closed' || c.status === 'duplicate')
      throw new CaseError(
        'case_final',
        `Case ${c.ref} is ${c.status}; reply from the case it was merged into.`,
      )
    const key =
      'cp-' +
      createHash('sha256').update(`${caseId}\u0000${reply.clientKey}`).digest('hex').slice(0, 32)
    const { item, created } = await this.o.outbox.enqueue(
      { idempotencyKey: key, caseId, target: reply.target, text, createdBy: actor },
      this.o.clock.now(),
    )
    if (created) {
      const at = this.o.clock.now()
      // An audit-only change: the case's fields stay, its trail records the queued reply.
      await this.o.cases.update({ ...c, updatedAt: at, version: c.version + 1 }, c.version, [
        {
          at,
          actor,
          action: 'reply.queued',
          to: item.id,
          detail: { platform: reply.target.platform },
        },
      ])
    }
    return item
  }

  /** The outbox's `onSent` hook: records the response on the case (stops the first-response clock). */
  readonly onReplySent = async (item: OutboxReply, remote: SentReply): Promise<void> => {
    await this.act(
      item.caseId,
      { type: 'recordResponse', platform: item.target.platform, remoteId: remote.id },
      'outbox',
    )
  }

  /** The outbox's `onFailed` hook: leaves a note on the case so the responder sees the platform's message. */
  readonly onReplyFailed = async (
    item: OutboxReply,
    status: 'failed' | 'uncertain',
    message: string,
  ): Promise<void> => {
    const what = status === 'uncertain' ? 'may not have been posted' : 'was not posted'
    await this.act(
      item.caseId,
      { type: 'addNote', text: `Reply ${item.id} to ${item.target.platform} ${what}: ${message}` },
      'outbox',
    )
  }
}
