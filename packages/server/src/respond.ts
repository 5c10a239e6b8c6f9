/**
 * Respond at run time: the RespondService over the SQLite repositories, the reply outbox processor
 * with senders built from the reply-accounts table, replies with optional approval, the SLA
 * sweeper (one `case.sla_breached` per case and clock), automatic opening by routing rules, and
 * the Open311 request store over cases. The HTTP routes and the product's timers share one runtime.
 */
import type { Kysely } from 'kysely'
import {
  CaseConflictError,
  compareQueue,
  ruleMatches,
  type AuditEntry,
  type Case,
  type CaseFilter,
  type CaseSource,
  type Intent,
  type Labels,
  type OutboxReply,
  type ReplyPlatform,
  type ReplySender,
  type ReplyTarget,
  type RoutingDecision,
  type SlaPolicy,
  type SlaState,
  type UrgencyFlag,
} from '@civicpulse/core'
import {
  CaseOpen311Store,
  CaseRepository,
  Open311Client,
  Open311ClientError,
  open311ServiceCode,
  RespondSettingsRepository,
  createReplySenders,
  loadRespondConfig,
  loadTaxonomy,
  type CaseReply,
  type ReplyAccount,
  type ReplySettings,
  type RespondConfig,
  type Taxonomy,
} from '@civicpulse/adapters'
import {
  Open311Sync,
  ReplyOutboxProcessor,
  RespondService,
  type Open311Gateway,
  type Open311PollResult,
  type CaseFacts,
  type OutboxRunResult,
} from '@civicpulse/engine'
import type { Database } from './adapters.js'

/** Case statuses still being worked. */
export const OPEN_CASE_STATUSES = ['new', 'triaged', 'in_progress', 'awaiting_citizen'] as const

/** A Respond event for the live stream. */
export interface RespondEvent {
  type: 'case.created' | 'case.updated' | 'case.sla_breached' | 'reply.updated'
  data: { id: string; [k: string]: unknown }
}

