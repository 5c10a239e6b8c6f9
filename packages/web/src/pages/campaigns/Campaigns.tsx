/**
 * Campaigns: the government-started conversations with their posts, participants (a count) and
 * top themes, and — for analysts and admins — the "New campaign" form.
 */
import { useState } from 'react'
import type { Me } from '../../api.js'
import { useApi } from '../../hooks.js'
import { fmtDateTime, fmtNumber, t } from '../../i18n.js'
import { Link, navigate } from '../../router.js'
import { Status } from '../../components/Status.js'
import { NewCampaignForm } from './NewCampaignForm.js'
import type { CampaignSummary } from './types.js'

/** The campaigns page. */
export default function Campaigns({ me }: { me: Me }) {
  const { data, error, loading, reload } = useApi<{ items: CampaignSummary[] }>('/api/v1/campaigns')
  const [showForm, setShowForm] = useState(false)
  const mayCreate = me.user.role === 'admin' || me.user.role === 'analyst'
  return (
    <>
      <h1>{t('campaigns.title')}</h1>
      <p className="muted">{t('campaigns.intro')}</p>
      {mayCreate && !showForm && (
        <p>
          <button type="button" onClick={() => setShowForm(true)}>
            {t('campaigns.new')}
          </button>
        </p>
      )}
      {mayCreate && showForm && (
        <NewCampaignForm onCreated={(name) => navigate(`/campaigns/${encodeURIComponent(name)}`)} />
      )}
      {!data ? (
        <Status loading={loading} error={error} reload={reload} />
      ) : data.items.length === 0 ? (
        <p>{t('campaigns.empty')}</p>
      ) : (
        <table className="data card" data-testid="campaigns-table">
          <caption>{t('campaigns.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('campaigns.col.name')}</th>
              <th scope="col">{t('campaigns.col.hashtags')}</th>
              <th scope="col">{t('campaigns.col.period')}</th>
              <th scope="col" className="num">
                {t('campaigns.col.posts')}
              </th>
              <th scope="col" className="num">
                {t('campaigns.col.participants')}
              </th>
              <th scope="col">{t('campaigns.col.themes')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <Link to={`/campaigns/${encodeURIComponent(c.name)}`}>{c.title}</Link>
                </th>
                <td>{c.hashtags.map((h) => `#${h}`).join(' ')}</td>
                <td>
                  {c.period.from ? fmtDateTime(c.period.from) : ''} –{' '}
                  {c.period.to ? fmtDateTime(c.period.to) : t('campaigns.ongoing')}
                </td>
                <td className="num">{fmtNumber(c.posts)}</td>
                <td className="num">{fmtNumber(c.participants)}</td>
                <td>
                  {c.themes
                    .slice(0, 3)
                    .map((x) => x.label)
                    .join('; ') || t('common.none')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
