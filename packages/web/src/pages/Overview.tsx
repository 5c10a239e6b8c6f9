/**
 * Overview: headline counts, volume and sentiment over time, the most complained-about services and
 * wards, open incidents and a live feed. Counts, never people. Every chart element and list item
 * leads to the posts behind it.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react'
import { qs, type Bucket } from '../api.js'
import { useApi } from '../hooks.js'
import { fmtDateTime, fmtNumber, fmtPercent, fmtShort, t, tx } from '../i18n.js'
import { Link, navigate } from '../router.js'
import { Status } from '../components/Status.js'
import { SlaCard } from './inbox/SlaCard.js'

const Chart = lazy(() => import('../components/Chart.js'))

interface Top {
  code: string
  name: string
  n: number
  neg: number
}

interface OverviewData {
  from: string
  to: string
  res: 'm5' | 'h1' | 'd1'
  totals: { n: number; neg: number; neu: number; pos: number }
  complaints: number
  volume: Bucket[]
  topServices: Top[]
  topWards: Top[]
  incidents: { open: number; acknowledged: number }
  openIncidents: Array<{
    id: string
    title: string
    severity: string
    status: string
    updatedAt: string
    observed: number
    expected: number
  }>
}

const RES_MS = { m5: 300_000, h1: 3_600_000, d1: 86_400_000 }
const SENT = ['negative', 'neutral', 'positive'] as const
const COLORS = { negative: '#b3261e', neutral: '#6b7785', positive: '#1e7b34' }

function LiveFeed() {
  const [items, setItems] = useState<Array<{ id: number; text: string }>>([])
  useEffect(() => {
    const es = new EventSource('/api/v1/events')
    let n = 0
    const push = (text: string) => setItems((xs) => [{ id: ++n, text }, ...xs].slice(0, 8))
    es.addEventListener('posts.stored', (e) => {
      const d = JSON.parse((e as MessageEvent<string>).data) as Record<string, number>
      push(
        t('overview.livePosts', { count: fmtNumber(d['count'] ?? d['inserted'] ?? d['n'] ?? 0) }),
      )
    })
    for (const [type, key] of [
      ['incident.opened', 'overview.liveOpened'],
      ['incident.updated', 'overview.liveUpdated'],
    ] as const) {
      es.addEventListener(type, (e) => {
        const d = JSON.parse((e as MessageEvent<string>).data) as { title?: string; id?: string }
        push(t(key, { title: d.title ?? d.id ?? '' }))
      })
    }
    return () => es.close()
  }, [])
  return (
    <section className="card" aria-labelledby="live-title">
      <h2 id="live-title">{t('overview.live')}</h2>
      <ul className="live" aria-live="polite" data-testid="live-feed">
        {items.length === 0 ? (
          <li className="muted">{t('overview.liveEmpty')}</li>
        ) : (
          items.map((i) => <li key={i.id}>{i.text}</li>)
        )}
      </ul>
    </section>
  )
}

/** The overview page. */
export default function Overview() {
  const { data, error, loading, reload } = useApi<OverviewData>('/api/v1/overview')

  const volume = useMemo(() => {
    if (!data) return undefined
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: data.volume.map((b) => fmtShort(b.t)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SENT.map((s) => ({
        name: t(`sentiment.${s}`),
        type: 'bar',
        stack: 'n',
        itemStyle: { color: COLORS[s] },
        data: data.volume.map((b) => (s === 'negative' ? b.neg : s === 'neutral' ? b.neu : b.pos)),
      })),
    }
  }, [data])

  const services = useMemo(() => {
    if (!data) return undefined
    const xs = [...data.topServices].reverse()
    return {
      tooltip: {},
      grid: { left: 180, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: xs.map((s) => s.name),
        axisLabel: { width: 170, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('overview.complaints'),
          itemStyle: { color: '#0b5cad' },
          data: xs.map((s) => s.n),
        },
      ],
    }
  }, [data])

  if (!data) return <Status loading={loading} error={error} reload={reload} />
  const range = { from: data.from, to: data.to }
  const negShare = data.totals.n ? data.totals.neg / data.totals.n : 0
  return (
    <>
      <h1>{t('overview.title')}</h1>
      <p className="muted">
        {t('overview.range', { from: fmtDateTime(data.from), to: fmtDateTime(data.to) })}
      </p>
      <div className="kpis">
        <Link className="kpi" to={`/explore${qs(range)}`}>
          <span className="kpi-n" data-testid="kpi-posts">
            {fmtNumber(data.totals.n)}
          </span>
          <span>{t('overview.total')}</span>
        </Link>
        <Link className="kpi" to={`/explore${qs({ ...range, intent: 'complaint' })}`}>
          <span className="kpi-n">{fmtNumber(data.complaints)}</span>
          <span>{t('overview.complaints')}</span>
        </Link>
        <Link className="kpi" to={`/explore${qs({ ...range, sentiment: 'negative' })}`}>
          <span className="kpi-n">{fmtPercent(negShare)}</span>
          <span>{t('overview.negative')}</span>
        </Link>
        <Link className="kpi" to="/incidents">
          <span className="kpi-n">
            {fmtNumber(data.incidents.open + data.incidents.acknowledged)}
          </span>
          <span>{t('overview.openIncidents')}</span>
        </Link>
      </div>
      <div className="grid2">
        <section className="card wide" aria-labelledby="vol-title">
          <h2 id="vol-title">{t('overview.volume')}</h2>
          <p className="muted">{t('overview.volumeHelp')}</p>
          <Suspense fallback={<Status loading error={undefined} />}>
            {volume && (
              <Chart
                option={volume}
                label={t('overview.volume')}
                onSelect={(e) => {
                  const b = data.volume[e.dataIndex]
                  if (!b) return
                  const from = new Date(b.t)
                  const to = new Date(from.getTime() + RES_MS[data.res])
                  navigate(
                    `/explore${qs({ from: from.toISOString(), to: to.toISOString(), sentiment: SENT[e.seriesIndex] })}`,
                  )
                }}
              />
            )}
          </Suspense>
        </section>
        <section className="card" aria-labelledby="svc-title">
          <h2 id="svc-title">{t('overview.topServices')}</h2>
          <Suspense fallback={null}>
            {services && data.topServices.length > 0 && (
              <Chart
                option={services}
                label={t('overview.topServices')}
                height={240}
                onSelect={(e) => {
                  const s = [...data.topServices].reverse()[e.dataIndex]
                  if (s)
                    navigate(`/explore${qs({ ...range, service: s.code, intent: 'complaint' })}`)
                }}
              />
            )}
          </Suspense>
          <ol className="toplist">
            {data.topServices.map((s) => (
              <li key={s.code}>
                <Link to={`/explore${qs({ ...range, service: s.code, intent: 'complaint' })}`}>
                  {s.name}
                </Link>{' '}
                <span className="count">{fmtNumber(s.n)}</span>
              </li>
            ))}
          </ol>
        </section>
        <section className="card" aria-labelledby="ward-title">
          <h2 id="ward-title">{t('overview.topWards')}</h2>
          <ol className="toplist">
            {data.topWards.map((s) => (
              <li key={s.code}>
                <Link to={`/explore${qs({ ...range, ward: s.code, intent: 'complaint' })}`}>
                  {s.name}
                </Link>{' '}
                <span className="count">{fmtNumber(s.n)}</span>
              </li>
            ))}
          </ol>
        </section>
        <section className="card" aria-labelledby="inc-title">
          <h2 id="inc-title">{t('overview.incidents')}</h2>
          {data.openIncidents.length === 0 ? (
            <p className="muted">{t('overview.noIncidents')}</p>
          ) : (
            <ul className="incident-list">
              {data.openIncidents.map((i) => (
                <li key={i.id}>
                  <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>{' '}
                  <span className={`badge sev-${i.severity}`}>{tx('severity', i.severity)}</span>{' '}
                  <span className={`badge st-${i.status}`}>{tx('status', i.status)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <SlaCard />
        <LiveFeed />
      </div>
    </>
  )
}
