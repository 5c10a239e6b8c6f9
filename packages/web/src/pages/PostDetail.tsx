/**
 * One post: its text (blurred when abusive), every label with its confidence, the correction form
 * for roles that may correct, and the history of corrections.
 */
import { useState, type FormEvent } from 'react'
import { api, type Me, type PostItem } from '../api.js'
import { useApi } from '../hooks.js'
import { fmtDateTime, fmtPercent, t, tx, type MsgKey } from '../i18n.js'
import { Link } from '../router.js'
import { PostText } from '../components/PostText.js'
import { Status } from '../components/Status.js'

interface Labels {
  relevant?: { p: number }
  intent?: { label: string; p: number }
  service?: {
    code: string
    name: string
    p: number
    top?: Array<{ code: string; name: string; p: number }>
  }
  sentiment?: { label: string; score: number }
  urgency?: { score: number; flags: string[] }
  language?: { code: string; p: number }
  places?: Array<{ kind: string; name: string; wardName?: string; p: number }>
  spam?: { p: number }
  abuse?: { p: number }
}

interface Detail extends PostItem {
  url: string | null
  labels: Labels | null
  labelledAt: string | null
  model: string | null
  corrections: Array<{ task: string; from: string | null; to: string; by: string; at: string }>
}

const TASKS = ['intent', 'service', 'sentiment', 'ward', 'relevant', 'abuse'] as const
type Task = (typeof TASKS)[number]
const TASK_LABEL: Record<Task, MsgKey> = {
  intent: 'post.intent',
  service: 'post.service',
  sentiment: 'post.sentiment',
  ward: 'post.place',
  relevant: 'post.relevant',
  abuse: 'post.abuse',
}

function Correct({ post, done }: { post: Detail; done: (msg: string) => void }) {
  const [task, setTask] = useState<Task>('intent')
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const taxonomy = useApi<{
    groups: Array<{ code: string; name: string; services: Array<{ code: string; name: string }> }>
  }>(task === 'service' ? '/api/v1/taxonomy' : null)
  const wards = useApi<{ items: Array<{ code: string; name: string }> }>(
    task === 'ward' ? '/api/v1/wards' : null,
  )
  let options: Array<{ value: string; label: string }> = []
  if (task === 'intent')
    options = ['complaint', 'question', 'suggestion', 'praise', 'information', 'other'].map(
      (v) => ({ value: v, label: tx('intent', v) }),
    )
  if (task === 'sentiment')
    options = ['negative', 'neutral', 'positive'].map((v) => ({
      value: v,
      label: tx('sentiment', v),
    }))
  if (task === 'relevant' || task === 'abuse')
    options = [
      { value: 'yes', label: t('post.yes') },
      { value: 'no', label: t('post.no') },
    ]
  if (task === 'service')
    options = (taxonomy.data?.groups ?? []).flatMap((g) =>
      g.services.map((s) => ({ value: s.code, label: `${g.name}: ${s.name}` })),
    )
  if (task === 'ward')
    options = (wards.data?.items ?? []).map((w) => ({ value: w.code, label: w.name }))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      await api(`/api/v1/posts/${post.id}/corrections`, { method: 'POST', body: { task, value } })
      done(
        t('post.corrected', {
          task: t(TASK_LABEL[task]).toLowerCase(),
          value: options.find((o) => o.value === value)?.label ?? value,
        }),
      )
      setValue('')
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <form className="card correct" onSubmit={(e) => void submit(e)} aria-labelledby="correct-title">
      <h2 id="correct-title">{t('post.correct')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label htmlFor="c-task">{t('post.correctTask')}</label>
      <select
        id="c-task"
        value={task}
        onChange={(e) => {
          setTask(e.target.value as Task)
          setValue('')
        }}
      >
        {TASKS.map((k) => (
          <option key={k} value={k}>
            {t(TASK_LABEL[k])}
          </option>
        ))}
      </select>
      <label htmlFor="c-value">{t('post.correctValue')}</label>
      <select id="c-value" value={value} onChange={(e) => setValue(e.target.value)} required>
        <option value="">–</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!value}>
        {t('common.save')}
      </button>
    </form>
  )
}

