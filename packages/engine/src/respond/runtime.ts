/**
 * Respond at run time, over ports: the RespondService with the teams' SLA policies, the reply
 * outbox processor with the senders of the current reply accounts, replies with optional approval
 * by a second person, the SLA sweeper (one `case.sla_breached` per case and clock), automatic
 * opening by routing rules, SLA report figures, and Open311 push and poll (`runtime-open311.ts`;
 * the types are in `runtime-types.ts`). The composition root
 * builds the stores, senders and gateways; the HTTP routes and the product's timers share one runtime.
 */
import {
  CaseConflictError,
  OPEN_CASE_STATUSES,
  autoOpenFacts,
  checkApproval,
  checkAwaiting,
  checkCaseTakesReply,
  checkReplyText,
  compareQueue,
  nextDraftStatus,
  slaFiguresByTeam,
  type AuditEntry,
  type Case,
  type CaseFilter,
  type CaseSource,
  type CaseSourceReader,
  type CaseWithSla,
  type Labels,
  type OutboxReply,
  type ReplyDraft,
  type ReplyTarget,
  type RespondSettingsStore,
  type SlaFigures,
  type SlaPolicy,
  type SlaState,
} from '@civicpulse/core'
import type { Open311PollResult } from './open311-sync.js'
import { RespondOpen311 } from './runtime-open311.js'
import {
  ReplyRefused,
  type RespondCaseStore,
  type RespondEvent,
  type RespondRuntimeConfig,
  type RespondRuntimeOptions,
} from './runtime-types.js'
import { ReplyOutboxProcessor, type OutboxRunResult } from './outbox.js'
import { RespondService, type CaseFacts } from './service.js'

/** Respond's runtime. */
export class RespondRuntime<
  C extends RespondRuntimeConfig = RespondRuntimeConfig,
  S extends RespondSettingsStore = RespondSettingsStore,
  K extends RespondCaseStore = RespondCaseStore,
