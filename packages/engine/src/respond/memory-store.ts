/**
 * In-memory implementations of the case store and the reply outbox store: for tests, the demo and
 * as the reference behaviour the SQL repository must match.
 */
import {
  CaseConflictError,
  type AuditEntry,
  type Case,
  type CaseFilter,
  type CaseSource,
  type CaseStore,
  type NewCase,
  type NewOutboxReply,
  type OutboxReply,
  type OutboxStatus,
  type ReplyOutboxStore,
  type SentReply,
} from '@civicpulse/core'

const clone = <T>(x: T): T => structuredClone(x)

/** A case store held in memory. */
export class MemoryCaseStore implements CaseStore {
  private readonly cases = new Map<string, Case>()
  private readonly audits = new Map<string, AuditEntry[]>()
  private seq = 0

  create(c: NewCase, audit: readonly AuditEntry[]): Promise<Case> {
    const id = String(++this.seq)
    const full: Case = { ...clone(c), id, ref: `CP-${id}` }
    this.cases.set(id, full)
    this.audits.set(id, clone([...audit]))
    return Promise.resolve(clone(full))
  }

  get(id: string): Promise<Case | undefined> {
    const c = this.cases.get(id)
    return Promise.resolve(c ? clone(c) : undefined)
  }

  findBySource(source: CaseSource): Promise<Case | undefined> {
    for (const c of this.cases.values()) {
      if (
        c.source.kind === source.kind &&
        c.source.id === source.id &&
        c.status !== 'closed' &&
        c.status !== 'duplicate'
      )
        return Promise.resolve(clone(c))
    }
    return Promise.resolve(undefined)
  }

  update(next: Case, expectedVersion: number, audit: readonly AuditEntry[]): Promise<void> {
    const cur = this.cases.get(next.id)
    if (!cur || cur.version !== expectedVersion)
      return Promise.reject(new CaseConflictError(`Case ${next.ref} changed meanwhile.`))
    this.cases.set(next.id, clone(next))
    this.audits.get(next.id)?.push(...clone([...audit]))
    return Promise.resolve()
  }

  list(f: CaseFilter): Promise<Case[]> {
    const out = [...this.cases.values()].filter(
      (c) =>
        (!f.status || f.status.includes(c.status)) &&
        (f.team === undefined || c.team === f.team) &&
        (f.assignee === undefined || c.assignee === f.assignee) &&
        (!f.unassigned || c.assignee === null),
    )
    return Promise.resolve(clone(out.slice(0, f.limit ?? 1000)))
  }

  audit(id: string): Promise<AuditEntry[]> {
    return Promise.resolve(clone(this.audits.get(id) ?? []))
  }
}

/** A reply outbox held in memory. */
export class MemoryReplyOutbox implements ReplyOutboxStore {
  readonly items = new Map<string, OutboxReply>()
  /** The last id given out. */
  protected seq = 0

  enqueue(r: NewOutboxReply, now: number): Promise<{ item: OutboxReply; created: boolean }> {
    for (const it of this.items.values())
      if (it.idempotencyKey === r.idempotencyKey)
        return Promise.resolve({ item: clone(it), created: false })
    const id = String(++this.seq)
    const item: OutboxReply = {
      ...clone(r),
      id,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      claimedAt: null,
      remoteId: null,
      remoteUrl: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    }
    this.items.set(id, item)
    return Promise.resolve({ item: clone(item), created: true })
  }

  get(id: string): Promise<OutboxReply | undefined> {
    const it = this.items.get(id)
    return Promise.resolve(it ? clone(it) : undefined)
  }

  due(now: number, staleBefore: number, limit: number): Promise<OutboxReply[]> {
    const out = [...this.items.values()]
      .filter(
        (i) =>
          (i.status === 'pending' && i.nextAttemptAt <= now) ||
          (i.status === 'sending' && (i.claimedAt ?? 0) <= staleBefore),
      )
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || Number(a.id) - Number(b.id))
    return Promise.resolve(clone(out.slice(0, limit)))
  }

  claim(
    id: string,
    seen: { status: OutboxStatus; attempts: number },
    now: number,
  ): Promise<boolean> {
    const it = this.items.get(id)
    if (!it || it.status !== seen.status || it.attempts !== seen.attempts)
      return Promise.resolve(false)
    Object.assign(it, {
      status: 'sending',
      attempts: it.attempts + 1,
      claimedAt: now,
      updatedAt: now,
    })
    return Promise.resolve(true)
  }

  private patch(id: string, p: Partial<OutboxReply>): Promise<void> {
    const it = this.items.get(id)
    if (it) Object.assign(it, p)
    return Promise.resolve()
  }

  markSent(id: string, remote: SentReply, now: number): Promise<void> {
    return this.patch(id, {
      status: 'sent',
      remoteId: remote.id,
      remoteUrl: remote.url,
      claimedAt: null,
      updatedAt: now,
      lastError: null,
    })
  }

  markRetry(id: string, error: string, nextAttemptAt: number, now: number): Promise<void> {
    return this.patch(id, {
      status: 'pending',
      lastError: error,
      nextAttemptAt,
      claimedAt: null,
      updatedAt: now,
    })
  }

  markFailed(
    id: string,
    status: 'failed' | 'uncertain',
    error: string,
    now: number,
  ): Promise<void> {
    return this.patch(id, { status, lastError: error, claimedAt: null, updatedAt: now })
  }

  listByCase(caseId: string): Promise<OutboxReply[]> {
    return Promise.resolve(clone([...this.items.values()].filter((i) => i.caseId === caseId)))
  }
}
