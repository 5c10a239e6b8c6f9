/**
 * Small case marks shared by the inbox and the case page: the SLA cell (the clock that matters now,
 * in words, marked when late) and the queue-jump and urgency badges.
 */
import { t, tx } from '../../i18n.js'
import { activeClock, clockText, type CaseRow } from './model.js'

/** The SLA cell: the clock that matters now, in words, marked when late. */
export function SlaCell({ c, elapsed }: { c: CaseRow; elapsed: number }) {
  const { which, c: clock } = activeClock(c.sla)
  const { text, late } = clockText(clock, c.sla, elapsed)
  return (
    <span className={late ? 'sla late' : c.sla.paused ? 'sla paused' : 'sla'}>
      <span className="sla-which">
        {t(which === 'first' ? 'sla.firstResponse' : 'sla.resolution')}:
      </span>{' '}
      {late && <span aria-hidden="true">⚠ </span>}
      {text}
    </span>
  )
}

/** Marks for cases that jumped the queue and their urgency flags. */
export function UrgencyMarks({ c }: { c: CaseRow }) {
  if (!c.jumped && c.urgencyFlags.length === 0) return null
  return (
    <span className="marks">
      {c.jumped && <span className="badge jumped">{t('inbox.jumped')}</span>}
      {c.urgencyFlags.map((f) => (
        <span key={f} className="badge flag">
          {tx('flag', f)}
        </span>
      ))}
    </span>
  )
}