> {
  readonly cases: K
  readonly settings: S
  readonly config: C
  readonly now: () => number
  private readonly sources: CaseSourceReader
  private service!: RespondService
  private processor: ReplyOutboxProcessor | undefined
  private senderStamp = ''
  private readonly listeners = new Set<(e: RespondEvent) => void>()
  private outboxRunning: Promise<OutboxRunResult> | undefined
  private outboxAgain = false
  private readonly external: RespondOpen311<C>
  /** Names of areas (wards) for the address of an Open311 request; set by the HTTP routes. */
  areaName: (code: string) => string = (code) => code

  constructor(private readonly o: RespondRuntimeOptions<C, S, K>) {
    this.now = o.now
    this.config = o.config
    this.cases = o.cases
    this.settings = o.settings
    this.sources = o.sources
    this.external = new RespondOpen311({
      config: o.config,
      cases: o.cases,
      sources: o.sources,
      now: o.now,
      options: o.open311,
      act: (id, cmd, actor) => this.act(id, cmd, actor),
      areaName: (code) => this.areaName(code),
    })
  }

  /** Seeds team settings and templates from the configuration, then builds the service. */
  async start(): Promise<this> {
    await this.settings.ensureTeams(
      this.config.teams.map((t) => ({
        team: t.code,
        approvalRequired: t.approvalRequired,
        slaPolicy: t.policy,
      })),
      this.now(),
    )
    await this.settings.ensureTemplates(this.config.templates, this.now())
    // Reply-account credentials stored in clear by an older version are sealed now.
    await this.settings.sealStoredCredentials()
    await this.reloadPolicies()
    return this
  }

  /** Rebuilds the service with the teams' current SLA policies (after a settings change). */
  async reloadPolicies(): Promise<void> {
    const byTeam: Record<string, SlaPolicy> = {}
    for (const s of await this.settings.teamSettings()) {
      const p = s.slaPolicy ? this.config.policies[s.slaPolicy] : undefined
      if (p) byTeam[s.team] = p
    }
    this.service = new RespondService({
      cases: this.cases,
      outbox: this.cases.outbox,
      clock: { now: this.now },
      rules: this.config.rules,
      defaults: this.config.defaults,
      policies: {
        byTeam,
        fallback: this.config.policies[this.config.defaultPolicy] as SlaPolicy,
      },
      ...(this.o.notify ? { notify: this.o.notify } : {}),
    })
  }

  /** Listens to Respond events; returns the unsubscribe function. */
  subscribe(fn: (e: RespondEvent) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  private emit(type: RespondEvent['type'], id: string, extra: Record<string, unknown> = {}): void {
    for (const fn of this.listeners) {
      try {
        fn({ type, data: { id, ...extra } })
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  /** A team's display name (its code when unknown). */
  teamName(code: string): string {
    return this.config.teams.find((t) => t.code === code)?.name ?? code
  }

  /** The SLA clocks of a case now. */
  sla(c: Case, now = this.now()): SlaState {
    return this.service.sla(c, now)
  }

  // --- opening ---

  /** Opens a case (idempotent per open source); publishes `case.created` when new. */
  async open(source: CaseSource, facts: CaseFacts, actor: string) {
    const r = await this.service.open(source, facts, actor)
    if (r.created) this.emit('case.created', r.case.id)
    return r
  }

  /** The facts of a stored post (labels), or undefined when there is no such post. */
  async postFacts(postId: number): Promise<CaseFacts | undefined> {
    return this.sources.postFacts(postId)
  }

  /** Opens (or finds) the case of a stored post. */
  async openFromPost(postId: number, actor: string, title?: string, known?: CaseFacts) {
    const facts = known ?? (await this.postFacts(postId))
    if (!facts) throw new ReplyRefused(404, 'NOT_FOUND', 'No post has that id.')
    return this.open(
      { kind: 'post', id: String(postId) },
      title ? { ...facts, title } : facts,
      actor,
    )
  }

  /** Opens (or finds) the case of an incident (by its public id), linking its representative posts. */
  async openFromIncident(publicId: string, actor: string, title?: string) {
    const inc = await this.sources.incident(publicId)
    if (!inc) throw new ReplyRefused(404, 'NOT_FOUND', 'No incident has that id.')
    const areas = inc.areas
    const r = await this.open(
      { kind: 'incident', id: publicId },
      {
        title: title ?? inc.title,
        serviceCode: inc.serviceCode,
        area: areas.length === 1 ? (areas[0] ?? null) : null,
        intent: 'complaint',
        posts: inc.postIds.map(String),
      },
      actor,
    )
    const prio = this.config.incidents.priority
    if (r.created && prio && r.case.priority !== prio && !r.case.jumped) {
      const c = await this.act(r.case.id, { type: 'setPriority', priority: prio }, actor)
      return { ...r, case: c }
    }
    return r
  }

  /** Opens (or finds) the case of a conversation (thread) by its conversation id. */
  async openFromThread(conversationId: string, actor: string, title?: string) {
    const posts = await this.sources.threadPostIds(conversationId)
    const first = posts[0]
    if (first === undefined) throw new ReplyRefused(404, 'NOT_FOUND', 'No thread has that id.')
    const facts = (await this.postFacts(first)) as CaseFacts
    return this.open(
      { kind: 'thread', id: conversationId },
      { ...facts, ...(title ? { title } : {}), posts: posts.map(String) },
      actor,
    )
  }

  /**
   * Opens cases for stored posts that an `open: auto` rule matches (a rule's `minRelevance` when it
   * sets one; otherwise safety flags on any post that is not spam, other rules on relevant posts).
   * Returns how many cases were opened.
   */
  async autoOpenPosts(
    posts: readonly { text?: string; labels?: Labels | undefined }[],
    ids: readonly number[],
  ): Promise<number> {
    if (!this.config.rules.some((r) => r.open === 'auto')) return 0
    let opened = 0
    for (const [i, p] of posts.entries()) {
      const id = ids[i]
      if (id === undefined) continue
      const facts = autoOpenFacts(this.config.rules, { id, text: p.text, labels: p.labels })
      if (!facts) continue
      const r = await this.openFromPost(id, 'routing', undefined, facts)
      if (r.created) opened++
    }
    return opened
  }

  // --- commands ---

  /** Applies a case command; publishes `case.updated`. */
  async act(caseId: string, cmd: Parameters<RespondService['act']>[1], actor: string) {
    const before = await this.cases.get(caseId)
    if (!before) throw new ReplyRefused(404, 'NOT_FOUND', 'No case has that id.')
    const c = await this.service.act(caseId, cmd, actor)
    if (c.version !== before.version) this.emit('case.updated', c.id)
    return c
  }

  /** Applies one command to many cases in turn; each succeeds or fails (with its error) on its own. */
  async actEach(
    caseIds: readonly string[],
    cmd: Parameters<RespondService['act']>[1],
    actor: string,
  ): Promise<{ id: string; error?: unknown }[]> {
    const out: { id: string; error?: unknown }[] = []
    for (const id of caseIds) {
      try {
        await this.act(id, cmd, actor)
        out.push({ id })
      } catch (error: unknown) {
        out.push({ id, error })
      }
    }
    return out
  }

  /** Writes an audit entry without changing the case's fields (a reply held, rejected…). */
  private async auditOnly(caseId: string, entry: Omit<AuditEntry, 'at'>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const c = await this.cases.get(caseId)
      if (!c) return
      const at = this.now()
      try {
        await this.cases.update({ ...c, updatedAt: at, version: c.version + 1 }, c.version, [
          { ...entry, at },
        ])
        return
      } catch (e) {
        if (!(e instanceof CaseConflictError) || attempt >= 2) throw e
      }
    }
  }

  // --- queues ---

  /** Cases with their clocks, in queue order. */
  async listWithSla(filter: CaseFilter): Promise<CaseWithSla[]> {
    const now = this.now()
    const rows = (await this.cases.list(filter)).map((c) => ({ case: c, sla: this.sla(c, now) }))
    const due = (r: CaseWithSla) =>
      r.case.firstResponseAt === null ? r.sla.firstResponse.dueAt : r.sla.resolution.dueAt
    rows.sort((a, b) => compareQueue({ ...a.case, dueAt: due(a) }, { ...b.case, dueAt: due(b) }))
    return rows
  }

  // --- replies ---

  /** Where a reply to this case goes: the source post (or first linked post) on its platform. */
  async replyTarget(c: Case): Promise<ReplyTarget | null> {
    const ids = [...(c.source.kind === 'post' ? [c.source.id] : []), ...c.posts]
      .map(Number)
      .filter((n) => Number.isInteger(n))
    if (!ids.length) return null
    const rows = await this.sources.postsByIds(ids)
    const accounts = (await this.settings.listReplyAccounts()).filter((a) => a.enabled)
    for (const id of ids) {
      const p = rows.find((r) => r.id === id)
      if (!p) continue
      const acct = accounts.find((a) => a.platform === p.platform)
      if (acct)
        return {
          platform: acct.platform,
          account: acct.account,
          inReplyTo: p.platformId,
        }
    }
    return null
  }

  /** The outbox rows of a case by id. */
  async outboxOf(caseId: string): Promise<Map<string, OutboxReply>> {
    return new Map((await this.cases.outbox.listByCase(caseId)).map((o) => [o.id, o]))
  }

  /**
   * Writes a reply: queued to the outbox at once when the case's team needs no approval, or kept
   * `awaiting_approval` for a second person. A repeated `clientKey` returns the first reply.
   */
  async submitReply(
    caseId: string,
    r: { text: string; clientKey: string; templateId?: string | undefined },
    actor: string,
  ): Promise<ReplyDraft> {
    const c = await this.cases.get(caseId)
    if (!c) throw new ReplyRefused(404, 'NOT_FOUND', 'No case has that id.')
    const text = r.text.trim()
    const refused = checkReplyText(text) ?? checkCaseTakesReply(c)
    if (refused) throw ReplyRefused.from(refused)
    const target = await this.replyTarget(c)
    if (!target)
      throw new ReplyRefused(
        409,
        'NO_REPLY_TARGET',
        'This case has no post on a platform with a reply account set up, so there is nowhere to reply.',
      )
    if (r.templateId !== undefined && !(await this.settings.getTemplate(r.templateId)))
      throw new ReplyRefused(400, 'TEMPLATE_UNKNOWN', 'No reply template has that id.')
    const { reply, created } = await this.settings.addReply(
      {
        caseId,
        clientKey: r.clientKey,
        templateId: r.templateId ?? null,
        target,
        text,
        status: 'draft',
        createdBy: actor,
      },
      this.now(),
    )
    if (reply.status !== 'draft') return reply
    const approval = c.team ? (await this.settings.teamSetting(c.team))?.approvalRequired : false
    if (nextDraftStatus(approval === true) === 'awaiting_approval') {
      await this.settings.decideReply(reply.id, 'draft', 'awaiting_approval', {}, this.now())
      if (created)
        await this.auditOnly(caseId, {
          actor,
          action: 'reply.awaiting_approval',
          to: reply.id,
          detail: { platform: target.platform },
        })
    } else {
      await this.queue(reply, 'draft', {})
    }
    this.emit('reply.updated', reply.id, { caseId })
    this.emit('case.updated', caseId)
    return (await this.settings.getReply(reply.id)) as ReplyDraft
  }

  private async queue(
    reply: ReplyDraft,
    from: 'draft' | 'awaiting_approval',
    d: { by?: string },
  ): Promise<void> {
    const item = await this.service.queueReply(
      reply.caseId,
      { target: reply.target, text: reply.text, clientKey: reply.clientKey },
      reply.createdBy,
    )
    await this.settings.decideReply(
      reply.id,
      from,
      'queued',
      { ...d, outboxId: item.id },
      this.now(),
    )
    this.kickOutbox()
  }

  /** Approves a reply awaiting approval (by someone other than its author) and queues it. */
  async approveReply(caseId: string, replyId: string, actor: string): Promise<ReplyDraft> {
    const reply = await this.settings.getReply(replyId)
    if (!reply || reply.caseId !== caseId)
      throw new ReplyRefused(404, 'NOT_FOUND', 'No reply has that id on this case.')
    const c = await this.cases.get(caseId)
    const refused = checkApproval(reply, actor, c?.status)
    if (refused) throw ReplyRefused.from(refused)
    await this.queue(reply, 'awaiting_approval', { by: actor })
    this.emit('reply.updated', reply.id, { caseId })
    this.emit('case.updated', caseId)
    return (await this.settings.getReply(reply.id)) as ReplyDraft
  }

  /** Rejects a reply awaiting approval, with a reason. */
  async rejectReply(
    caseId: string,
    replyId: string,
    reason: string,
    actor: string,
  ): Promise<ReplyDraft> {
    const reply = await this.settings.getReply(replyId)
    if (!reply || reply.caseId !== caseId)
      throw new ReplyRefused(404, 'NOT_FOUND', 'No reply has that id on this case.')
    const waiting = checkAwaiting(reply)
    if (waiting) throw ReplyRefused.from(waiting)
    if (
      !(await this.settings.decideReply(
        replyId,
        'awaiting_approval',
        'rejected',
        { by: actor, reason },
        this.now(),
      ))
    )
      throw new ReplyRefused(409, 'REPLY_NOT_AWAITING', `This reply is not awaiting approval.`)
    await this.auditOnly(caseId, {
      actor,
      action: 'reply.rejected',
      to: replyId,
      detail: { reason },
    })
    this.emit('reply.updated', replyId, { caseId })
    this.emit('case.updated', caseId)
    return (await this.settings.getReply(replyId)) as ReplyDraft
  }

  // --- outbox ---

  /** The processor with senders for the current reply accounts (rebuilt when they change). */
  private async outboxProcessor(): Promise<ReplyOutboxProcessor> {
    const stamp = await this.settings.replyAccountsStamp()
    if (this.processor && stamp === this.senderStamp) return this.processor
    const senders = await this.o.senders()
    this.processor = new ReplyOutboxProcessor({
      store: this.cases.outbox,
      senders,
      clock: { now: this.now },
      ...(this.o.outbox ?? {}),
      onSent: async (item, remote) => {
        await this.service.onReplySent(item, remote)
        this.emit('reply.updated', item.id, { caseId: item.caseId })
        this.emit('case.updated', item.caseId)
      },
      onFailed: async (item, status, message) => {
        await this.service.onReplyFailed(item, status, message)
        this.emit('reply.updated', item.id, { caseId: item.caseId })
        this.emit('case.updated', item.caseId)
      },
    })
    this.senderStamp = stamp
    return this.processor
  }

  /** Delivers due replies now (one pass at a time; a call during a pass waits for it). */
  async runOutbox(): Promise<OutboxRunResult> {
    if (this.outboxRunning) return this.outboxRunning
    const run = (async () => (await this.outboxProcessor()).runOnce())()
    this.outboxRunning = run
    try {
      return await run
    } finally {
      this.outboxRunning = undefined
      if (this.outboxAgain) {
        this.outboxAgain = false
        this.kickOutbox()
      }
    }
  }

  /** Starts a pass soon (after a reply is queued), without waiting; during a pass, another follows it. */
  kickOutbox(): void {
    if (this.outboxRunning) {
      this.outboxAgain = true
      return
    }
    setImmediate(() => void this.runOutbox().catch(() => {}))
  }

  // --- Open311 to other systems ---

  /** The external Open311 endpoints cases can be sent to (names only). */
  open311Endpoints(): { name: string }[] {
    return this.external.endpoints()
  }

  /** The Open311 links of a case: where it was sent and what polling last found. */
  open311Of(caseId: string) {
    return this.external.linksOf(caseId)
  }

  /**
   * Sends a case to an external Open311 endpoint as a service request and records the link; a case
   * already sent there answers the existing link (`created: false`).
   */
  pushOpen311(caseId: string, endpoint: string, actor: string) {
    return this.external.push(caseId, endpoint, actor)
  }

  /** Polls the open links once (tokens resolved, statuses written into the cases). */
  pollOpen311(): Promise<Open311PollResult> {
    return this.external.poll()
  }

  // --- SLA ---

  /** Announces SLA breaches of open cases: once per case and clock. Returns how many were new. */
  async sweepSla(): Promise<number> {
    const now = this.now()
    let fresh = 0
    for (const { case: c, sla } of await this.listWithSla({
      status: [...OPEN_CASE_STATUSES],
      limit: 10_000,
    })) {
      for (const [clock, st] of [
        ['first_response', sla.firstResponse],
        ['resolution', sla.resolution],
      ] as const) {
        if (!st.breached) continue
        if (await this.settings.hasBreach(c.id, clock)) continue
        // The alert is queued (idempotently, in a durable outbox) before the breach is recorded,
        // so a crash in between queues it again on the next sweep, never loses it.
        try {
          await this.o.onBreach?.(c, clock, sla)
        } catch {
          continue // not recorded: the next sweep tries again
        }
        if (!(await this.settings.recordBreach(c.id, clock, now))) continue
        fresh++
        this.emit('case.sla_breached', c.id, { clock })
      }
    }
    return fresh
  }

  /** SLA figures over cases created in `[from, to)`, per team and overall. */
  async slaReport(
    from: number,
    to: number,
    team?: string,
  ): Promise<{ teams: (SlaFigures & { team: string })[]; overall: SlaFigures }> {
    const now = this.now()
    const all = (await this.cases.list({ limit: 100_000, ...(team ? { team } : {}) })).filter(
      (c) => c.createdAt >= from && c.createdAt < to && c.status !== 'duplicate',
    )
    return slaFiguresByTeam(all.map((c) => ({ case: c, sla: this.sla(c, now) })))
  }
}
