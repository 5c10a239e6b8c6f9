/**
 * The controls that change a case: status (only the moves the state machine allows), priority,
 * team and assignee. Each sends one case command; refusals come back in plain words.
 */
import { useState, type FormEvent } from 'react'
import { t, tx } from '../../i18n.js'
import { PRIORITIES, TRANSITIONS, type CaseRow, type Team } from './model.js'

/** A case command the controls send. */
export type ControlCommand =
  | { type: 'setStatus'; status: string; reason?: string }
  | { type: 'setPriority'; priority: string }
  | { type: 'assign'; assignee: string | null; team?: string | null }

/** Status, priority and assignment forms for one case. */
export function CaseControls({
  c,
  teams,
  myKey,
  busy,
  act,
}: {
  c: CaseRow
  teams: Team[]
  myKey: string
  busy: boolean
  act: (cmd: ControlCommand, done: string) => void
}) {
  const moves = TRANSITIONS[c.status]
  const [status, setStatus] = useState('')
  const [reason, setReason] = useState('')
  const [priority, setPriority] = useState<string>(c.priority)
  const [team, setTeam] = useState(c.team ?? '')
  const [assignee, setAssignee] = useState(c.assignee ?? '')
  const members = teams.find((x) => x.code === team)?.members ?? []

  const onStatus = (e: FormEvent) => {
    e.preventDefault()
    if (!status) return
    act(
      { type: 'setStatus', status, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      t('case.statusDone', { status: tx('caseStatus', status) }),
    )
    setStatus('')
    setReason('')
  }
  const onPriority = (e: FormEvent) => {
    e.preventDefault()
    act(
      { type: 'setPriority', priority },
      t('case.priorityDone', { priority: tx('priority', priority) }),
    )
  }
  const onAssign = (e: FormEvent) => {
    e.preventDefault()
    act({ type: 'assign', assignee: assignee || null, team: team || null }, t('case.assignDone'))
  }

  if (moves.length === 0) return <p className="muted">{t('case.final')}</p>
  return (
    <div className="controls">
      <form onSubmit={onStatus}>
        <label htmlFor="c-status">{t('case.moveTo')}</label>
        <select id="c-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">–</option>
          {moves.map((s) => (
            <option key={s} value={s}>
              {tx('caseStatus', s)}
            </option>
          ))}
        </select>
        <label htmlFor="c-reason">{t('case.reason')}</label>
        <input id="c-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" disabled={!status || busy}>
          {t('case.changeStatus')}
        </button>
      </form>
      <form onSubmit={onPriority}>
        <label htmlFor="c-priority">{t('case.priority')}</label>
        <select id="c-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {tx('priority', p)}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary" disabled={priority === c.priority || busy}>
          {t('case.setPriority')}
        </button>
      </form>
      <form onSubmit={onAssign}>
        <label htmlFor="c-team">{t('case.team')}</label>
        <select
          id="c-team"
          value={team}
          onChange={(e) => {
            setTeam(e.target.value)
            setAssignee('')
          }}
        >
          <option value="">{t('case.noTeam')}</option>
          {teams.map((x) => (
            <option key={x.code} value={x.code}>
              {x.name}
            </option>
          ))}
          {c.team && !teams.some((x) => x.code === c.team) && (
            <option value={c.team}>{c.team}</option>
          )}
        </select>
        <label htmlFor="c-assignee">{t('case.assignee')}</label>
        <select id="c-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">{t('inbox.unassigned')}</option>
          {members.map((m) => (
            <option key={m.username} value={m.username}>
              {m.displayName}
            </option>
          ))}
          {assignee && !members.some((m) => m.username === assignee) && (
            <option value={assignee}>{assignee}</option>
          )}
        </select>
        <div className="buttons">
          <button type="submit" className="secondary" disabled={busy}>
            {t('case.assign')}
          </button>
          <button
            type="button"
            disabled={busy || c.assignee === myKey}
            onClick={() => act({ type: 'assign', assignee: myKey }, t('case.assignDone'))}
          >
            {t('inbox.assignToMe')}
          </button>
        </div>
      </form>
    </div>
  )
}
