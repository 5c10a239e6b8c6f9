/**
 * Ports of Respond: the case store, the reply outbox store and the reply sender. The engine runs
 * commands and the outbox against these; adapters implement them (Kysely repository, platform
 * senders). All times are epoch milliseconds.
 */
import type { PostCaseFacts } from './auto-open.js'
import type { ReplyDraftStatus } from './reply-draft.js'
import type { AuditEntry, Case, CaseSource, CaseStatus, NewCase } from './types.js'

/** Filters for listing cases (the inbox queues). */
export interface CaseFilter {
  status?: CaseStatus[]
  team?: string
  assignee?: string
  unassigned?: boolean
  limit?: number
}

/** Thrown by `CaseStore.update` when the case changed since it was read. */
export class CaseConflictError extends Error {
  override readonly name = 'CaseConflictError'
}

/** Where cases, their notes, linked posts and audit trails are kept. */
export interface CaseStore {
  /** Stores a new case and its audit entries; gives it an id and a reference. */
  create(c: NewCase, audit: readonly AuditEntry[]): Promise<Case>
  get(id: string): Promise<Case | undefined>
  /** The open (not closed, not duplicate) case opened from this source, if any — creation is idempotent. */
  findBySource(source: CaseSource): Promise<Case | undefined>
  /**
   * Saves the next state of a case when its stored version is still `expectedVersion`, appending the
   * audit entries in the same transaction; throws `CaseConflictError` otherwise.
   */
  update(next: Case, expectedVersion: number, audit: readonly AuditEntry[]): Promise<void>
  list(filter: CaseFilter): Promise<Case[]>
  audit(id: string): Promise<AuditEntry[]>
}

/** Platforms Respond can reply on. */
export type ReplyPlatform = 'mastodon' | 'x' | 'reddit' | 'bluesky'

/** Where a reply goes: the platform and the post it answers (thread root for Bluesky). */
export interface ReplyTarget {
  platform: ReplyPlatform
  /** Which configured account/credentials to send with (credentials stay in settings). */
  account: string
  /** Platform id of the post replied to (Mastodon status id, tweet id, Reddit fullname `t1_…`/`t3_…`, Bluesky at:// URI). */
  inReplyTo: string
  /** Bluesky only: content id of the parent record. */
  inReplyToCid?: string
  /** Bluesky only: root of the thread (defaults to the parent). */
  rootUri?: string
  rootCid?: string
}

/** Outbox item states: `sending` is recorded before the platform is called. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain'

/** One reply in the outbox. */
export interface OutboxReply {
  id: string
  /** Unique per reply; sent to platforms that honour one, and used to find a reply already made. */
  idempotencyKey: string
  caseId: string
  target: ReplyTarget
  text: string
  status: OutboxStatus
  attempts: number
  nextAttemptAt: number
  /** When the current `sending` claim started (crash recovery looks at stale claims). */
  claimedAt: number | null
  remoteId: string | null
  remoteUrl: string | null
  lastError: string | null
  createdAt: number
  updatedAt: number
  createdBy: string
}

/** A reply to queue. */
export interface NewOutboxReply {
  idempotencyKey: string
  caseId: string
  target: ReplyTarget
  text: string
  createdBy: string
}

/** The durable outbox. Every method is one atomic write. */
export interface ReplyOutboxStore {
  /** Queues a reply; when its key is already queued, returns the existing item (`created: false`). */
  enqueue(r: NewOutboxReply, now: number): Promise<{ item: OutboxReply; created: boolean }>
  get(id: string): Promise<OutboxReply | undefined>
  /** Pending items due by `now`, and `sending` items claimed before `staleBefore` (a crashed sender). */
  due(now: number, staleBefore: number, limit: number): Promise<OutboxReply[]>
  /**
   * Marks an item `sending` (attempts + 1) if it is still in the state the caller saw; false when
   * another worker took it. This write happens before the platform is called.
   */
  claim(id: string, seen: { status: OutboxStatus; attempts: number }, now: number): Promise<boolean>
  markSent(id: string, remote: { id: string; url: string | null }, now: number): Promise<void>
  markRetry(id: string, error: string, nextAttemptAt: number, now: number): Promise<void>
  markFailed(id: string, status: 'failed' | 'uncertain', error: string, now: number): Promise<void>
  listByCase(caseId: string): Promise<OutboxReply[]>
}

/** What a platform answered for a reply it created (or already had). */
export interface SentReply {
  id: string
  url: string | null
}

/** Why a send failed, classified for the outbox. */
export type SendErrorKind = 'rate_limited' | 'server' | 'client' | 'network' | 'auth' | 'duplicate'

