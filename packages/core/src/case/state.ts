/**
 * The case state machine: which status may follow which, and the pure `applyCaseCommand` that turns
 * a command into the next case and the audit entries describing every field it changed. Invalid
 * commands throw `CaseError` with a stable code; nothing is changed then.
 */
import type { UrgencyFlag } from '../labels/labels.js'
import type { AuditEntry, Case, CaseSource, CaseStatus, NewCase, Priority } from './types.js'
import { PRIORITIES } from './types.js'

/** Allowed status changes. `resolved → in_progress` reopens; `closed` and `duplicate` are final. */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['triaged', 'in_progress', 'awaiting_citizen', 'resolved', 'closed', 'duplicate'],
  triaged: ['in_progress', 'awaiting_citizen', 'resolved', 'closed', 'duplicate'],
  in_progress: ['triaged', 'awaiting_citizen', 'resolved', 'closed', 'duplicate'],
  awaiting_citizen: ['in_progress', 'resolved', 'closed', 'duplicate'],
  resolved: ['in_progress', 'closed'],
  closed: [],
  duplicate: [],
}

/** True when a case may move from one status to another. */
export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/** Why a command was refused. */
export type CaseErrorCode = 'invalid_transition' | 'case_final' | 'invalid_command' | 'self_merge'

/** A refused case command, with a stable code and a plain-English message. */
export class CaseError extends Error {
  override readonly name = 'CaseError'
  constructor(
    readonly code: CaseErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** A change a person (or routing, or the outbox) asks of a case. */
export type CaseCommand =
  | { type: 'triage'; priority?: Priority; team?: string | null }
  | { type: 'setStatus'; status: Exclude<CaseStatus, 'duplicate'>; reason?: string }
  | { type: 'assign'; assignee: string | null; team?: string | null }
  | { type: 'setPriority'; priority: Priority }
  | { type: 'addNote'; text: string }
  | { type: 'linkPost'; postId: string }
  | { type: 'unlinkPost'; postId: string }
  | { type: 'markDuplicate'; of: string }
  | { type: 'recordResponse'; platform: string; remoteId: string }
  | { type: 'setTitle'; title: string }

/** The outcome of a command: the next case (version +1) and what changed. */
export interface CaseChange {
  next: Case
  audit: AuditEntry[]
}

/** Everything needed to open a case; routing has already chosen team and priority. */
export interface OpenCaseInput {
  title: string
  source: CaseSource
  priority: Priority
  team: string | null
  assignee?: string | null
  serviceCode?: string | null
  area?: string | null
  intent?: NewCase['intent']
  urgencyFlags?: UrgencyFlag[]
  jumped?: boolean
  posts?: string[]
  /** Why routing chose what it chose (kept in the audit entry). */
  routing?: Record<string, unknown>
}

/** Builds a new case (status `new`) and its creation audit entry. */
export function openCase(
  input: OpenCaseInput,
  actor: string,
  at: number,
): { case: NewCase; audit: AuditEntry[] } {
  const title = input.title.trim()
  if (!title) throw new CaseError('invalid_command', 'A case needs a title.')
  const c: NewCase = {
    title,
    source: input.source,
    status: 'new',
    priority: input.priority,
    team: input.team,
    assignee: input.assignee ?? null,
    serviceCode: input.serviceCode ?? null,
    area: input.area ?? null,
    intent: input.intent ?? null,
    urgencyFlags: [...(input.urgencyFlags ?? [])],
    jumped: input.jumped ?? false,
    posts: [...new Set(input.posts ?? (input.source.kind === 'post' ? [input.source.id] : []))],
    notes: [],
    pauses: [],
    createdAt: at,
    updatedAt: at,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    mergedInto: null,
    version: 1,
  }
  const detail: Record<string, unknown> = {
    source: input.source,
    priority: c.priority,
    team: c.team,
  }
  if (input.routing) detail['routing'] = input.routing
  return { case: c, audit: [{ at, actor, action: 'case.created', to: 'new', detail }] }
}

function isFinal(s: CaseStatus): boolean {
  return s === 'closed' || s === 'duplicate'
}

/** Moves the status, keeping pause spans and resolution/closure times consistent. */
function moveStatus(
  c: Case,
  to: CaseStatus,
  actor: string,
  at: number,
  audit: AuditEntry[],
  detail?: Record<string, unknown>,
): Case {
  if (c.status === to) return c
  if (!canTransition(c.status, to)) {
    throw new CaseError(
      'invalid_transition',
      `A case that is ${c.status.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`,
    )
  }
  let pauses = c.pauses
  if (to === 'awaiting_citizen') pauses = [...pauses, { from: at }]
  if (c.status === 'awaiting_citizen')
    pauses = pauses.map((p) => (p.to === undefined ? { from: p.from, to: at } : p))
  let resolvedAt = c.resolvedAt
  let closedAt = c.closedAt
  if (to === 'resolved') resolvedAt = at
  if (c.status === 'resolved' && to === 'in_progress') resolvedAt = null
  // Closing an unresolved case stops its resolution clock too.
  if (to === 'closed' || to === 'duplicate') {
    closedAt = at
    if (resolvedAt === null) resolvedAt = at
  }
  audit.push({
    at,
    actor,
    action: 'status.changed',
    from: c.status,
    to,
    ...(detail ? { detail } : {}),
  })
  return { ...c, status: to, pauses, resolvedAt, closedAt }
}

/** Applies a command to a case; throws `CaseError` when the command is not allowed. */
export function applyCaseCommand(c: Case, cmd: CaseCommand, actor: string, at: number): CaseChange {
  const audit: AuditEntry[] = []
  let n: Case = c
  const finalOk = cmd.type === 'addNote'
  if (isFinal(c.status) && !finalOk)
    throw new CaseError('case_final', `Case ${c.ref} is ${c.status} and can no longer change.`)
  switch (cmd.type) {
    case 'triage': {
      if (cmd.priority && cmd.priority !== n.priority) {
        audit.push({ at, actor, action: 'priority.changed', from: n.priority, to: cmd.priority })
        n = { ...n, priority: cmd.priority }
      }
      if (cmd.team !== undefined && cmd.team !== n.team) {
        audit.push({ at, actor, action: 'team.changed', from: n.team, to: cmd.team })
        n = { ...n, team: cmd.team }
      }
      if (n.status === 'new') n = moveStatus(n, 'triaged', actor, at, audit)
      break
    }
    case 'setStatus':
      n = moveStatus(
        n,
        cmd.status,
        actor,
        at,
        audit,
        cmd.reason ? { reason: cmd.reason } : undefined,
      )
      break
    case 'assign': {
      if (cmd.team !== undefined && cmd.team !== n.team) {
        audit.push({ at, actor, action: 'team.changed', from: n.team, to: cmd.team })
        n = { ...n, team: cmd.team }
      }
      if (cmd.assignee !== n.assignee) {
        audit.push({ at, actor, action: 'assignee.changed', from: n.assignee, to: cmd.assignee })
        n = { ...n, assignee: cmd.assignee }
      }
      break
    }
    case 'setPriority':
      if (!PRIORITIES.includes(cmd.priority))
        throw new CaseError('invalid_command', `Unknown priority: ${String(cmd.priority)}.`)
      if (cmd.priority !== n.priority) {
        audit.push({ at, actor, action: 'priority.changed', from: n.priority, to: cmd.priority })
        n = { ...n, priority: cmd.priority }
      }
      break
    case 'addNote': {
      const text = cmd.text.trim()
      if (!text) throw new CaseError('invalid_command', 'A note cannot be empty.')
      const note = { n: n.notes.length + 1, author: actor, text, at }
      audit.push({ at, actor, action: 'note.added', to: String(note.n) })
      n = { ...n, notes: [...n.notes, note] }
      break
    }
    case 'linkPost':
      if (!n.posts.includes(cmd.postId)) {
        audit.push({ at, actor, action: 'post.linked', to: cmd.postId })
        n = { ...n, posts: [...n.posts, cmd.postId] }
      }
      break
    case 'unlinkPost':
      if (n.posts.includes(cmd.postId)) {
        audit.push({ at, actor, action: 'post.unlinked', from: cmd.postId })
        n = { ...n, posts: n.posts.filter((p) => p !== cmd.postId) }
      }
      break
    case 'markDuplicate':
      if (cmd.of === n.id)
        throw new CaseError('self_merge', 'A case cannot be a duplicate of itself.')
      n = moveStatus(n, 'duplicate', actor, at, audit, { of: cmd.of })
      n = { ...n, mergedInto: cmd.of }
      break
    case 'recordResponse':
      if (n.firstResponseAt === null) {
        audit.push({
          at,
          actor,
          action: 'first_response',
          to: cmd.remoteId,
          detail: { platform: cmd.platform },
        })
        n = { ...n, firstResponseAt: at }
      } else {
        audit.push({
          at,
          actor,
          action: 'reply.sent',
          to: cmd.remoteId,
          detail: { platform: cmd.platform },
        })
      }
      // A first reply takes a new case into progress.
      if (n.status === 'new' || n.status === 'triaged')
        n = moveStatus(n, 'in_progress', actor, at, audit)
      break
    case 'setTitle': {
      const title = cmd.title.trim()
      if (!title) throw new CaseError('invalid_command', 'A case needs a title.')
      if (title !== n.title) {
        audit.push({ at, actor, action: 'title.changed', from: n.title, to: title })
        n = { ...n, title }
      }
      break
    }
  }
  if (n === c && audit.length === 0) return { next: c, audit: [] }
  return { next: { ...n, updatedAt: at, version: c.version + 1 }, audit }
}

/**
 * Queue order: cases that jumped the queue first, then by priority, then the earliest SLA due time,
 * then the oldest. `dueAt` is optional per case (paused or unknown clocks sort after known ones).
 */
export function compareQueue(
  a: Pick<Case, 'jumped' | 'priority' | 'createdAt' | 'id'> & { dueAt?: number | undefined },
  b: typeof a,
): number {
  if (a.jumped !== b.jumped) return a.jumped ? -1 : 1
  const pa = PRIORITIES.indexOf(a.priority)
  const pb = PRIORITIES.indexOf(b.priority)
  if (pa !== pb) return pa - pb
  const da = a.dueAt ?? Number.POSITIVE_INFINITY
  const db = b.dueAt ?? Number.POSITIVE_INFINITY
  if (da !== db) return da < db ? -1 : 1
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
