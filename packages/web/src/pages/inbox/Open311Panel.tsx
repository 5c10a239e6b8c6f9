/**
 * "Send to Open311" on the case page: where the case was sent (another council system speaking
 * Open311 GeoReport v2), its request number there (or the token while the other system queues
 * it), the status and notes polled back, and a control to send it to a configured system.
 */
import { useState, type FormEvent } from 'react'
import { api } from '../../api.js'
import { fmtDateTime, t, tx } from '../../i18n.js'
import type { Open311Link } from './model.js'

/** The panel. `done`/`failed` report to the page's status line; `reload` refreshes the case. */
export function Open311Panel({
  caseId,
  endpoints,
  links,
  canAct,
  done,
  failed,
  reload,
}: {
  caseId: string
  endpoints: { name: string }[]
  links: Open311Link[]
  canAct: boolean
  done: (msg: string) => void
  failed: (msg: string) => void
  reload: () => void
}) {
  const unsent = endpoints.filter((e) => !links.some((l) => l.endpoint === e.name))
  const [endpoint, setEndpoint] = useState(unsent[0]?.name ?? '')
  const [busy, setBusy] = useState(false)
  const chosen = unsent.some((e) => e.name === endpoint) ? endpoint : (unsent[0]?.name ?? '')

  const send = async (e: FormEvent) => {
    e.preventDefault()
    if (!chosen) return
    setBusy(true)
    try {
      const r = await api<{ created: boolean }>(
        `/api/v1/cases/${encodeURIComponent(caseId)}/open311`,
        { method: 'POST', body: { endpoint: chosen } },
      )
      done(t(r.created ? 'open311.sent' : 'open311.already', { endpoint: chosen }))
    } catch (err) {
      failed((err as Error).message)
    } finally {
      setBusy(false)
      reload()
    }
  }

  return (
    <>
      {links.length === 0 ? (
        <p className="muted">{t('open311.none')}</p>
      ) : (
        <ul className="open311" data-testid="open311-links">
          {links.map((l) => (
            <li key={l.endpoint}>
              <p>
                <strong>{l.endpoint}</strong>:{' '}
                {l.serviceRequestId
                  ? t('open311.request', { id: l.serviceRequestId })
                  : t('open311.waiting', { endpoint: l.endpoint, token: l.token ?? '' })}
              </p>
              <p className="meta">
                {t('open311.status', {
                  status: l.status ? tx('open311.statusValue', l.status) : t('open311.notYet'),
                })}
                {l.polledAt && <> · {t('open311.checked', { at: fmtDateTime(l.polledAt) })}</>}
              </p>
              {l.statusNotes && <p className="post-text">{l.statusNotes}</p>}
            </li>
          ))}
        </ul>
      )}
      {canAct && unsent.length > 0 && (
        <form onSubmit={(e) => void send(e)} className="open311-send">
          <label htmlFor="o311-endpoint">{t('open311.system')}</label>
          <select
            id="o311-endpoint"
            value={chosen}
            onChange={(e) => setEndpoint(e.target.value)}
            disabled={busy}
          >
            {unsent.map((x) => (
              <option key={x.name} value={x.name}>
                {x.name}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary" disabled={busy || !chosen}>
            {t('open311.send')}
          </button>
        </form>
      )}
      {links.length > 0 && <p className="muted">{t('open311.help')}</p>}
    </>
  )
}
