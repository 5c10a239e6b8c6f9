/**
 * The case model of Respond: a citizen's issue taken from a post, a thread or an incident, worked by
 * a team through statuses until resolved and closed, with every change kept as an audit entry.
 */
import type { Intent, UrgencyFlag } from '../labels/labels.js'

/** Case statuses, in the order a case usually goes through them; `duplicate` means merged into another. */
export const CASE_STATUSES = [
  'new',
  'triaged',
  'in_progress',
  'awaiting_citizen',
  'resolved',
  'closed',
  'duplicate',
] as const
/** A case status. */
export type CaseStatus = (typeof CASE_STATUSES)[number]

/** Priorities, most pressing first. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
/** A case priority. */
export type Priority = (typeof PRIORITIES)[number]

/** What a case was opened from. */
export type CaseSourceKind = 'post' | 'thread' | 'incident' | 'manual'

/** The origin of a case: kind and the id of the post, thread (conversation) or incident. */
export interface CaseSource {
  kind: CaseSourceKind
  id: string
}

/** An internal note (never shown to the citizen). */
export interface CaseNote {
  /** 1, 2, 3… within the case. */
  n: number
  author: string
  text: string
  at: number
}

/** A span the case spent awaiting the citizen; its SLA clocks do not run then. */
export interface PauseSpan {
  from: number
  to?: number | undefined
}

/** A case as the domain sees it. `id` and `ref` are given by the store. */
export interface Case {
  id: string
  /** Human reference such as `CP-42`, quoted in replies. */
  ref: string
  title: string
  source: CaseSource
  status: CaseStatus
  priority: Priority
  team: string | null
  assignee: string | null
  serviceCode: string | null
  area: string | null
  intent: Intent | null
  urgencyFlags: UrgencyFlag[]
  /** True when routing let the case jump the queue (urgent safety flags). */
  jumped: boolean
  /** Linked post ids (store ids, as strings). */
  posts: string[]
  notes: CaseNote[]
  pauses: PauseSpan[]
  createdAt: number
  updatedAt: number
  firstResponseAt: number | null
  resolvedAt: number | null
  closedAt: number | null
  mergedInto: string | null
  /** Optimistic-concurrency version: 1 at creation, +1 per change. */
  version: number
}

/** A case before the store has given it an id and reference. */
export type NewCase = Omit<Case, 'id' | 'ref'>

/** One change to a case, as kept in its audit trail. */
export interface AuditEntry {
  at: number
  actor: string
  /** e.g. `case.created`, `status.changed`, `assignee.changed`, `note.added`, `reply.queued`. */
  action: string
  from?: string | null | undefined
  to?: string | null | undefined
  detail?: Record<string, unknown> | undefined
}