/** A failed send: `retryAt` (epoch ms) when the platform said when to come back. */
export class ReplySendError extends Error {
  override readonly name = 'ReplySendError'
  constructor(
    readonly kind: SendErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAt: number | null = null,
  ) {
    super(message)
  }

  /** 429, 5xx and network failures are retried; 4xx are shown to the responder. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'network'
  }
}

/** Sends replies to one platform. */
export interface ReplySender {
  readonly platform: ReplyPlatform
  /**
   * True when sending twice with the same key cannot create two replies (Mastodon's
   * `Idempotency-Key`, a Bluesky record key derived from it): a crashed send may simply be repeated.
   */
  readonly idempotentByKey: boolean
  send(target: ReplyTarget, text: string, idempotencyKey: string): Promise<SentReply>
  /** Looks on the platform for a reply already made for this key (after a crash); undefined when none. */
  findExisting?:
    | ((
        target: ReplyTarget,
        text: string,
        idempotencyKey: string,
      ) => Promise<SentReply | undefined>)
    | undefined
}

/** A stored post as Respond sees it (to reply to it, or describe a case elsewhere). */
export interface CasePostRow {
  id: number
  platform: string
  platformId: string
  text: string
  lat: number | null
  lon: number | null
  placeName: string | null
}

/** An incident a case can be opened from (by its public id). */
export interface CaseIncident {
  title: string
  serviceCode: string | null
  areas: string[]
  /** Its posts, representative ones first, at most 10. */
  postIds: number[]
}

/** The posts, threads and incidents cases are opened from (read only). */
export interface CaseSourceReader {
  /** The stored post's text and labels as case facts, or undefined when there is no such post. */
  postFacts(postId: number): Promise<PostCaseFacts | undefined>
  /** The incident with this public id, or undefined. */
  incident(publicId: string): Promise<CaseIncident | undefined>
  /** Post ids of a conversation, oldest first, at most 50. */
  threadPostIds(conversationId: string): Promise<number[]>
  /** Stored posts by id (missing ones left out). */
  postsByIds(ids: readonly number[]): Promise<CasePostRow[]>
}

/** A reply written on a case, before and while the outbox sends it (`queued`: the outbox decides). */
export interface ReplyDraft {
  id: string
  caseId: string
  clientKey: string
  templateId: string | null
  target: ReplyTarget
  text: string
  status: ReplyDraftStatus
  createdBy: string
  createdAt: number
  decidedBy: string | null
  decidedAt: number | null
  rejectReason: string | null
  outboxId: string | null
}

/** Settings of one team that Respond's rules read. */
export interface TeamReplySettings {
  team: string
  approvalRequired: boolean
  slaPolicy: string | null
}

/**
 * Where Respond's settings and reply drafts are kept: team settings, templates, reply drafts and
 * their decisions, the reply accounts (as listed), and the log of announced SLA breaches.
 */
export interface RespondSettingsStore {
  ensureTeams(ts: readonly TeamReplySettings[], now: number): Promise<void>
  ensureTemplates(ts: readonly { name: string; body: string }[], now: number): Promise<void>
  /** Seals reply-account credentials stored in clear; returns how many were sealed. */
  sealStoredCredentials(): Promise<number>
  teamSettings(): Promise<TeamReplySettings[]>
  teamSetting(team: string): Promise<TeamReplySettings | undefined>
  getTemplate(id: string): Promise<unknown>
  /** Records a reply; the same case and client key again returns the first (`created: false`). */
  addReply(
    r: Pick<
      ReplyDraft,
      'caseId' | 'clientKey' | 'templateId' | 'target' | 'text' | 'status' | 'createdBy'
    >,
    now: number,
  ): Promise<{ reply: ReplyDraft; created: boolean }>
  getReply(id: string): Promise<ReplyDraft | undefined>
  /** Moves a reply from `from` to `to` if it is still in `from`; false when someone decided first. */
  decideReply(
    id: string,
    from: ReplyDraftStatus,
    to: ReplyDraftStatus,
    d: { by?: string; reason?: string; outboxId?: string },
    now: number,
  ): Promise<boolean>
  listReplyAccounts(): Promise<{ platform: ReplyPlatform; account: string; enabled: boolean }[]>
  /** A stamp that changes whenever the reply accounts change (to rebuild the senders). */
  replyAccountsStamp(): Promise<string>
  hasBreach(caseId: string, clock: string): Promise<boolean>
  /** Records an announced breach; false when it was already recorded. */
  recordBreach(caseId: string, clock: string, now: number): Promise<boolean>
}
