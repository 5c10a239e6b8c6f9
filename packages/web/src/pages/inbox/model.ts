/**
 * The inbox's view of the Respond API: the shapes the case routes answer with, the status moves a
 * person may offer (mirroring the server's state machine, which has the last word), SLA clock text,
 * template filling and per-platform reply lengths. Pure functions, no React.
 */
import { fmtDateTime, fmtNumber, t } from '../../i18n.js'

/** One SLA clock of a case. */
export interface SlaClock {
  dueAt: string | null
  met: boolean
  breached: boolean
  remainingMs: number | null
  /** running, at_risk, paused, overdue, met or breached (stopped late), when the server gives it. */
  phase?: string
}

/** A case as the queue lists it. */
export interface CaseRow {
  id: string
  ref: string
  title: string
  status: CaseStatus
  priority: Priority
  team: string | null
  assignee: string | null
  serviceCode: string | null
  serviceName: string | null
  area: string | null
  areaName: string | null
  intent: string | null
  jumped: boolean
  urgencyFlags: string[]
  createdAt: string
  updatedAt: string
  sla: { firstResponse: SlaClock; resolution: SlaClock; overdue: boolean; paused: boolean }
}

/** A queue tab. */
export type QueueView = 'mine' | 'team' | 'unassigned' | 'overdue'
/** The queue tabs, in order. */
export const VIEWS: readonly QueueView[] = ['mine', 'team', 'unassigned', 'overdue']

/** `GET /api/v1/cases`. */
export interface CaseList {
  items: CaseRow[]
  counts: Record<QueueView, number>
}

/** A post in a case's thread. */
export interface PostInThread {
  id: string
  platform: string
  text: string
  createdAt: string
  url: string | null
  abuse: boolean
  sentiment: string | null
  intent: string | null
  author?: { handle: string | null } | null
}

/** One line of a case's audit trail. */
export interface AuditRow {
  at: string
  actor: string
  action: string
  from: string | null
  to: string | null
}

/** Reply states, from draft to sent. */
export type ReplyStatus =
  | 'draft'
  | 'awaiting_approval'
  | 'rejected'
  | 'pending'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'uncertain'

/** A reply to the citizen. */
export interface ReplyRow {
  id: string
  text: string
  status: ReplyStatus
  platform: string
  createdBy: string
  createdAt: string
  approvedBy: string | null
  rejectedBy?: string | null
  rejectReason?: string | null
  remoteUrl: string | null
  lastError: string | null
}

/** `GET /api/v1/cases/:id`. */
export interface CaseDetailData {
  case: CaseRow & {
    notes: Array<{ author: string; text: string; at: string }>
    posts: PostInThread[]
    audit: AuditRow[]
    replies: ReplyRow[]
    replyTarget: { platform: string; account: string; inReplyTo: string } | null
    /** Other council systems (Open311) the case can be or was sent to. */
    open311?: { endpoints: { name: string }[]; links: Open311Link[] }
  }
}

/** A case sent to another system over Open311, and what polling last found. */
export interface Open311Link {
  endpoint: string
  serviceRequestId: string | null
  token: string | null
  status: string | null
  statusNotes: string | null
  pushedAt: string
  polledAt: string | null
}

/** A reply template. */
export interface Template {
  id: string
  name: string
  body: string
  placeholders: string[]
}

/** A team and its members. */
export interface Team {
  code: string
  name: string
  approvalRequired?: boolean
  members: Array<{ username: string; displayName: string }>
}

/** Case statuses. */
export const STATUSES = [
  'new',
  'triaged',
  'in_progress',
  'awaiting_citizen',
  'resolved',
  'closed',
  'duplicate',
] as const
/** A case status. */
export type CaseStatus = (typeof STATUSES)[number]
/** Priorities, most pressing first. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
/** A priority. */
export type Priority = (typeof PRIORITIES)[number]

/**
 * The status moves offered in the UI (the same table as the core state machine; the server refuses
 * anything else with a 409 and a message, which the UI shows).
 */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['triaged', 'in_progress', 'awaiting_citizen', 'resolved', 'closed'],
  triaged: ['in_progress', 'awaiting_citizen', 'resolved', 'closed'],
  in_progress: ['triaged', 'awaiting_citizen', 'resolved', 'closed'],
  awaiting_citizen: ['in_progress', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: [],
  duplicate: [],
}

/** Statuses a bulk "set status" may ask for (each case's own rules still apply). */
export const BULK_STATUSES: readonly CaseStatus[] = [
  'triaged',
  'in_progress',
  'awaiting_citizen',
  'resolved',
  'closed',
]

