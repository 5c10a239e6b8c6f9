/**
 * The rules a reply to a citizen goes through before it is queued for sending: its text must be
 * non-empty with every `{{placeholder}}` filled, the case must still take replies, and a team that
 * requires approval holds it `awaiting_approval` until a second person (not its author) approves
 * it (→ queued) or rejects it. Pure: each rule answers a refusal, or null when the step may go on.
 */
import { unfilledPlaceholders } from './template.js'
import type { CaseStatus } from './types.js'

/** The states of a reply draft. */
export type ReplyDraftStatus = 'draft' | 'awaiting_approval' | 'rejected' | 'queued'

/** Why a reply step is refused (`kind` tells the caller how to map it, e.g. to an HTTP status). */
export interface ReplyRefusal {
  kind: 'invalid' | 'forbidden' | 'not_found' | 'conflict'
  code: string
  message: string
}

/** Whether a case in this status still takes replies. */
export function caseTakesReplies(status: CaseStatus): boolean {
  return status !== 'closed' && status !== 'duplicate'
}

/** Checks a reply's text (already trimmed) before it is stored. */
export function checkReplyText(text: string): ReplyRefusal | null {
  if (!text) return { kind: 'invalid', code: 'REPLY_EMPTY', message: 'A reply cannot be empty.' }
  const left = unfilledPlaceholders(text)
  if (left.length)
    return {
      kind: 'invalid',
      code: 'REPLY_PLACEHOLDERS',
      message: `Fill in ${left.map((p) => `{{${p}}}`).join(', ')} before sending the reply.`,
    }
  return null
}

/** Checks that a case takes a new reply. */
export function checkCaseTakesReply(c: { ref: string; status: CaseStatus }): ReplyRefusal | null {
  return caseTakesReplies(c.status)
    ? null
    : {
        kind: 'conflict',
        code: 'CASE_FINAL',
        message: `Case ${c.ref} is ${c.status}; it takes no replies.`,
      }
}

/** Where a fresh draft goes next: held for approval, or queued at once. */
export function nextDraftStatus(approvalRequired: boolean): 'awaiting_approval' | 'queued' {
  return approvalRequired ? 'awaiting_approval' : 'queued'
}

/** Checks that a reply awaits a decision (approve or reject). */
export function checkAwaiting(reply: { status: ReplyDraftStatus }): ReplyRefusal | null {
  return reply.status === 'awaiting_approval'
    ? null
    : {
        kind: 'conflict',
        code: 'REPLY_NOT_AWAITING',
        message: 'This reply is not awaiting approval.',
      }
}

/**
 * Checks an approval: a second person (not the reply's author) approves a reply awaiting approval,
 * on a case that still takes replies (`caseStatus` undefined when the case is gone).
 */
export function checkApproval(
  reply: { status: ReplyDraftStatus; createdBy: string },
  approver: string,
  caseStatus: CaseStatus | undefined,
): ReplyRefusal | null {
  if (reply.createdBy === approver)
    return {
      kind: 'forbidden',
      code: 'FORBIDDEN',
      message: 'A reply must be approved by someone other than its author.',
    }
  const waiting = checkAwaiting(reply)
  if (waiting) return waiting
  if (caseStatus === undefined || !caseTakesReplies(caseStatus))
    return {
      kind: 'conflict',
      code: 'CASE_FINAL',
      message: 'The case is closed; the reply cannot be sent.',
    }
  return null
}
