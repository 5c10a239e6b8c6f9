/**
 * The Kysely repository of Respond: implements the CaseStore and ReplyOutboxStore ports over the
 * `cases`, `case_posts`, `case_notes`, `case_audit` and `reply_outbox` tables (migration 0005),
 * plus the Open311 links of pushed cases, and (read only) the posts, threads and incidents cases
 * are opened from. Each write is one transaction; case updates are
 * optimistic (the stored version must match).
 */
import type { Kysely, Selectable } from 'kysely'
import {
  CaseConflictError,
  postCaseTitle,
  type AuditEntry,
  type CaseIncident,
  type CasePostRow,
  type CaseSourceReader,
  type Intent,
  type Labels,
  type PostCaseFacts,
  type UrgencyFlag,
  type Case,
  type CaseFilter,
  type CaseSource,
  type CaseStore,
  type NewCase,
  type NewOutboxReply,
  type OutboxReply,
  type OutboxStatus,
  type ReplyOutboxStore,
  type ReplyTarget,
  type SentReply,
} from '@civicpulse/core'
import type { CasesTable, Database, ReplyOutboxTable } from '../schema.js'

type CaseRow = Selectable<CasesTable>
type OutboxRow = Selectable<ReplyOutboxTable>

const n = (v: number | bigint | null): number | null => (v === null ? null : Number(v))

function outboxFromRow(r: OutboxRow): OutboxReply {
  return {
    id: String(r.id),
    idempotencyKey: r.idempotency_key,
    caseId: String(r.case_id),
    target: JSON.parse(r.target) as ReplyTarget,
    text: r.text,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    nextAttemptAt: Number(r.next_attempt_at),
    claimedAt: n(r.claimed_at),
    remoteId: r.remote_id,
    remoteUrl: r.remote_url,
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    createdBy: r.created_by,
  }
}

function caseColumns(c: NewCase) {
  return {
    title: c.title,
    source_kind: c.source.kind,
    source_id: c.source.id,
    status: c.status,
    priority: c.priority,
    team: c.team,
    assignee: c.assignee,
    service_code: c.serviceCode,
    area: c.area,
    intent: c.intent,
    urgency_flags: JSON.stringify(c.urgencyFlags),
    jumped: c.jumped ? 1 : 0,
    pauses: JSON.stringify(c.pauses),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    first_response_at: c.firstResponseAt,
    resolved_at: c.resolvedAt,
    closed_at: c.closedAt,
    merged_into: c.mergedInto === null ? null : Number(c.mergedInto),
    version: c.version,
  }
}

/** The SQL case store (and the Open311 links of pushed cases); `outbox` is its reply outbox. */
export class CaseRepository implements CaseStore {
  /** The reply outbox in the same database. */
  readonly outbox: ReplyOutboxRepository

  constructor(private readonly db: Kysely<Database>) {
    this.outbox = new ReplyOutboxRepository(db)
  }

  private async hydrate(db: Kysely<Database>, rows: CaseRow[]): Promise<Case[]> {
    if (!rows.length) return []
    const ids = rows.map((r) => r.id)
    const posts = await db
      .selectFrom('case_posts')
      .selectAll()
      .where('case_id', 'in', ids)
      .orderBy('case_id')
      .orderBy('ord')
      .execute()
    const notes = await db
      .selectFrom('case_notes')
      .selectAll()
      .where('case_id', 'in', ids)
      .orderBy('case_id')
      .orderBy('n')
      .execute()
    return rows.map((r) => ({
      id: String(r.id),
      ref: `CP-${r.id}`,
      title: r.title,
      source: { kind: r.source_kind as CaseSource['kind'], id: r.source_id },
      status: r.status as Case['status'],
      priority: r.priority as Case['priority'],
      team: r.team,
      assignee: r.assignee,
      serviceCode: r.service_code,
      area: r.area,
      intent: r.intent as Case['intent'],
      urgencyFlags: JSON.parse(r.urgency_flags) as Case['urgencyFlags'],
      jumped: r.jumped === 1,
      posts: posts.filter((p) => p.case_id === r.id).map((p) => p.post_id),
      notes: notes
        .filter((x) => x.case_id === r.id)
        .map((x) => ({ n: x.n, author: x.author, text: x.text, at: Number(x.at) })),
      pauses: JSON.parse(r.pauses) as Case['pauses'],
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
      firstResponseAt: n(r.first_response_at),
      resolvedAt: n(r.resolved_at),
      closedAt: n(r.closed_at),
      mergedInto: r.merged_into === null ? null : String(r.merged_into),
      version: r.version,
    }))
  }

