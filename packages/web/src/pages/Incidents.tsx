/**
 * Incidents: the list, filtered by status, newest activity first.
 */
import { qs, type IncidentItem } from '../api.js'
import { useApi } from '../hooks.js'
import { fmtDateTime, fmtNumber, t, tx } from '../i18n.js'
import { Link, navigate, useLocation } from '../router.js'
import { Status } from '../components/Status.js'

const FILTERS = { active: 'open,acknowledged', all: '', resolved: 'resolved' } as const

/** The incident list page. */
export default function Incidents() {
  const { query } = useLocation()
  const show = (query.get('show') ?? 'active') as keyof typeof FILTERS
  const status = FILTERS[show] ?? FILTERS.active
  const { data, error, loading, reload } = useApi<{ items: IncidentItem[] }>(
    `/api/v1/incidents${qs({ status, limit: 100 })}`,
  )
  return (
    <>
      <h1>{t('incidents.title')}</h1>
      <div className="toolbar">
        <label htmlFor="show">{t('incidents.filter')}</label>
        <select
          id="show"
          value={show}
          onChange={(e) => navigate(`/incidents${qs({ show: e.target.value })}`, true)}
        >
          <option value="active">{t('incidents.active')}</option>
          <option value="resolved">{t('incidents.resolved')}</option>
          <option value="all">{t('incidents.all')}</option>
        </select>
      </div>
      <Status loading={loading} error={error} reload={reload} />
      {data && data.items.length === 0 && <p>{t('incidents.empty')}</p>}
      {data && data.items.length > 0 && (
        <table className="data" data-testid="incidents-table">
          <thead>
            <tr>
              <th scope="col">{t('incidents.col.title')}</th>
              <th scope="col">{t('incidents.col.severity')}</th>
              <th scope="col">{t('incidents.col.status')}</th>
              <th scope="col">{t('incidents.col.areas')}</th>
              <th scope="col">{t('incidents.col.updated')}</th>
              <th scope="col" className="num">
                {t('incidents.col.observed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>
                </th>
                <td>
                  <span className={`badge sev-${i.severity}`}>{tx('severity', i.severity)}</span>
                </td>
                <td>
                  <span className={`badge st-${i.status}`}>{tx('status', i.status)}</span>
                </td>
                <td>
                  {i.areas.map((a) => a.name).join(', ') ||
                    (i.everywhere ? t('incident.everywhere') : t('common.unknown'))}
                </td>
                <td>{fmtDateTime(i.updatedAt)}</td>
                <td className="num">
                  {fmtNumber(i.observed)} ({fmtNumber(Math.round(i.expected * 10) / 10)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
