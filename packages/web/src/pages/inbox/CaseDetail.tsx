/**
 * One case: its state and controls, the two SLA clocks (paused while awaiting the citizen), the
 * posts of the thread (abusive ones blurred until chosen), replies with their state and the reply
 * composer (`r`, or `?reply=1`), other systems the case was sent to over Open311 ("Send to
 * Open311"), internal notes and the full audit trail. Refreshes live.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { api, type Me } from '../../api.js'
import { useApi } from '../../hooks.js'
import { fmtDateTime, t, tx } from '../../i18n.js'
import { Link, navigate, useLocation } from '../../router.js'
import { PostText } from '../../components/PostText.js'
import { Status } from '../../components/Status.js'
import { CaseControls, type ControlCommand } from './CaseControls.js'
import { Open311Panel } from './Open311Panel.js'
import { UrgencyMarks } from './marks.js'
import { meKey, isMe } from './me.js'
import {
  clockText,
  isTyping,
  TRANSITIONS,
  type AuditRow,
  type CaseRow,
  type CaseDetailData,
  type ReplyRow,
  type SlaClock,
} from './model.js'
import { Replies } from './Replies.js'
import { ReplyComposer } from './ReplyComposer.js'
import { useCaseEvents, useElapsed } from './useCaseEvents.js'
import { useTeams } from './useTeams.js'
import './inbox.css'

function Clock({
  label,
  c,
  sla,
  elapsed,
}: {
  label: string
  c: SlaClock
  sla: CaseRow['sla']
  elapsed: number
}) {
  const { text, late } = clockText(c, sla, elapsed)
  return (
    <>
      <dt>{label}</dt>
      <dd className={late ? 'sla late' : 'sla'}>
        {late && <span aria-hidden="true">⚠ </span>}
        {text}
        {c.dueAt && !c.met && (
          <span className="muted"> · {t('sla.due', { at: fmtDateTime(c.dueAt) })}</span>
        )}
      </dd>
    </>
  )
}

function auditLine(a: AuditRow, nameOf: (who: string) => string): string {
  const what = tx('audit', a.action)
  // Reply and note ids mean nothing to a reader; the action says it all.
  if (a.action.startsWith('reply.') || a.action === 'note.added') return what
  const show = (v: string | null) =>
    v === null
      ? t('common.none')
      : a.action === 'status.changed'
        ? tx('caseStatus', v)
        : a.action === 'assignee.changed'
          ? nameOf(v)
          : v
  if (a.from != null && a.to != null) return `${what}: ${show(a.from)} → ${show(a.to)}`
  if (a.to != null) return `${what}: ${show(a.to)}`
  if (a.from != null) return `${what}: ${show(a.from)}`
  return what
}

/** The case page. */
export default function CaseDetail({ id, me }: { id: string; me: Me }) {
  const { query } = useLocation()
  const path = `/api/v1/cases/${encodeURIComponent(id)}`
  const { data, error, loading, reload } = useApi<CaseDetailData>(path)
  const { teams: teamList, nameOf } = useTeams()
  useCaseEvents(reload, { only: id })
  const elapsed = useElapsed(data)
  const [msg, setMsg] = useState<string | null>(null)
  const [fail, setFail] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [composing, setComposing] = useState(query.get('reply') === '1')
  const [note, setNote] = useState('')
  const replyButton = useRef<HTMLButtonElement>(null)
  const canAct = me.can['respond'] ?? me.user.role !== 'viewer'
  const canApprove =
    me.can['approveReplies'] ?? (me.user.role === 'admin' || me.user.role === 'analyst')
  const myKey = meKey(me)
  const c = data?.case

  const call = useCallback(
    async (url: string, body: unknown, done: string) => {
      setBusy(true)
      setFail(null)
      setMsg(null)
      try {
        await api(url, { method: 'POST', body })
        setMsg(done)
      } catch (e) {
        setFail((e as Error).message)
      } finally {
        setBusy(false)
        reload()
      }
    },
    [reload],
  )
  const act = (cmd: ControlCommand | { type: 'addNote'; text: string }, done: string) =>
    void call(`${path}/actions`, cmd, done)

  // `r` opens the composer (not while typing).
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (e.key !== 'r' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return
      if (!c?.replyTarget || !canAct || TRANSITIONS[c.status].length === 0) return
      e.preventDefault()
      setComposing(true)
    }
    document.addEventListener('keydown', on)
    return () => document.removeEventListener('keydown', on)
  }, [c, canAct])

  if (!data || !c) return <Status loading={loading} error={error} reload={reload} />
  const team = teamList.find((x) => x.code === c.team)
  const open = TRANSITIONS[c.status].length > 0

  const addNote = (e: FormEvent) => {
    e.preventDefault()
    if (!note.trim()) return
    act({ type: 'addNote', text: note.trim() }, t('case.noteDone'))
    setNote('')
  }

  return (
    <>
      <p>
        <Link to="/inbox">← {t('case.back')}</Link>
      </p>
      <h1>
        <span className="case-ref">{c.ref}</span> {c.title}
      </h1>
      <p className="case-badges">
        <span className="badge" data-testid="case-status">
          {tx('caseStatus', c.status)}
        </span>{' '}
        <span className={`badge pr-${c.priority}`}>{tx('priority', c.priority)}</span>{' '}
        {c.sla.overdue && <span className="badge late">{t('inbox.overdueBadge')}</span>}{' '}
        <UrgencyMarks c={c} />
      </p>
      <p role="status" aria-live="polite" className="ok" data-testid="case-msg">
        {msg}
      </p>
      {fail && (
        <p className="error" role="alert" data-testid="case-error">
          {fail}
        </p>
      )}
      <div className="grid2">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">{t('case.details')}</h2>
          <dl className="facts">
            <dt>{t('case.team')}</dt>
            <dd>{team?.name ?? c.team ?? t('case.noTeam')}</dd>
            <dt>{t('case.assignee')}</dt>
            <dd data-testid="case-assignee">
              {c.assignee === null
                ? t('inbox.unassigned')
                : isMe(me, c.assignee)
                  ? t('inbox.you')
                  : nameOf(c.assignee)}
            </dd>
            <dt>{t('inbox.col.service')}</dt>
            <dd>{c.serviceName ?? c.serviceCode ?? t('common.unknown')}</dd>
            <dt>{t('inbox.col.area')}</dt>
            <dd>{c.areaName ?? c.area ?? t('common.unknown')}</dd>
            <dt>{t('post.intent')}</dt>
            <dd>{tx('intent', c.intent)}</dd>
            <dt>{t('case.opened')}</dt>
            <dd>{fmtDateTime(c.createdAt)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="sla-title">
          <h2 id="sla-title">{t('case.sla')}</h2>
          <dl className="facts" data-testid="case-sla">
            <Clock
              label={t('sla.firstResponse')}
              c={c.sla.firstResponse}
              sla={c.sla}
              elapsed={elapsed}
            />
            <Clock label={t('sla.resolution')} c={c.sla.resolution} sla={c.sla} elapsed={elapsed} />
          </dl>
          {c.sla.paused && <p className="muted">{t('sla.pausedNote')}</p>}
        </section>
        {canAct && (
          <section className="card" aria-labelledby="ctl-title">
            <h2 id="ctl-title">{t('case.change')}</h2>
            <CaseControls
              key={c.updatedAt}
              c={c}
              teams={teamList}
              myKey={myKey}
              busy={busy}
              act={act}
            />
          </section>
        )}
        <section className="card wide" aria-labelledby="thread-title">
          <h2 id="thread-title">{t('case.thread')}</h2>
          {c.posts.length === 0 ? (
            <p className="muted">{t('case.noPosts')}</p>
          ) : (
            <ul className="posts" data-testid="thread">
              {c.posts.map((p) => (
                <li key={p.id}>
                  <PostText text={p.text} abusive={p.abuse} />
                  <p className="meta">
                    <time dateTime={p.createdAt}>{fmtDateTime(p.createdAt)}</time> ·{' '}
                    {tx('platform', p.platform)}
                    {p.author?.handle && <> · {p.author.handle}</>} ·{' '}
                    <Link to={`/posts/${encodeURIComponent(p.id)}`}>{t('case.postLabels')}</Link>
                    {p.url && (
                      <>
                        {' '}
                        ·{' '}
                        <a href={p.url} rel="noopener noreferrer nofollow" target="_blank">
                          {t('post.open', { platform: tx('platform', p.platform) })}
                        </a>
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card wide" aria-labelledby="replies-title">
          <h2 id="replies-title">{t('case.replies')}</h2>
          <Replies
            replies={c.replies}
            canApprove={canApprove}
            mine={(who) => isMe(me, who)}
            nameOf={nameOf}
            busy={busy}
            approve={(r: ReplyRow) =>
              void call(
                `${path}/replies/${encodeURIComponent(r.id)}/approve`,
                {},
                t('replies.approved'),
              )
            }
            reject={(r: ReplyRow, reason: string) =>
              void call(
                `${path}/replies/${encodeURIComponent(r.id)}/reject`,
                { reason },
                t('replies.rejected'),
              )
            }
          />
          {canAct && open && !c.replyTarget && <p className="muted">{t('reply.noTarget')}</p>}
          {canAct && open && c.replyTarget && !composing && (
            <button
              type="button"
              ref={replyButton}
              onClick={() => setComposing(true)}
              aria-keyshortcuts="r"
            >
              {t('reply.open')}
            </button>
          )}
          {canAct && open && c.replyTarget && composing && (
            <ReplyComposer
              c={c}
              teamName={team?.name}
              approvalRequired={team?.approvalRequired}
              onSent={(r) => {
                setComposing(false)
                setFail(null)
                setMsg(r.status === 'awaiting_approval' ? t('reply.awaiting') : t('reply.queued'))
                if (query.get('reply')) navigate(path.replace('/api/v1', ''), true)
                reload()
              }}
              onCancel={() => {
                setComposing(false)
                setTimeout(() => replyButton.current?.focus(), 0)
              }}
            />
          )}
        </section>
        {c.open311 && (c.open311.endpoints.length > 0 || c.open311.links.length > 0) && (
          <section className="card wide" aria-labelledby="open311-title">
            <h2 id="open311-title">{t('open311.title')}</h2>
            <Open311Panel
              caseId={c.id}
              endpoints={c.open311.endpoints}
              links={c.open311.links}
              canAct={canAct && open}
              done={(m) => {
                setFail(null)
                setMsg(m)
              }}
              failed={(m) => {
                setMsg(null)
                setFail(m)
              }}
              reload={reload}
            />
          </section>
        )}
        <section className="card" aria-labelledby="notes-title">
          <h2 id="notes-title">{t('case.notes')}</h2>
          {c.notes.length === 0 ? (
            <p className="muted">{t('case.noNotes')}</p>
          ) : (
            <ul className="notes" data-testid="notes">
              {c.notes.map((n, k) => (
                <li key={k}>
                  <p className="post-text">{n.text}</p>
                  <p className="meta">
                    {t('case.noteBy', { who: nameOf(n.author), at: fmtDateTime(n.at) })}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {canAct && (
            <form onSubmit={addNote}>
              <label htmlFor="c-note">{t('case.newNote')}</label>
              <textarea
                id="c-note"
                rows={3}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <button type="submit" className="secondary" disabled={busy || !note.trim()}>
                {t('case.addNote')}
              </button>
            </form>
          )}
        </section>
        <section className="card" aria-labelledby="audit-title">
          <h2 id="audit-title">{t('case.audit')}</h2>
          <ol className="timeline" data-testid="audit">
            {c.audit.map((a, k) => (
              <li key={k}>
                <time dateTime={a.at}>{fmtDateTime(a.at)}</time> · {auditLine(a, nameOf)}{' '}
                <span className="muted">{t('event.by', { actor: nameOf(a.actor) })}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  )
}