  private async appendAudit(
    trx: Kysely<Database>,
    caseId: number,
    audit: readonly AuditEntry[],
  ): Promise<void> {
    if (!audit.length) return
    await trx
      .insertInto('case_audit')
      .values(
        audit.map((a) => ({
          case_id: caseId,
          at: a.at,
          actor: a.actor,
          action: a.action,
          from_value: a.from ?? null,
          to_value: a.to ?? null,
          detail: a.detail ? JSON.stringify(a.detail) : null,
        })),
      )
      .execute()
  }

  async create(c: NewCase, audit: readonly AuditEntry[]): Promise<Case> {
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('cases')
        .values(caseColumns(c))
        .returning('id')
        .executeTakeFirstOrThrow()
      if (c.posts.length)
        await trx
          .insertInto('case_posts')
          .values(c.posts.map((p, i) => ({ case_id: row.id, post_id: p, ord: i })))
          .execute()
      if (c.notes.length)
        await trx
          .insertInto('case_notes')
          .values(
            c.notes.map((x) => ({
              case_id: row.id,
              n: x.n,
              author: x.author,
              text: x.text,
              at: x.at,
            })),
          )
          .execute()
      await this.appendAudit(trx, row.id, audit)
      return row.id
    })
    return (await this.get(String(id))) as Case
  }

  async get(id: string): Promise<Case | undefined> {
    const num = Number(id)
    if (!Number.isInteger(num)) return undefined
    const rows = await this.db.selectFrom('cases').selectAll().where('id', '=', num).execute()
    return (await this.hydrate(this.db, rows))[0]
  }

  async findBySource(source: CaseSource): Promise<Case | undefined> {
    const rows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('source_kind', '=', source.kind)
      .where('source_id', '=', source.id)
      .where('status', 'not in', ['closed', 'duplicate'])
      .orderBy('id', 'desc')
      .limit(1)
      .execute()
    return (await this.hydrate(this.db, rows))[0]
  }

  async update(next: Case, expectedVersion: number, audit: readonly AuditEntry[]): Promise<void> {
    const id = Number(next.id)
    await this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('cases')
        .set(caseColumns(next))
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      if (Number(res.numUpdatedRows) !== 1)
        throw new CaseConflictError(`Case ${next.ref} changed meanwhile; reload it and try again.`)
      await trx.deleteFrom('case_posts').where('case_id', '=', id).execute()
      if (next.posts.length)
        await trx
          .insertInto('case_posts')
          .values(next.posts.map((p, i) => ({ case_id: id, post_id: p, ord: i })))
          .execute()
      const last = await trx
        .selectFrom('case_notes')
        .select((eb) => eb.fn.max('n').as('m'))
        .where('case_id', '=', id)
        .executeTakeFirst()
      const fresh = next.notes.filter((x) => x.n > Number(last?.m ?? 0))
      if (fresh.length)
        await trx
          .insertInto('case_notes')
          .values(
            fresh.map((x) => ({ case_id: id, n: x.n, author: x.author, text: x.text, at: x.at })),
          )
          .execute()
      await this.appendAudit(trx, id, audit)
    })
  }

  async list(f: CaseFilter): Promise<Case[]> {
    let q = this.db.selectFrom('cases').selectAll()
    if (f.status?.length) q = q.where('status', 'in', f.status)
    if (f.team !== undefined) q = q.where('team', '=', f.team)
    if (f.assignee !== undefined) q = q.where('assignee', '=', f.assignee)
    if (f.unassigned) q = q.where('assignee', 'is', null)
    const rows = await q
      .orderBy('id', 'asc')
      .limit(f.limit ?? 1000)
      .execute()
    return this.hydrate(this.db, rows)
  }

  /** Cases linking a post (to show "already a case" on the post). */
  async casesForPost(postId: string): Promise<Case[]> {
    const rows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('id', 'in', (eb) =>
        eb.selectFrom('case_posts').select('case_id').where('post_id', '=', postId),
      )
      .execute()
    return this.hydrate(this.db, rows)
  }

  async audit(id: string): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('case_audit')
      .selectAll()
      .where('case_id', '=', Number(id))
      .orderBy('id')
      .execute()
    return rows.map((r) => {
      const e: AuditEntry = {
        at: Number(r.at),
        actor: r.actor,
        action: r.action,
        from: r.from_value,
        to: r.to_value,
      }
      if (r.detail) e.detail = JSON.parse(r.detail) as Record<string, unknown>
      return e
    })
  }

  // --- Open311 links ---

  /** Records that a case was pushed to an external endpoint (id or token). */
  async linkOpen311(
    caseId: string,
    endpoint: string,
    link: { token?: string | undefined; service_request_id?: string | undefined },
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('case_open311')
      .values({
        case_id: Number(caseId),
        endpoint,
        token: link.token ?? null,
        service_request_id: link.service_request_id ?? null,
        status: null,
        status_notes: null,
        pushed_at: now,
        polled_at: null,
      })
      .onConflict((oc) =>
        oc.columns(['case_id', 'endpoint']).doUpdateSet({
          token: link.token ?? null,
          service_request_id: link.service_request_id ?? null,
          pushed_at: now,
        }),
      )
      .execute()
  }

  /** Stores what a poll found. */
  async recordOpen311Poll(
    caseId: string,
    endpoint: string,
    p: { service_request_id: string | null; status: string | null; status_notes: string | null },
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('case_open311')
      .set((eb) => ({
        service_request_id: p.service_request_id ?? eb.ref('service_request_id'),
        status: p.status,
        status_notes: p.status_notes,
        polled_at: now,
      }))
      .where('case_id', '=', Number(caseId))
      .where('endpoint', '=', endpoint)
      .execute()
  }

  /** The Open311 links of one case, oldest first. */
  async open311LinksOf(caseId: string) {
    return this.db
      .selectFrom('case_open311')
      .selectAll()
      .where('case_id', '=', Number(caseId))
      .orderBy('pushed_at')
      .orderBy('endpoint')
      .execute()
  }

  /** Links still open on external endpoints (to poll). */
  async openOpen311Links(limit = 100) {
    return this.db
      .selectFrom('case_open311')
      .selectAll()
      .where((eb) => eb.or([eb('status', 'is', null), eb('status', '!=', 'closed')]))
      .orderBy('polled_at')
      .limit(limit)
      .execute()
  }
}