/** Options of the runtime. */
export interface RespondRuntimeOptions {
  db: Kysely<Database>
  now?: () => number
  /** Resolved configuration (default: `loadRespondConfig` over the taxonomy). */
  config?: RespondConfig
  taxonomy?: Taxonomy
  /** Routing asked to notify (urgent safety flags, rules with `notify`). */
  notify?: (c: Case, decision: RoutingDecision) => Promise<void>
  /**
   * An SLA clock of a case was breached: called until it resolves once per case and clock (so it
   * must be idempotent, e.g. a durable outbox keyed by case and clock); a rejection retries later.
   */
  onBreach?: (c: Case, clock: 'first_response' | 'resolution', sla: SlaState) => Promise<void>
  /** Options for the outbox processor (tests shorten the delays). */
  outbox?: { baseDelayMs?: number; staleAfterMs?: number; maxAttempts?: number }
  /** HTTP options for the senders (tests). */
  senderFetch?: typeof fetch
  /** Where the api keys of external Open311 endpoints are read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>
}

/** Why a reply cannot be sent as asked (mapped to HTTP by the routes). */
export class ReplyRefused extends Error {
  override readonly name = 'ReplyRefused'
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 502 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Placeholders still in a text (`{{ref}}`), i.e. not filled by the composer. */
export function unfilledPlaceholders(text: string): string[] {
  return [
    ...new Set([...text.matchAll(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g)].map((m) => m[1] as string)),
  ]
}

/** A case with its clocks, as the queues use it. */
export interface CaseWithSla {
  case: Case
  sla: SlaState
}

/** One sender per platform that picks the account named by the reply's target. */
function accountRouter(platform: ReplyPlatform, byAccount: Map<string, ReplySender>): ReplySender {
  const first = [...byAccount.values()][0] as ReplySender
  const pick = (t: ReplyTarget) => byAccount.get(t.account) ?? first
  return {
    platform,
    idempotentByKey: first.idempotentByKey,
    send: (t, text, key) => pick(t).send(t, text, key),
    findExisting: first.findExisting
      ? async (t, text, key) => pick(t).findExisting?.(t, text, key)
      : undefined,
  }
}

/** Builds the sender settings of one account (credentials go straight into the sender). */
function senderSettings(a: ReplyAccount, f: typeof fetch | undefined): ReplySettings {
  const c = a.credentials
  const base = a.baseUrl ?? undefined
  const http = f ? { fetch: f } : {}
  switch (a.platform) {
    case 'mastodon':
      return {
        mastodon: {
          baseUrl: base ?? 'https://mastodon.social',
          accessToken: c['accessToken'] ?? '',
          ...http,
        },
      }
    case 'x':
      return {
        x: {
          ...(base ? { baseUrl: base } : {}),
          accessToken: c['accessToken'] ?? '',
          ...(c['userId'] ? { userId: c['userId'] } : {}),
          ...http,
        },
      }
    case 'reddit':
      return {
        reddit: {
          ...(base ? { baseUrl: base } : {}),
          accessToken: c['accessToken'] ?? '',
          ...(c['username'] ? { username: c['username'] } : {}),
          userAgent: c['userAgent'] ?? 'civicpulse:respond:0.1 (council replies)',
          ...http,
        },
      }
    case 'bluesky':
      return {
        bluesky: {
          service: base ?? 'https://bsky.social',
          identifier: c['identifier'] ?? '',
          password: c['password'] ?? '',
          ...http,
        },
      }
  }
}

function median(xs: number[]): number | null {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** SLA figures over a set of cases (one team, or all). */
export interface SlaFigures {
  cases: number
  firstResponse: { compliancePct: number | null; medianMs: number | null }
  resolution: { compliancePct: number | null; medianMs: number | null }
  openBreaches: number
}

/** Respond's runtime. */
export class RespondRuntime {
  readonly cases: CaseRepository
  readonly settings: RespondSettingsRepository
  readonly config: RespondConfig
  readonly now: () => number
  readonly open311: CaseOpen311Store
  private service!: RespondService
  private processor: ReplyOutboxProcessor | undefined
  private senderStamp = ''
  private readonly listeners = new Set<(e: RespondEvent) => void>()
  private outboxRunning: Promise<OutboxRunResult> | undefined
  private outboxAgain = false
  private readonly taxonomy: Taxonomy
  private sync: Open311Sync | undefined
  /** Names of areas (wards) for the address of an Open311 request; set by the HTTP routes. */
  areaName: (code: string) => string = (code) => code

  private constructor(private readonly o: RespondRuntimeOptions) {
    this.now = o.now ?? Date.now
    this.taxonomy = o.taxonomy ?? loadTaxonomy()
    this.config = o.config ?? loadRespondConfig(this.taxonomy)
    this.cases = new CaseRepository(o.db)
    this.settings = new RespondSettingsRepository(o.db)
    this.open311 = new CaseOpen311Store({
      db: o.db,
      open: async (source, facts) => (await this.open(source, facts, 'open311')).case,
      keyId: (k) => this.settings.checkOpen311Key(k, this.now()),
      teamName: (t) => this.teamName(t),
    })
  }

  /** Builds the runtime: seeds team settings and templates from the configuration, then the service. */
  static async create(o: RespondRuntimeOptions): Promise<RespondRuntime> {
    const r = new RespondRuntime(o)
    await r.settings.ensureTeams(
      r.config.teams.map((t) => ({
        team: t.code,
        approvalRequired: t.approvalRequired,
        slaPolicy: t.policy,
      })),
      r.now(),
    )
    await r.settings.ensureTemplates(r.config.templates, r.now())
    // Reply-account credentials stored in clear by an older version are sealed now.
    await r.settings.sealStoredCredentials()
    await r.reloadPolicies()
    return r
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
    const row = await this.o.db
      .selectFrom('posts')
      .select(['id', 'display_text', 'service_code', 'ward_code', 'intent', 'urgency', 'labels'])
      .where('id', '=', postId)
      .executeTakeFirst()
    if (!row) return undefined
    let flags: UrgencyFlag[] = []
    try {
      const l = row.labels ? (JSON.parse(row.labels) as Partial<Labels>) : undefined
      flags = [...(l?.urgency?.flags ?? [])]
    } catch {
      flags = []
    }
    const text = row.display_text.replace(/\s+/g, ' ').trim()
    return {
      title: text.length > 90 ? text.slice(0, 89).trimEnd() + '…' : text || `Post ${row.id}`,
      serviceCode: row.service_code,
      area: row.ward_code,
      intent: (row.intent as Intent | null) ?? null,
      urgency: row.urgency,
      flags,
    }
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
    const inc = await this.o.db
      .selectFrom('incidents')
      .select(['id', 'title', 'service_code', 'areas'])
      .where('public_id', '=', publicId)
      .executeTakeFirst()
    if (!inc) throw new ReplyRefused(404, 'NOT_FOUND', 'No incident has that id.')
    const posts = await this.o.db
      .selectFrom('incident_posts')
      .select('post_id')
      .where('incident_id', '=', inc.id)
      .orderBy('representative', 'desc')
      .orderBy('post_id')
      .limit(10)
      .execute()
    let areas: string[] = []
    try {
      areas = JSON.parse(inc.areas) as string[]
    } catch {
      areas = []
    }
    const r = await this.open(
      { kind: 'incident', id: publicId },
      {
        title: title ?? inc.title,
        serviceCode: inc.service_code,
        area: areas.length === 1 ? (areas[0] ?? null) : null,
        intent: 'complaint',
        posts: posts.map((p) => String(p.post_id)),
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
    const posts = await this.o.db
      .selectFrom('posts')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .limit(50)
      .execute()
    const first = posts[0]
    if (!first) throw new ReplyRefused(404, 'NOT_FOUND', 'No thread has that id.')
    const facts = (await this.postFacts(first.id)) as CaseFacts
    return this.open(
      { kind: 'thread', id: conversationId },
      { ...facts, ...(title ? { title } : {}), posts: posts.map((p) => String(p.id)) },
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
    const auto = this.config.rules.filter((r) => r.open === 'auto')
    if (!auto.length) return 0
    let opened = 0
    for (const [i, p] of posts.entries()) {
      const l = p.labels
      const id = ids[i]
      if (!l || id === undefined || l.spam.p >= 0.5) continue
      const relevant = l.relevant.p >= 0.5
      const input = {
        serviceCode: relevant ? l.service.code : null,
        area: l.places.find((x) => x.wardCode)?.wardCode ?? null,
        intent: relevant ? l.intent.label : null,
        urgency: l.urgency.score,
        flags: l.urgency.flags,
      }
      const hit = auto.some(
        (r) =>
          (r.minRelevance !== undefined
            ? l.relevant.p >= r.minRelevance
            : relevant || (r.when.flags?.length ?? 0) > 0) && ruleMatches(r, input),
      )
      if (!hit) continue
      const text = (p.text ?? '').replace(/\s+/g, ' ').trim()
      const r = await this.openFromPost(id, 'routing', undefined, {
        title: text.length > 90 ? text.slice(0, 89).trimEnd() + '…' : text || `Post ${id}`,
        serviceCode: input.serviceCode,
        area: input.area,
        intent: input.intent,
        urgency: input.urgency,
        flags: [...input.flags],
      })
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
    const rows = await this.o.db
      .selectFrom('posts')
      .select(['id', 'platform', 'platform_id'])
      .where('id', 'in', ids)
      .execute()
    const accounts = (await this.settings.listReplyAccounts()).filter((a) => a.enabled)
    for (const id of ids) {
      const p = rows.find((r) => r.id === id)
      if (!p) continue
      const acct = accounts.find((a) => a.platform === p.platform)
      if (acct)
        return {
          platform: acct.platform,
          account: acct.account,
          inReplyTo: p.platform_id,
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
  ): Promise<CaseReply> {
    const c = await this.cases.get(caseId)
    if (!c) throw new ReplyRefused(404, 'NOT_FOUND', 'No case has that id.')
    const text = r.text.trim()
    if (!text) throw new ReplyRefused(400, 'REPLY_EMPTY', 'A reply cannot be empty.')
    const left = unfilledPlaceholders(text)
    if (left.length)
      throw new ReplyRefused(
        400,
        'REPLY_PLACEHOLDERS',
        `Fill in ${left.map((p) => `{{${p}}}`).join(', ')} before sending the reply.`,
      )
    if (c.status === 'closed' || c.status === 'duplicate')
      throw new ReplyRefused(
        409,
        'CASE_FINAL',
        `Case ${c.ref} is ${c.status}; it takes no replies.`,
      )
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
    if (approval) {
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
    return (await this.settings.getReply(reply.id)) as CaseReply
  }

  private async queue(
    reply: CaseReply,
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
  async approveReply(caseId: string, replyId: string, actor: string): Promise<CaseReply> {
    const reply = await this.settings.getReply(replyId)
    if (!reply || reply.caseId !== caseId)
      throw new ReplyRefused(404, 'NOT_FOUND', 'No reply has that id on this case.')
    if (reply.createdBy === actor)
      throw new ReplyRefused(
        403,
        'FORBIDDEN',
        'A reply must be approved by someone other than its author.',
      )
    if (reply.status !== 'awaiting_approval')
      throw new ReplyRefused(409, 'REPLY_NOT_AWAITING', `This reply is not awaiting approval.`)
    const c = await this.cases.get(caseId)
    if (!c || c.status === 'closed' || c.status === 'duplicate')
      throw new ReplyRefused(409, 'CASE_FINAL', 'The case is closed; the reply cannot be sent.')
    await this.queue(reply, 'awaiting_approval', { by: actor })
    this.emit('reply.updated', reply.id, { caseId })
    this.emit('case.updated', caseId)
    return (await this.settings.getReply(reply.id)) as CaseReply
  }

  /** Rejects a reply awaiting approval, with a reason. */
  async rejectReply(
    caseId: string,
    replyId: string,
    reason: string,
    actor: string,
  ): Promise<CaseReply> {
    const reply = await this.settings.getReply(replyId)
    if (!reply || reply.caseId !== caseId)
      throw new ReplyRefused(404, 'NOT_FOUND', 'No reply has that id on this case.')
    if (reply.status !== 'awaiting_approval')
      throw new ReplyRefused(409, 'REPLY_NOT_AWAITING', `This reply is not awaiting approval.`)
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
    return (await this.settings.getReply(replyId)) as CaseReply
  }

  // --- outbox ---

  /** The processor with senders for the current reply accounts (rebuilt when they change). */
  private async outboxProcessor(): Promise<ReplyOutboxProcessor> {
    const stamp = await this.settings.replyAccountsStamp()
    if (this.processor && stamp === this.senderStamp) return this.processor
    const byPlatform = new Map<ReplyPlatform, Map<string, ReplySender>>()
    for (const a of await this.settings.replyAccountsWithCredentials()) {
      if (!a.enabled) continue
      const s = createReplySenders(senderSettings(a, this.o.senderFetch))[a.platform]
      if (!s) continue
      let m = byPlatform.get(a.platform)
      if (!m) byPlatform.set(a.platform, (m = new Map()))
      m.set(a.account, s)
    }
    const senders: Partial<Record<ReplyPlatform, ReplySender>> = {}
    for (const [p, m] of byPlatform) senders[p] = accountRouter(p, m)
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
    return this.config.open311.endpoints.map((e) => ({ name: e.name }))
  }

  /** The Open311 links of a case: where it was sent and what polling last found. */
  async open311Of(caseId: string) {
    return (await this.cases.open311LinksOf(caseId)).map((l) => ({
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
  private open311Sync(): Open311Sync {
    if (this.sync) return this.sync
    const env = this.o.env ?? process.env
    const gateways: Record<string, Open311Gateway> = {}
    for (const e of this.config.open311.endpoints) {
      const apiKey = e.apiKeyEnv ? env[e.apiKeyEnv] : undefined
      gateways[e.name] = new Open311Client({
        baseUrl: e.baseUrl,
        format: e.format,
        ...(apiKey ? { apiKey } : {}),
        ...(e.jurisdictionId ? { jurisdictionId: e.jurisdictionId } : {}),
        ...(this.o.senderFetch ? { fetch: this.o.senderFetch } : {}),
      })
    }
    this.sync = new Open311Sync({
      service: { act: (id, cmd, actor) => this.act(id, cmd, actor) },
      cases: this.cases,
      links: this.cases,
      gateways,
      clock: { now: this.now },
      describe: (c, endpoint) => this.describeForOpen311(c, endpoint),
    })
    return this.sync
  }

  /** What a case becomes on the other system: its first post's words and place, and our reference. */
  private async describeForOpen311(c: Case, endpoint: string) {
    const e = this.config.open311.endpoints.find((x) => x.name === endpoint)
    const serviceCode = e ? open311ServiceCode(e, c.serviceCode) : null
    if (!serviceCode) throw new Error(`${endpoint} has no service code for this case.`)
    const ids = [...(c.source.kind === 'post' ? [c.source.id] : []), ...c.posts]
      .map(Number)
      .filter((n) => Number.isInteger(n))
    const rows = ids.length
      ? await this.o.db
          .selectFrom('posts')
          .select(['id', 'display_text', 'lat', 'lon', 'place_name'])
          .where('id', 'in', ids)
          .execute()
      : []
    const first = ids.map((id) => rows.find((r) => r.id === id)).find((r) => r !== undefined)
    const located = ids
      .map((id) => rows.find((r) => r.id === id))
      .find((r) => r && r.lat !== null && r.lon !== null)
    const words = (first?.display_text ?? c.title).replace(/\s+/g, ' ').trim().slice(0, 3500)
    return {
      serviceCode,
      description: `${words}\n\n(Civic Pulse case ${c.ref}: ${c.title})`,
      lat: located?.lat ?? null,
      long: located?.lon ?? null,
      // Servers need a location: the post's place, else the case's area (ward), named.
      address:
        located?.place_name ??
        first?.place_name ??
        (c.area ? `${this.areaName(c.area)} ward` : null),
    }
  }

  /**
   * Sends a case to an external Open311 endpoint as a service request and records the link; a case
   * already sent there answers the existing link (`created: false`).
   */
  async pushOpen311(caseId: string, endpoint: string, actor: string) {
    const e = this.config.open311.endpoints.find((x) => x.name === endpoint)
    if (!e)
      throw new ReplyRefused(
        400,
        'OPEN311_ENDPOINT_UNKNOWN',
        `No Open311 endpoint is called "${endpoint}".`,
      )
    const c = await this.cases.get(caseId)
    if (!c) throw new ReplyRefused(404, 'NOT_FOUND', 'No case has that id.')
    const existing = (await this.open311Of(caseId)).find((l) => l.endpoint === endpoint)
    if (existing) return { link: existing, created: false }
    if (e.apiKeyEnv && !(this.o.env ?? process.env)[e.apiKeyEnv])
      throw new ReplyRefused(
        503,
        'OPEN311_KEY_MISSING',
        `The api key for ${endpoint} is not set: an administrator must set ${e.apiKeyEnv}.`,
      )
    const code = open311ServiceCode(e, c.serviceCode)
    if (!code)
      throw new ReplyRefused(
        409,
        'OPEN311_NO_SERVICE',
        c.serviceCode
          ? `${endpoint} has no service for ${c.serviceCode}; add it to serviceCodes in the Respond configuration.`
          : `This case has no service, and ${endpoint} has no defaultServiceCode, so it cannot be sent.`,
      )
    const sync = this.open311Sync()
    let created: boolean
    try {
      created = (await sync.pushOnce(caseId, endpoint, actor)).created
    } catch (err: unknown) {
      if (err instanceof ReplyRefused) throw err
      const why = err instanceof Open311ClientError ? err.message : 'it could not be reached'
      throw new ReplyRefused(
        502,
        'OPEN311_UPSTREAM',
        `${endpoint} did not take the request: ${why}`,
      )
    }
    const link = (await this.open311Of(caseId)).find((l) => l.endpoint === endpoint)
    return { link: link as NonNullable<typeof link>, created }
  }

  /** Polls the open links once (tokens resolved, statuses written into the cases). */
  async pollOpen311(): Promise<Open311PollResult> {
    if (!this.config.open311.endpoints.length)
      return { polled: 0, changed: 0, resolved: 0, failed: 0 }
    const sync = this.open311Sync()
    await sync.pollAll(500)
    return sync.lastPoll
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
    const figures = (cs: Case[]): SlaFigures => {
      let frN = 0
      let frMet = 0
      let resN = 0
      let resMet = 0
      let open = 0
      const frMs: number[] = []
      const resMs: number[] = []
      for (const c of cs) {
        const s = this.sla(c, now)
        if (c.firstResponseAt !== null) {
          frN++
          if (!s.firstResponse.breached) frMet++
          frMs.push(s.firstResponse.elapsedMs)
        }
        if (c.resolvedAt !== null) {
          resN++
          if (!s.resolution.breached) resMet++
          resMs.push(s.resolution.elapsedMs)
        }
        if (
          (OPEN_CASE_STATUSES as readonly string[]).includes(c.status) &&
          (s.firstResponse.breached || s.resolution.breached)
        )
          open++
      }
      const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : null)
      return {
        cases: cs.length,
        firstResponse: { compliancePct: pct(frMet, frN), medianMs: median(frMs) },
        resolution: { compliancePct: pct(resMet, resN), medianMs: median(resMs) },
        openBreaches: open,
      }
    }
    const byTeam = new Map<string, Case[]>()
    for (const c of all) {
      const k = c.team ?? ''
      const list = byTeam.get(k) ?? []
      list.push(c)
      byTeam.set(k, list)
    }
    return {
      teams: [...byTeam.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([t, cs]) => ({ team: t, ...figures(cs) })),
      overall: figures(all),
    }
  }
}
