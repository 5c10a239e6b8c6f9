/**
 * The types of Respond's runtime: its events, refusals, configuration, case store and options.
 */
import type {
  AutoOpenRule,
  Case,
  CaseSourceReader,
  CaseStore,
  Priority,
  ReplyOutboxStore,
  ReplyPlatform,
  ReplyRefusal,
  ReplySender,
  RespondSettingsStore,
  RoutingDecision,
  RoutingDefaults,
  SlaPolicy,
  SlaState,
} from '@civicpulse/core'
import type { Open311Gateway, Open311LinkRow, Open311LinkStore } from './open311-sync.js'

/** A Respond event for the live stream. */
export interface RespondEvent {
  type: 'case.created' | 'case.updated' | 'case.sla_breached' | 'reply.updated'
  data: { id: string; [k: string]: unknown }
}

/** Why a command cannot be done as asked; `status` uses HTTP's numbers so callers map it as is. */
export class ReplyRefused extends Error {
  override readonly name = 'ReplyRefused'
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 502 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }

  /** The refusal of a core reply rule. */
  static from(r: ReplyRefusal): ReplyRefused {
    const status = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const
    return new ReplyRefused(status[r.kind], r.code, r.message)
  }
}

/** What the runtime reads of Respond's configuration. */
export interface RespondRuntimeConfig {
  teams: readonly { code: string; name: string; policy: string; approvalRequired: boolean }[]
  policies: Readonly<Record<string, SlaPolicy>>
  defaultPolicy: string
  rules: readonly AutoOpenRule[]
  defaults: RoutingDefaults
  incidents: { priority?: Priority | undefined }
  templates: readonly { name: string; body: string }[]
  open311: { endpoints: readonly { name: string }[] }
}

/** The case store Respond runs on: cases, their outbox, and their Open311 links. */
export interface RespondCaseStore extends CaseStore, Open311LinkStore {
  readonly outbox: ReplyOutboxStore
  open311LinksOf(
    caseId: string,
  ): Promise<(Open311LinkRow & { pushed_at: number; polled_at: number | null })[]>
}

/** The ports and options of the runtime. */
export interface RespondRuntimeOptions<
  C extends RespondRuntimeConfig,
  S extends RespondSettingsStore,
  K extends RespondCaseStore,
> {
  cases: K
  settings: S
  /** The posts, threads and incidents cases are opened from. */
  sources: CaseSourceReader
  config: C
  now: () => number
  /** The senders of the enabled reply accounts (called again when the accounts' stamp changes). */
  senders: () => Promise<Partial<Record<ReplyPlatform, ReplySender>>>
  /** External Open311 systems: gateways per endpoint name, and the endpoint rules. */
  open311?: {
    gateways: () => Readonly<Record<string, Open311Gateway>>
    /** The endpoint's service code for a case's service; null when it maps none. */
    serviceCode: (e: C['open311']['endpoints'][number], serviceCode: string | null) => string | null
    /** The name of the endpoint's api key setting when it is required and unset; else null. */
    missingKey: (e: C['open311']['endpoints'][number]) => string | null
    /** A plain-English reason from a gateway error; undefined for an unknown failure. */
    errorMessage: (err: unknown) => string | undefined
  }
  /** Routing asked to notify (urgent safety flags, rules with `notify`). */
  notify?: (c: Case, decision: RoutingDecision) => Promise<void>
  /**
   * An SLA clock of a case was breached: called until it resolves once per case and clock (so it
   * must be idempotent, e.g. a durable outbox keyed by case and clock); a rejection retries later.
   */
  onBreach?: (c: Case, clock: 'first_response' | 'resolution', sla: SlaState) => Promise<void>
  /** Options for the outbox processor (tests shorten the delays). */
  outbox?: { baseDelayMs?: number; staleAfterMs?: number; maxAttempts?: number }
}