/** The SQL reply outbox. */
export class ReplyOutboxRepository implements ReplyOutboxStore {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(r: NewOutboxReply, now: number): Promise<{ item: OutboxReply; created: boolean }> {
    const ins = await this.db
      .insertInto('reply_outbox')
      .values({
        idempotency_key: r.idempotencyKey,
        case_id: Number(r.caseId),
        platform: r.target.platform,
        target: JSON.stringify(r.target),
        text: r.text,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        claimed_at: null,
        remote_id: null,
        remote_url: null,
        last_error: null,
        created_by: r.createdBy,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst()
    const created = Number(ins.numInsertedOrUpdatedRows ?? 0) === 1
    const row = await this.db
      .selectFrom('reply_outbox')
      .selectAll()
      .where('idempotency_key', '=', r.idempotencyKey)
      .executeTakeFirstOrThrow()
    return { item: outboxFromRow(row), created }
  }

  async get(id: string): Promise<OutboxReply | undefined> {
    const row = await this.db
      .selectFrom('reply_outbox')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirst()
    return row ? outboxFromRow(row) : undefined
  }

  async due(now: number, staleBefore: number, limit: number): Promise<OutboxReply[]> {
    const rows = await this.db
      .selectFrom('reply_outbox')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<=', staleBefore)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map(outboxFromRow)
  }

  async claim(
    id: string,
    seen: { status: OutboxStatus; attempts: number },
    now: number,
  ): Promise<boolean> {
    const res = await this.db
      .updateTable('reply_outbox')
      .set((eb) => ({
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        claimed_at: now,
        updated_at: now,
      }))
      .where('id', '=', Number(id))
      .where('status', '=', seen.status)
      .where('attempts', '=', seen.attempts)
      .executeTakeFirst()
    return Number(res.numUpdatedRows) === 1
  }

  async markSent(id: string, remote: SentReply, now: number): Promise<void> {
    await this.db
      .updateTable('reply_outbox')
      .set({
        status: 'sent',
        remote_id: remote.id,
        remote_url: remote.url,
        claimed_at: null,
        last_error: null,
        updated_at: now,
      })
      .where('id', '=', Number(id))
      .execute()
  }

  async markRetry(id: string, error: string, nextAttemptAt: number, now: number): Promise<void> {
    await this.db
      .updateTable('reply_outbox')
      .set({
        status: 'pending',
        last_error: error,
        next_attempt_at: nextAttemptAt,
        claimed_at: null,
        updated_at: now,
      })
      .where('id', '=', Number(id))
      .execute()
  }

  async markFailed(
    id: string,
    status: 'failed' | 'uncertain',
    error: string,
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('reply_outbox')
      .set({ status, last_error: error, claimed_at: null, updated_at: now })
      .where('id', '=', Number(id))
      .execute()
  }

  async listByCase(caseId: string): Promise<OutboxReply[]> {
    const rows = await this.db
      .selectFrom('reply_outbox')
      .selectAll()
      .where('case_id', '=', Number(caseId))
      .orderBy('id')
      .execute()
    return rows.map(outboxFromRow)
  }
}

/** Reads the posts, threads and incidents cases are opened from (the `posts`, `incidents` tables). */
export class CaseSourceRepository implements CaseSourceReader {
  constructor(private readonly db: Kysely<Database>) {}

