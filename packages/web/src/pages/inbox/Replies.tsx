/**
 * A case's replies with their state: drafts, replies awaiting a second person's approval (approve
 * or reject, never by their author), queued, sent (with a link to the reply on the platform) and
 * failed (with the platform's own message).
 */
import { useState } from 'react'
import { fmtDateTime, t, tx } from '../../i18n.js'
import type { ReplyRow } from './model.js'

/** The reply list. `mine(who)` tells whether a person is the signed-in user. */
export function Replies({
  replies,
  canApprove,
  mine,
  nameOf,
  busy,
  approve,
  reject,
}: {
  replies: ReplyRow[]
  canApprove: boolean
  mine: (who: string) => boolean
  nameOf: (who: string) => string
  busy: boolean
  approve: (r: ReplyRow) => void
  reject: (r: ReplyRow, reason: string) => void
}) {
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  if (replies.length === 0) return <p className="muted">{t('replies.none')}</p>
  return (
    <ul className="replies" data-testid="replies">
      {replies.map((r) => (
        <li key={r.id} data-status={r.status}>
          <p className="post-text">{r.text}</p>
          <p className="meta">
            <span className={`badge rs-${r.status}`} data-testid="reply-status">
              {tx('replyStatus', r.status)}
            </span>{' '}
            {t('replies.by', {
              who: nameOf(r.createdBy),
              at: fmtDateTime(r.createdAt),
              platform: tx('platform', r.platform),
            })}
            {r.approvedBy && <> · {t('replies.approvedBy', { who: nameOf(r.approvedBy) })}</>}
            {r.rejectedBy && <> · {t('replies.rejectedBy', { who: nameOf(r.rejectedBy) })}</>}
            {r.remoteUrl && (
              <>
                {' '}
                ·{' '}
                <a href={r.remoteUrl} rel="noopener noreferrer nofollow" target="_blank">
                  {t('replies.open', { platform: tx('platform', r.platform) })}
                </a>
              </>
            )}
          </p>
          {r.status === 'rejected' && r.rejectReason && (
            <p>{t('replies.rejectReason', { reason: r.rejectReason })}</p>
          )}
          {r.lastError && (r.status === 'failed' || r.status === 'uncertain') && (
            <p className="error">{t('replies.failed', { message: r.lastError })}</p>
          )}
          {r.status === 'awaiting_approval' &&
            (mine(r.createdBy) ? (
              <p className="muted">{t('replies.waitOther')}</p>
            ) : canApprove ? (
              <div className="buttons">
                <button type="button" disabled={busy} onClick={() => approve(r)}>
                  {t('replies.approve')}
                </button>
                {rejecting === r.id ? (
                  <form
                    className="inline"
                    onSubmit={(e) => {
                      e.preventDefault()
                      reject(r, reason.trim())
                      setRejecting(null)
                      setReason('')
                    }}
                  >
                    <label htmlFor={`reason-${r.id}`}>{t('replies.reason')}</label>
                    <input
                      id={`reason-${r.id}`}
                      value={reason}
                      required
                      onChange={(e) => setReason(e.target.value)}
                    />
                    <button type="submit" className="secondary" disabled={busy || !reason.trim()}>
                      {t('replies.confirmReject')}
                    </button>
                  </form>
                ) : (
                  <button type="button" className="secondary" onClick={() => setRejecting(r.id)}>
                    {t('replies.reject')}
                  </button>
                )}
              </div>
            ) : null)}
        </li>
      ))}
    </ul>
  )
}