/**
 * A duration in words: "70 h", "4 h 10 min", "12 min", "less than a minute". SLA clocks count
 * office time, so no days: 24 hours of a clock are three working days, not one.
 */
export function fmtDuration(ms: number): string {
  const min = Math.floor(Math.abs(ms) / 60_000)
  if (min < 1) return t('sla.lessThanMinute')
  const h = Math.floor(min / 60)
  const m = min % 60
  if (h >= 10) return t('sla.h', { h: fmtNumber(h) })
  if (h > 0) return m > 0 ? t('sla.hm', { h, m }) : t('sla.h', { h })
  return t('sla.m', { m })
}

/** The remaining time on a clock `elapsed` ms after it was read (null when the clock has no due time). */
export function remaining(c: SlaClock, elapsed: number): number | null {
  return c.remainingMs === null ? null : c.remainingMs - elapsed
}

/**
 * True when a clock has stopped late (target missed, no longer running). Uses the server's phase;
 * without it, a breached clock on a case that is not overdue must have stopped.
 */
export function stoppedLate(c: SlaClock, sla: CaseRow['sla']): boolean {
  if (c.phase !== undefined) return c.phase === 'breached'
  return c.breached && !sla.overdue
}

/** The clock that matters now: first response until it stopped, then resolution. */
export function activeClock(sla: CaseRow['sla']): { which: 'first' | 'resolution'; c: SlaClock } {
  return sla.firstResponse.met || stoppedLate(sla.firstResponse, sla)
    ? { which: 'resolution', c: sla.resolution }
    : { which: 'first', c: sla.firstResponse }
}

/** A clock's state in words (never colour alone), and whether it is late. */
export function clockText(
  c: SlaClock,
  sla: CaseRow['sla'],
  elapsed: number,
): { text: string; late: boolean } {
  if (c.met) return { text: t('sla.met'), late: false }
  if (stoppedLate(c, sla)) return { text: t('sla.missed'), late: true }
  const paused = sla.paused
  const left = paused ? c.remainingMs : remaining(c, elapsed)
  if (left === null) return { text: t('sla.noTarget'), late: false }
  if (c.breached || left <= 0)
    return {
      text: t(paused ? 'sla.overduePaused' : 'sla.overdue', { d: fmtDuration(left) }),
      late: true,
    }
  return { text: t(paused ? 'sla.leftPaused' : 'sla.left', { d: fmtDuration(left) }), late: false }
}

/** The values a template's placeholders are filled from. */
export function placeholderValues(
  c: CaseRow,
  teamName: string | undefined,
): Record<string, string> {
  const due = c.sla.resolution.dueAt
  const v: Record<string, string> = { ref: c.ref, title: c.title }
  if (c.serviceName ?? c.serviceCode) v['service'] = (c.serviceName ?? c.serviceCode) as string
  if (c.areaName ?? c.area) v['area'] = (c.areaName ?? c.area) as string
  if (teamName ?? c.team) v['team'] = (teamName ?? c.team) as string
  if (due) v['due'] = fmtDateTime(due)
  return v
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g

/** Fills `{{name}}` placeholders; unknown ones stay as they are so the person sees them. */
export function fillTemplate(body: string, values: Readonly<Record<string, string>>): string {
  return body.replace(PLACEHOLDER, (m, name: string) => values[name] ?? m)
}

/** The placeholders still in a text. */
export function unfilled(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))]
}

/** Reply length limits per platform, and how each counts. */
export const LIMITS: Record<string, { max: number; unit: 'chars' | 'graphemes' }> = {
  mastodon: { max: 500, unit: 'chars' },
  x: { max: 280, unit: 'chars' },
  bluesky: { max: 300, unit: 'graphemes' },
  reddit: { max: 10_000, unit: 'chars' },
}

/** The length of a reply as the platform counts it. */
export function replyLength(text: string, platform: string): number {
  if (LIMITS[platform]?.unit === 'graphemes' && typeof Intl.Segmenter === 'function') {
    let n = 0
    for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n++
    return n
  }
  return [...text].length
}

/** A random UUID (crypto.randomUUID where available; it needs a secure context). */
export function newClientKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** True when a key event comes from a place where a person types (shortcuts stay off there). */
export function isTyping(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null
  if (!el || !(el instanceof HTMLElement)) return false
  if (el.isContentEditable) return true
  if (el instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type)
  return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
}