  async postFacts(postId: number): Promise<PostCaseFacts | undefined> {
    const row = await this.db
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
    return {
      title: postCaseTitle(row.display_text, row.id),
      serviceCode: row.service_code,
      area: row.ward_code,
      intent: (row.intent as Intent | null) ?? null,
      urgency: row.urgency,
      flags,
    }
  }

  async incident(publicId: string): Promise<CaseIncident | undefined> {
    const inc = await this.db
      .selectFrom('incidents')
      .select(['id', 'title', 'service_code', 'areas'])
      .where('public_id', '=', publicId)
      .executeTakeFirst()
    if (!inc) return undefined
    const posts = await this.db
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
    return {
      title: inc.title,
      serviceCode: inc.service_code,
      areas,
      postIds: posts.map((p) => Number(p.post_id)),
    }
  }

  async threadPostIds(conversationId: string): Promise<number[]> {
    const posts = await this.db
      .selectFrom('posts')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .limit(50)
      .execute()
    return posts.map((p) => p.id)
  }

  async postsByIds(ids: readonly number[]): Promise<CasePostRow[]> {
    if (!ids.length) return []
    const rows = await this.db
      .selectFrom('posts')
      .select(['id', 'platform', 'platform_id', 'display_text', 'lat', 'lon', 'place_name'])
      .where('id', 'in', [...ids])
      .execute()
    return rows.map((r) => ({
      id: r.id,
      platform: r.platform,
      platformId: r.platform_id,
      text: r.display_text,
      lat: r.lat,
      lon: r.lon,
      placeName: r.place_name,
    }))
  }
}
