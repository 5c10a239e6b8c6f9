/**
 * The inbox: queue tabs (mine, my team, unassigned, overdue) with counts, the cases of the chosen
 * queue in queue order with their SLA clocks, bulk actions on the selected rows, and keyboard
 * shortcuts (j/k move, x select, Enter open, a assign to me, r reply, ? help). Refreshes live.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { api, qs, type Me } from '../../api.js'
import { useApi } from '../../hooks.js'
import { fmtNumber, t, tx } from '../../i18n.js'
import { Link, navigate, useLocation } from '../../router.js'
import { Status } from '../../components/Status.js'
import {
  BULK_STATUSES,
  isTyping,
  PRIORITIES,
  VIEWS,
  type CaseList,
  type CaseRow,
  type QueueView,
} from './model.js'
import { ShortcutHelp } from './ShortcutHelp.js'
import { SlaCell, UrgencyMarks } from './marks.js'
import { meKey } from './me.js'
import { useCaseEvents, useElapsed } from './useCaseEvents.js'
import { useTeams } from './useTeams.js'
import './inbox.css'

type Command =
  | { type: 'assign'; assignee: string | null }
  | { type: 'setStatus'; status: string }
  | { type: 'setPriority'; priority: string }

interface BulkResult {
  results: Array<{ id: string; ok: boolean; error?: string }>
}

/** The inbox page. */
export default function Inbox({ me }: { me: Me }) {
  const { query } = useLocation()
  const asked = query.get('view') as QueueView | null
  const view: QueueView = asked && VIEWS.includes(asked) ? asked : 'mine'
  const { data, error, loading, reload } = useApi<CaseList>(
    `/api/v1/cases${qs({ view, limit: 100 })}`,
  )
  useCaseEvents(reload)
  const elapsed = useElapsed(data)
  const items = data?.items ?? []
  const canAct = me.can['respond'] ?? me.user.role !== 'viewer'
  const myKey = meKey(me)
  const { nameOf } = useTeams()

  const [cursor, setCursor] = useState(0)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [msg, setMsg] = useState<{ text: string; bad: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const [bulkStatus, setBulkStatus] = useState('')
  const [bulkPriority, setBulkPriority] = useState('')
  const [help, setHelp] = useState(false)
  const rows = useRef<Array<HTMLTableRowElement | null>>([])

  // A new queue starts with nothing selected and the first row under the cursor.
  useEffect(() => {
    setSelected(new Set())
    setCursor(0)
  }, [view])
  // Rows that left the queue leave the selection too.
  useEffect(() => {
    if (!data) return
    const ids = new Set(data.items.map((c) => c.id))
    setSelected((s) =>
      [...s].every((id) => ids.has(id)) ? s : new Set([...s].filter((id) => ids.has(id))),
    )
    setCursor((k) => Math.min(k, Math.max(0, data.items.length - 1)))
  }, [data])

  const run = useCallback(
    async (ids: string[], command: Command, label: string) => {
      if (ids.length === 0 || busy) return
      setBusy(true)
      setMsg(null)
      try {
        const r = await api<BulkResult>('/api/v1/cases/bulk', {
          method: 'POST',
          body: { ids, command },
        })
        const ok = r.results.filter((x) => x.ok).length
        const failed = r.results.filter((x) => !x.ok)
        const refOf = (id: string) => items.find((c) => c.id === id)?.ref ?? id
        const parts = [
          t('inbox.bulkDone', {
            action: label,
            ok: fmtNumber(ok),
            n: fmtNumber(r.results.length),
          }),
        ]
        for (const f of failed)
          parts.push(t('inbox.bulkFailed', { ref: refOf(f.id), error: f.error ?? '' }))
        setMsg({ text: parts.join(' '), bad: failed.length > 0 })
        if (failed.length === 0) setSelected(new Set())
      } catch (e) {
        setMsg({ text: (e as Error).message, bad: true })
      } finally {
        setBusy(false)
        reload()
      }
    },
    [busy, items, reload],
  )

  const targets = useCallback(
    (): string[] =>
      selected.size > 0 ? [...selected] : items[cursor] ? [(items[cursor] as CaseRow).id] : [],
    [selected, items, cursor],
  )

  const assignToMe = useCallback(
    (ids: string[]) => void run(ids, { type: 'assign', assignee: myKey }, t('inbox.assignToMe')),
    [run, myKey],
  )

  const toggle = useCallback((id: string) => {
    setSelected((s) => {
      const n = new Set(s)
      if (n.has(id)) n.delete(id)
      else n.add(id)
      return n
    })
  }, [])

  const moveTo = useCallback((k: number) => {
    setCursor(k)
    rows.current[k]?.focus()
  }, [])

  // Keyboard shortcuts (never while typing in a field, never with a modifier key).
  const keys = useRef<(e: KeyboardEvent) => void>(() => {})
  keys.current = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e) || help) return
    const cur = items[cursor]
    switch (e.key) {
      case 'j':
        if (items.length) moveTo(Math.min(cursor + 1, items.length - 1))
        break
      case 'k':
        if (items.length) moveTo(Math.max(cursor - 1, 0))
        break
      case 'x':
        if (cur && canAct) toggle(cur.id)
        break
      case 'Enter': {
        // Links and buttons keep their own Enter.
        const el = document.activeElement
        if (el && (el.tagName === 'A' || el.tagName === 'BUTTON' || el.tagName === 'INPUT')) return
        if (cur) navigate(`/cases/${encodeURIComponent(cur.id)}`)
        break
      }
      case 'a':
        if (canAct) assignToMe(targets())
        break
      case 'r':
        if (cur && canAct) navigate(`/cases/${encodeURIComponent(cur.id)}?reply=1`)
        break
      case '?':
        setHelp(true)
        break
      default:
        return
    }
    e.preventDefault()
  }
  useEffect(() => {
    const on = (e: KeyboardEvent) => keys.current(e)
    document.addEventListener('keydown', on)
    return () => document.removeEventListener('keydown', on)
  }, [])

  const applyStatus = (e: FormEvent) => {
    e.preventDefault()
    if (bulkStatus)
      void run([...selected], { type: 'setStatus', status: bulkStatus }, t('inbox.setStatus'))
  }
  const applyPriority = (e: FormEvent) => {
    e.preventDefault()
    if (bulkPriority)
      void run(
        [...selected],
        { type: 'setPriority', priority: bulkPriority },
        t('inbox.setPriority'),
      )
  }
  const allSelected = items.length > 0 && items.every((c) => selected.has(c.id))

  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <nav aria-label={t('inbox.queues')} className="queues">
        <ul>
          {VIEWS.map((v) => (
            <li key={v}>
              <Link
                to={`/inbox${qs({ view: v })}`}
                aria-current={v === view ? 'page' : undefined}
                data-testid={`queue-${v}`}
              >
                {t(`inbox.view.${v}`)}{' '}
                <span className="queue-count">{data ? fmtNumber(data.counts[v] ?? 0) : '–'}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="toolbar inbox-help">
        <p className="muted">{t('inbox.keysHint')}</p>
        <button type="button" className="secondary" onClick={() => setHelp(true)}>
          {t('inbox.keysButton')}
        </button>
      </div>
      {canAct && (
        <section className="bulk card" aria-labelledby="bulk-title">
          <h2 id="bulk-title" className="sr-only">
            {t('inbox.bulkTitle')}
          </h2>
          <span data-testid="selected-count">
            {t('inbox.selected', { n: fmtNumber(selected.size) })}
          </span>
          <button
            type="button"
            disabled={selected.size === 0 || busy}
            onClick={() => assignToMe([...selected])}
          >
            {t('inbox.assignToMe')}
          </button>
          <form onSubmit={applyStatus} className="inline">
            <label htmlFor="bulk-status">{t('inbox.setStatus')}</label>
            <select
              id="bulk-status"
              value={bulkStatus}
              onChange={(e) => setBulkStatus(e.target.value)}
            >
              <option value="">–</option>
              {BULK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {tx('caseStatus', s)}
                </option>
              ))}
            </select>
            <button
              type="submit"
              className="secondary"
              disabled={selected.size === 0 || !bulkStatus || busy}
            >
              {t('inbox.apply')}
            </button>
          </form>
          <form onSubmit={applyPriority} className="inline">
            <label htmlFor="bulk-priority">{t('inbox.setPriority')}</label>
            <select
              id="bulk-priority"
              value={bulkPriority}
              onChange={(e) => setBulkPriority(e.target.value)}
            >
              <option value="">–</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {tx('priority', p)}
                </option>
              ))}
            </select>
            <button
              type="submit"
              className="secondary"
              disabled={selected.size === 0 || !bulkPriority || busy}
            >
              {t('inbox.apply')}
            </button>
          </form>
        </section>
      )}
      <p
        role="status"
        aria-live="polite"
        className={msg?.bad ? 'error' : 'ok'}
        data-testid="inbox-status"
      >
        {msg?.text}
      </p>
      <Status loading={loading && !data} error={error} reload={reload} />
      {data && items.length === 0 && <p data-testid="inbox-empty">{t(`inbox.empty.${view}`)}</p>}
      {data && items.length > 0 && items.length < (data.counts[view] ?? 0) && (
        <p className="muted">
          {t('inbox.partial', {
            n: fmtNumber(items.length),
            total: fmtNumber(data.counts[view] ?? 0),
          })}
        </p>
      )}
      {items.length > 0 && (
        <table className="data inbox" data-testid="inbox-table">
          <caption className="sr-only">
            {t('inbox.caption', { view: t(`inbox.view.${view}`) })}
          </caption>
          <thead>
            <tr>
              {canAct && (
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('inbox.selectAll')}
                    checked={allSelected}
                    onChange={() =>
                      setSelected(allSelected ? new Set() : new Set(items.map((c) => c.id)))
                    }
                  />
                </td>
              )}
              <th scope="col">{t('inbox.col.ref')}</th>
              <th scope="col">{t('inbox.col.title')}</th>
              <th scope="col">{t('inbox.col.service')}</th>
              <th scope="col">{t('inbox.col.area')}</th>
              <th scope="col">{t('inbox.col.priority')}</th>
              <th scope="col">{t('inbox.col.status')}</th>
              <th scope="col">{t('inbox.col.assignee')}</th>
              <th scope="col">{t('inbox.col.sla')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c, k) => (
              <tr
                key={c.id}
                ref={(el) => {
                  rows.current[k] = el
                }}
                tabIndex={-1}
                className={[
                  k === cursor ? 'cursor' : '',
                  selected.has(c.id) ? 'selected' : '',
                  c.sla.overdue ? 'overdue' : '',
                ].join(' ')}
                data-case={c.ref}
                onFocus={() => setCursor(k)}
              >
                {canAct && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('inbox.select', { ref: c.ref })}
                      checked={selected.has(c.id)}
                      onChange={() => toggle(c.id)}
                    />
                  </td>
                )}
                <th scope="row">{c.ref}</th>
                <td>
                  <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                  <UrgencyMarks c={c} />
                </td>
                <td>{c.serviceName ?? c.serviceCode ?? t('common.unknown')}</td>
                <td>{c.areaName ?? c.area ?? t('common.unknown')}</td>
                <td>
                  <span className={`badge pr-${c.priority}`}>{tx('priority', c.priority)}</span>
                </td>
                <td>{tx('caseStatus', c.status)}</td>
                <td>
                  {c.assignee === null
                    ? t('inbox.unassigned')
                    : c.assignee === myKey
                      ? t('inbox.you')
                      : nameOf(c.assignee)}
                </td>
                <td>
                  <SlaCell c={c} elapsed={elapsed} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </>
  )
}
