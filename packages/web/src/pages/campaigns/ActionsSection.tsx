/**
 * "You said, we did": the actions staff recorded against the campaign's themes, and a form to add
 * one (admins, analysts and responders).
 */
import { useState, type FormEvent } from 'react'
import { api } from '../../api.js'
import { fmtDateTime, t, tx } from '../../i18n.js'
import type { ActionOut, ThemeOut } from './types.js'

const STATUSES = ['planned', 'in-progress', 'done'] as const

/** The section; `onAdded` reloads the view. */
export function ActionsSection({
  campaign,
  themes,
  actions,
  mayAdd,
  onAdded,
}: {
  campaign: string
  themes: ThemeOut[]
  actions: ActionOut[]
  mayAdd: boolean
  onAdded: () => void
}) {
  const [theme, setTheme] = useState('')
  const [action, setAction] = useState('')
  const [status, setStatus] = useState<string>('planned')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setDone(null)
    if (!theme || !action.trim()) {
      setError(t('campaign.actionMissing'))
      return
    }
    try {
      await api(`/api/v1/campaigns/${encodeURIComponent(campaign)}/actions`, {
        method: 'POST',
        body: { theme, action: action.trim(), status },
      })
      setAction('')
      setDone(t('campaign.actionSaved'))
      onAdded()
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <section className="card wide" aria-labelledby="ysd-title" data-testid="actions">
      <h2 id="ysd-title">{t('campaign.ysd')}</h2>
      {actions.length === 0 ? (
        <p className="muted">{t('campaign.noActions')}</p>
      ) : (
        <table className="data">
          <caption>{t('campaign.ysdCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('campaign.youSaid')}</th>
              <th scope="col">{t('campaign.weDid')}</th>
              <th scope="col">{t('campaign.status')}</th>
              <th scope="col">{t('campaign.recorded')}</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.theme}</th>
                <td>{a.action}</td>
                <td>{tx('actionStatus', a.status)}</td>
                <td>{fmtDateTime(a.recordedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayAdd && (
        <form onSubmit={(e) => void submit(e)} aria-labelledby="ysd-add" className="filters">
          <h3 id="ysd-add" className="wide-row">
            {t('campaign.addAction')}
          </h3>
          {error && (
            <p className="error wide-row" role="alert">
              {error}
            </p>
          )}
          <div className="field">
            <label htmlFor="a-theme">{t('campaign.actionTheme')}</label>
            <select id="a-theme" value={theme} onChange={(e) => setTheme(e.target.value)}>
              <option value="">–</option>
              {themes.map((x) => (
                <option key={x.id} value={x.label}>
                  {x.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field wide">
            <label htmlFor="a-did">{t('campaign.actionText')}</label>
            <input id="a-did" value={action} onChange={(e) => setAction(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="a-status">{t('campaign.status')}</label>
            <select id="a-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tx('actionStatus', s)}
                </option>
              ))}
            </select>
          </div>
          <div className="buttons">
            <button type="submit">{t('campaign.saveAction')}</button>
          </div>
          <p role="status" className="ok wide-row">
            {done}
          </p>
        </form>
      )}
    </section>
  )
}
