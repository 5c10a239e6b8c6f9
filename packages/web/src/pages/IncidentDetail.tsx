/**
 * One incident: summary, acknowledge/resolve (and merge for analysts), its timeline, representative
 * posts and a map of its wards.
 */
import { lazy, Suspense, useState } from 'react'
import { api, qs, type IncidentItem, type Me } from '../api.js'
import { useApi } from '../hooks.js'
import { fmtDateTime, fmtNumber, t, tx } from '../i18n.js'
import { Link } from '../router.js'
import { PostText } from '../components/PostText.js'
import { Status } from '../components/Status.js'
import type { WardFeature } from '../components/WardMap.js'

const WardMap = lazy(() => import('../components/WardMap.js'))

interface Detail extends IncidentItem {
  mergedInto: string | null
  postCount: number
  keyTerms: string[]
  timeline: Array<{ at: string; kind: string; detail: { actor?: string; note?: string } | unknown }>
  posts: Array<{
    id: string
    createdAt: string
    text: string
    abusive: boolean
    platform: string
    ward: { name: string } | null
    sentiment: string | null
  }>
}

function Actions({ inc, me, done }: { inc: Detail; me: Me; done: (msg: string) => void }) {
  const [note, setNote] = useState('')
  const [into, setInto] = useState('')
  const [error, setError] = useState<string | null>(null)
  const others = useApi<{ items: IncidentItem[] }>(
    me.can['mergeIncidents'] ? '/api/v1/incidents?status=open,acknowledged&limit=100' : null,
  )
  if (!me.can['actOnIncidents'] || inc.status === 'merged') return null
  const act = async (action: 'acknowledge' | 'resolve' | 'reopen') => {
    setError(null)
    try {
      const r = await api<IncidentItem>(
        `/api/v1/incidents/${encodeURIComponent(inc.id)}/${action}`,
        { method: 'POST', body: note ? { note } : {} },
      )
      setNote('')
      done(t('incident.done', { status: tx('status', r.status) }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const merge = async () => {
    setError(null)
    try {
      await api(`/api/v1/incidents/${encodeURIComponent(inc.id)}/merge`, {
        method: 'POST',
        body: { into },
      })
      done(t('incident.mergedInto', { id: into }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const candidates = (others.data?.items ?? []).filter((x) => x.id !== inc.id)
  return (
    <section className="card actions" aria-label={t('incidents.col.status')}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label htmlFor="note">{t('incident.note')}</label>
      <textarea id="note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      <div className="buttons">
        {inc.status === 'open' && (
          <button type="button" onClick={() => void act('acknowledge')}>
            {t('incident.acknowledge')}
          </button>
        )}
        {inc.status !== 'resolved' && (
          <button type="button" onClick={() => void act('resolve')}>
            {t('incident.resolve')}
          </button>
        )}
        {inc.status === 'resolved' && (
          <button type="button" className="secondary" onClick={() => void act('reopen')}>
            {t('incident.reopen')}
          </button>
        )}
      </div>
      {me.can['mergeIncidents'] && candidates.length > 0 && (
        <div className="merge">
          <label htmlFor="merge-into">{t('incident.merge')}</label>
          <select id="merge-into" value={into} onChange={(e) => setInto(e.target.value)}>
            <option value="">–</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          <button type="button" className="secondary" disabled={!into} onClick={() => void merge()}>
            {t('incident.mergeSubmit')}
          </button>
        </div>
      )}
    </section>
  )
}

/** The incident detail page. */
export default function IncidentDetail({ id, me }: { id: string; me: Me }) {
  const { data, error, loading, reload } = useApi<Detail>(
    `/api/v1/incidents/${encodeURIComponent(id)}`,
  )
  const map = useApi<{ features: WardFeature[] }>(
    data
      ? `/api/v1/map/wards${qs({ from: data.startedAt, ...(data.service ? { service: data.service.code } : {}) })}`
      : null,
  )
  const [msg, setMsg] = useState<string | null>(null)
  if (!data) return <Status loading={loading} error={error} reload={reload} />
  const explore = `/explore${qs({ from: data.startedAt, service: data.service?.code, ward: data.areas.length === 1 ? data.areas[0]?.code : undefined })}`
  return (
    <>
      <p>
        <Link to="/incidents">← {t('incident.back')}</Link>
      </p>
      <h1>{data.title}</h1>
      <p>
        <span className={`badge sev-${data.severity}`}>{tx('severity', data.severity)}</span>{' '}
        <span className={`badge st-${data.status}`} data-testid="incident-status">
          {tx('status', data.status)}
        </span>
        {data.mergedInto && (
          <>
            {' '}
            <Link to={`/incidents/${encodeURIComponent(data.mergedInto)}`}>
              {t('incident.mergedInto', { id: data.mergedInto })}
            </Link>
          </>
        )}
      </p>
      <p role="status" aria-live="polite" className="ok">
        {msg}
      </p>
      <div className="grid2">
        <section className="card" aria-labelledby="sum-title">
          <h2 id="sum-title">{t('incident.summary')}</h2>
          <p>{data.summary}</p>
          <dl className="facts">
            <dt>{t('incident.service')}</dt>
            <dd>{data.service?.name ?? t('common.unknown')}</dd>
            <dt>{t('incident.areas')}</dt>
            <dd>
              {data.areas.map((a) => a.name).join(', ') ||
                (data.everywhere ? t('incident.everywhere') : t('common.unknown'))}
            </dd>
            <dt>{t('incident.started')}</dt>
            <dd>{fmtDateTime(data.startedAt)}</dd>
            <dt>{t('common.posts')}</dt>
            <dd>
              {t('incident.observed', {
                observed: fmtNumber(data.observed),
                expected: fmtNumber(Math.round(data.expected * 10) / 10),
              })}
            </dd>
            {data.keyTerms.length > 0 && (
              <>
                <dt>{t('incident.keyTerms')}</dt>
                <dd>{data.keyTerms.join(', ')}</dd>
              </>
            )}
          </dl>
        </section>
        <Actions
          inc={data}
          me={me}
          done={(m) => {
            setMsg(m)
            reload()
          }}
        />
        <section className="card" aria-labelledby="tl-title">
          <h2 id="tl-title">{t('incident.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {data.timeline.map((e, k) => {
              // The detect stage writes a sentence; the API's own actions write { actor, note }.
              const text = typeof e.detail === 'string' ? e.detail : null
              const d = (typeof e.detail === 'object' && e.detail ? e.detail : {}) as {
                actor?: string
                note?: string
              }
              return (
                <li key={k}>
                  <time dateTime={e.at}>{fmtDateTime(e.at)}</time>{' '}
                  <strong>{tx('event', e.kind)}</strong>
                  {text ? ` ${text}` : ''}
                  {d.actor ? ` ${t('event.by', { actor: d.actor })}` : ''}
                  {d.note ? <q>{d.note}</q> : null}
                </li>
              )
            })}
          </ol>
        </section>
        <section className="card" aria-labelledby="map-title">
          <h2 id="map-title">{t('incident.map')}</h2>
          <Suspense fallback={<Status loading error={undefined} />}>
            {map.data && (
              <WardMap
                features={map.data.features}
                metric="n"
                highlight={data.areas.map((a) => a.code)}
                label={t('incident.map')}
                height={300}
              />
            )}
          </Suspense>
        </section>
        <section className="card wide" aria-labelledby="posts-title">
          <h2 id="posts-title">{t('incident.posts')}</h2>
          <ul className="posts">
            {data.posts.map((p) => (
              <li key={p.id}>
                <PostText text={p.text} abusive={p.abusive} />
                <p className="meta">
                  <Link to={`/posts/${p.id}`}>{fmtDateTime(p.createdAt)}</Link> · {p.platform} ·{' '}
                  {p.ward?.name ?? t('common.unknown')} · {tx('sentiment', p.sentiment)}
                </p>
              </li>
            ))}
          </ul>
          <Link to={explore}>{t('incident.allPosts', { count: fmtNumber(data.postCount) })}</Link>
        </section>
      </div>
    </>
  )
}
