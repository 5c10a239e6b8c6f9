/**
 * The SLA card on the overview: first-response compliance, median first-response time and open
 * breaches over the report's period (from `GET /api/v1/sla/report`). Hidden for roles that may not
 * read the report.
 */
import { useApi } from '../../hooks.js'
import { fmtNumber, t } from '../../i18n.js'
import { Link } from '../../router.js'
import { fmtDuration } from './model.js'

interface Figures {
  cases: number
  firstResponse: { compliancePct: number | null; medianMs: number | null }
  resolution: { compliancePct: number | null; medianMs: number | null }
  openBreaches: number
}

/** Formats a 0–100 percentage. */
const pct = (p: number | null | undefined) =>
  p === null || p === undefined ? '–' : `${fmtNumber(Math.round(p))} %`

/** The overview's SLA card. */
export function SlaCard() {
  const { data, error } = useApi<{ from: string; to: string; overall: Figures }>(
    '/api/v1/sla/report',
  )
  if (error && 'status' in error && (error.status === 403 || error.status === 404)) return null
  const o = data?.overall
  return (
    <section className="card" aria-labelledby="sla-card-title" data-testid="sla-card">
      <h2 id="sla-card-title">{t('slaCard.title')}</h2>
      {error && <p className="error">{t('common.error', { message: error.message })}</p>}
      {!o && !error && <p className="muted">{t('common.loading')}</p>}
      {o && (
        <dl className="facts">
          <dt>{t('slaCard.compliance')}</dt>
          <dd data-testid="sla-compliance">{pct(o.firstResponse.compliancePct)}</dd>
          <dt>{t('slaCard.median')}</dt>
          <dd>{o.firstResponse.medianMs === null ? '–' : fmtDuration(o.firstResponse.medianMs)}</dd>
          <dt>{t('slaCard.resolution')}</dt>
          <dd>{pct(o.resolution.compliancePct)}</dd>
          <dt>{t('slaCard.breaches')}</dt>
          <dd>
            <Link to="/inbox?view=overdue">
              {t('slaCard.breachesLink', { n: fmtNumber(o.openBreaches) })}
            </Link>
          </dd>
        </dl>
      )}
      {o && <p className="muted">{t('slaCard.cases', { n: fmtNumber(o.cases) })}</p>}
    </section>
  )
}