/** The post detail page. */
export default function PostDetail({ id, me }: { id: string; me: Me }) {
  const { data, error, loading, reload } = useApi<Detail>(`/api/v1/posts/${encodeURIComponent(id)}`)
  const [msg, setMsg] = useState<string | null>(null)
  if (!data) return <Status loading={loading} error={error} reload={reload} />
  const l = data.labels ?? {}
  const place = l.places?.[0]
  // Yes/no labels: the confidence is in the answer shown (p for yes, 1 − p for no).
  const yesNo = (x: { p: number } | undefined): [string, number | undefined] =>
    x
      ? [x.p >= 0.5 ? t('post.yes') : t('post.no'), x.p >= 0.5 ? x.p : 1 - x.p]
      : [t('common.unknown'), undefined]
  const rows: Array<[MsgKey, string, number | null | undefined]> = [
    ['post.relevant', ...yesNo(l.relevant)],
    [
      'post.intent',
      tx('intent', data.intent?.label ?? l.intent?.label),
      data.intent?.p ?? l.intent?.p,
    ],
    [
      'post.service',
      data.service?.name ?? l.service?.name ?? t('common.unknown'),
      data.service?.p ?? l.service?.p,
    ],
    ['post.sentiment', tx('sentiment', data.sentiment?.label ?? l.sentiment?.label), null],
    [
      'post.urgency',
      l.urgency
        ? [fmtPercent(l.urgency.score), ...l.urgency.flags].join(', ')
        : t('common.unknown'),
      null,
    ],
    ['post.language', l.language?.code ?? data.lang ?? t('common.unknown'), l.language?.p],
    [
      'post.place',
      data.ward?.name ?? place?.wardName ?? place?.name ?? t('common.unknown'),
      place?.p,
    ],
    ['post.spam', ...yesNo(l.spam)],
    ['post.abuse', ...yesNo(l.abuse)],
  ]
  return (
    <>
      <p>
        <Link to="/explore">← {t('post.back')}</Link>
      </p>
      <h1>{t('post.title')}</h1>
      <section className="card post" aria-label={t('post.title')}>
        <PostText text={data.text} abusive={data.abusive} />
        <p className="meta">
          <time dateTime={data.createdAt}>{fmtDateTime(data.createdAt)}</time> · {data.platform}
          {data.author?.handle && (
            <>
              {' '}
              · {t('post.author')}: <span data-testid="author">{data.author.handle}</span>
            </>
          )}
          {data.url && (
            <>
              {' '}
              ·{' '}
              <a href={data.url} rel="noopener noreferrer nofollow" target="_blank">
                {t('post.open', { platform: data.platform })}
              </a>
            </>
          )}
        </p>
      </section>
      <p role="status" aria-live="polite" className="ok" data-testid="correction-status">
        {msg}
      </p>
      <div className="grid2">
        <section className="card" aria-labelledby="labels-title">
          <h2 id="labels-title">{t('post.labels')}</h2>
          <table className="data" data-testid="labels">
            <thead>
              <tr>
                <th scope="col">{t('post.label')}</th>
                <th scope="col">{t('post.value')}</th>
                <th scope="col" className="num">
                  {t('common.confidence')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([k, v, p]) => (
                <tr key={k}>
                  <th scope="row">{t(k)}</th>
                  <td>{v}</td>
                  <td className="num">{fmtPercent(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.model && data.labelledAt && (
            <p className="muted">
              {t('post.model', { model: data.model, at: fmtDateTime(data.labelledAt) })}
            </p>
          )}
        </section>
        {me.can['correct'] && (
          <Correct
            post={data}
            done={(m) => {
              setMsg(m)
              reload()
            }}
          />
        )}
        {data.corrections.length > 0 && (
          <section className="card" aria-labelledby="corr-title">
            <h2 id="corr-title">{t('post.corrections')}</h2>
            <ul>
              {data.corrections.map((c, k) => (
                <li key={k}>
                  {t('post.correctionLine', {
                    task: c.task,
                    from: c.from ?? t('common.none'),
                    to: c.to,
                    by: c.by,
                    at: fmtDateTime(c.at),
                  })}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </>
  )
}
