/**
 * The live campaign view: participation over time (posts and distinct participants — counted,
 * never listed), reach by platform, sentiment and intents, themes (open one for its quotes and
 * sentiment trend), the ward map of places, the questions still waiting (each can open an inbox
 * case), "you said, we did", and the export and report downloads. Refreshes every 30 seconds and
 * when the live stream says new posts were stored.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react'
import { api, qs, type Me } from '../../api.js'
import { useApi } from '../../hooks.js'
import { fmtDateTime, fmtNumber, fmtPercent, fmtShort, t, tx } from '../../i18n.js'
import { Link, navigate, useLocation } from '../../router.js'
import { Status } from '../../components/Status.js'
import { ActionsSection } from './ActionsSection.js'
import { SENT_COLORS, ThemePanel } from './ThemePanel.js'
import type { CampaignViewData } from './types.js'

const Chart = lazy(() => import('../../components/Chart.js'))
const WardMap = lazy(() => import('../../components/WardMap.js'))

const SENT = ['negative', 'neutral', 'positive'] as const
const REFRESH_MS = 30_000
const LIVE_MIN_MS = 8_000

/** Reloads every 30 s, and on `posts.stored` events (at most every few seconds). */
function useLiveReload(reload: () => void): void {
  const last = useRef(0)
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS)
    let es: EventSource | undefined
    try {
      es = new EventSource('/api/v1/events')
      es.addEventListener('posts.stored', () => {
        const now = Date.now()
        if (now - last.current < LIVE_MIN_MS) return
        last.current = now
        reload()
      })
    } catch {
      // no live stream: the timer still refreshes
    }
    return () => {
      clearInterval(timer)
      es?.close()
    }
  }, [reload])
}

/** The waiting questions, each with a button that opens an inbox case from it. */
function Waiting({ data, mayOpen }: { data: CampaignViewData['waiting']; mayOpen: boolean }) {
  const [msg, setMsg] = useState<string | null>(null)
  const open = async (item: CampaignViewData['waiting']['items'][number]) => {
    setMsg(null)
    try {
      const r = await api<{ case?: { id?: string | number }; id?: string | number }>(
        item.openCase.href,
        { method: 'POST', body: item.openCase.body },
      )
      const id = r?.case?.id ?? r?.id
      if (id !== undefined) navigate(`/cases/${encodeURIComponent(String(id))}`)
      else setMsg(t('campaign.caseOpened'))
    } catch (err) {
      setMsg(t('campaign.caseFailed', { message: (err as Error).message }))
    }
  }
  return (
    <section className="card wide" aria-labelledby="wait-title" data-testid="waiting">
      <h2 id="wait-title">{t('campaign.waiting', { count: fmtNumber(data.total) })}</h2>
      <p role="status" className="ok">
        {msg}
      </p>
      {data.items.length === 0 ? (
        <p className="muted">{t('campaign.noWaiting')}</p>
      ) : (
        <ul className="waiting">
          {data.items.map((q) => (
            <li key={q.post}>
              <blockquote>{q.text}</blockquote>
              <p className="meta">
                {fmtDateTime(q.createdAt)} · {q.platform}
                {q.theme ? ` · ${q.theme}` : ''} ·{' '}
                <Link to={`/posts/${encodeURIComponent(q.post)}`}>{t('campaign.openPost')}</Link>
                {mayOpen && (
                  <>
                    {' '}
                    <button type="button" className="secondary" onClick={() => void open(q)}>
                      {t('campaign.openCase')}
                    </button>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {data.total > data.items.length && (
        <p className="muted">
          {t('campaign.moreWaiting', { count: fmtNumber(data.total - data.items.length) })}
        </p>
      )}
    </section>
  )
}

/** The campaign view page. */
export default function CampaignView({ name, me }: { name: string; me: Me }) {
  const loc = useLocation()
  const themeId = loc.query.get('theme')
  const base = `/api/v1/campaigns/${encodeURIComponent(name)}`
  const { data, error, loading, reload } = useApi<CampaignViewData>(base)
  useLiveReload(reload)

  const participation = useMemo(() => {
    if (!data) return undefined
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: data.participation.items.map((b) => fmtShort(b.t)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('campaign.posts'),
          type: 'bar',
          itemStyle: { color: '#0b5cad' },
          data: data.participation.items.map((b) => b.posts),
        },
        {
          name: t('campaign.participants'),
          type: 'line',
          itemStyle: { color: '#7a3e00' },
          data: data.participation.items.map((b) => b.participants),
        },
      ],
    }
  }, [data])

  if (!data) return <Status loading={loading} error={error} reload={reload} />
  const role = me.user.role
  const mayExport = role === 'admin' || role === 'analyst'
  const mayAct = role !== 'viewer'
  const sentTotal = SENT.reduce((s, k) => s + data.sentiment[k], 0)
  const intents = Object.entries(data.intents)
    .filter(([k]) => k !== 'questionsAsked' && k !== 'suggestionsMade')
    .sort((a, b) => b[1] - a[1])
  const places = [...data.places.features]
    .filter((f) => f.properties.n > 0)
    .sort((a, b) => b.properties.n - a.properties.n)
  const filters = { campaign: name, theme: themeId ?? undefined }
  const selectTheme = (id: string | null) =>
    navigate(`/campaigns/${encodeURIComponent(name)}${qs({ theme: id })}`)

  return (
    <>
      <h1>{data.title}</h1>
      <p className="muted">
        {data.hashtags.map((h) => `#${h}`).join(' ')} ·{' '}
        {data.period.from ? fmtDateTime(data.period.from) : ''} –{' '}
        {data.period.to ? fmtDateTime(data.period.to) : t('campaigns.ongoing')}
        {data.ownerTeam ? ` · ${t('campaign.owner', { team: data.ownerTeam })}` : ''} ·{' '}
        <span aria-live="polite">
          {t('campaign.updated', { at: fmtDateTime(data.refreshedAt) })}
        </span>
      </p>
      {data.questions.length > 0 && (
        <p className="campaign-question">
          <strong>{t('campaign.asked')}</strong> {data.questions.join(' ')}
        </p>
      )}
      <div className="toolbar campaign-downloads">
        {mayExport && (
          <a
            className="button secondary"
            href={`/api/v1/exports/posts.csv${qs(filters)}`}
            download
            data-testid="export-csv"
          >
            {themeId ? t('campaign.exportThemeCsv') : t('campaign.exportCsv')}
          </a>
        )}
        <a className="button secondary" href={`${base}/report.html`} target="_blank" rel="noopener">
          {t('campaign.reportHtml')}
        </a>
        <a
          className="button secondary"
          href={`${base}/report.pdf`}
          download
          data-testid="report-pdf"
        >
          {t('campaign.reportPdf')}
        </a>
      </div>
      <div className="kpis">
        <div className="kpi">
          <span className="kpi-n" data-testid="campaign-posts">
            {fmtNumber(data.posts)}
          </span>
          <span>{t('campaign.posts')}</span>
        </div>
        <div className="kpi">
          <span className="kpi-n" data-testid="campaign-participants">
            {fmtNumber(data.participants)}
          </span>
          <span>{t('campaign.participantsCounted')}</span>
        </div>
        <div className="kpi">
          <span className="kpi-n">{fmtNumber(data.intents.questionsAsked)}</span>
          <span>{t('campaign.questionsAsked')}</span>
        </div>
        <div className="kpi">
          <span className="kpi-n">{fmtNumber(data.intents.suggestionsMade)}</span>
          <span>{t('campaign.suggestionsMade')}</span>
        </div>
      </div>
      <div className="grid2">
        <section className="card wide" aria-labelledby="part-title">
          <h2 id="part-title">{t('campaign.participation')}</h2>
          <p className="muted">
            {t(data.participation.bucket === 'hour' ? 'campaign.perHour' : 'campaign.perDay')}
          </p>
          <Suspense fallback={<Status loading error={undefined} />}>
            {participation && data.participation.items.length > 0 && (
              <Chart option={participation} label={t('campaign.participation')} height={240} />
            )}
          </Suspense>
          <details>
            <summary>{t('campaign.asTable')}</summary>
            <table className="data">
              <caption>{t('campaign.participation')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('campaign.period')}</th>
                  <th scope="col" className="num">
                    {t('campaign.posts')}
                  </th>
                  <th scope="col" className="num">
                    {t('campaign.participants')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.participation.items.map((b) => (
                  <tr key={b.t}>
                    <th scope="row">{fmtDateTime(b.t)}</th>
                    <td className="num">{fmtNumber(b.posts)}</td>
                    <td className="num">{fmtNumber(b.participants)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </section>

        <section className="card" aria-labelledby="reach-title">
          <h2 id="reach-title">{t('campaign.reach')}</h2>
          <table className="data">
            <caption className="sr-only">{t('campaign.reach')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('campaign.platform')}</th>
                <th scope="col" className="num">
                  {t('campaign.posts')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.platforms.map((p) => (
                <tr key={p.platform}>
                  <th scope="row">{p.platform}</th>
                  <td className="num">{fmtNumber(p.posts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card" aria-labelledby="sent-title">
          <h2 id="sent-title">{t('campaign.sentimentIntents')}</h2>
          <table className="data">
            <caption>{t('campaign.sentiment')}</caption>
            <tbody>
              {SENT.map((s) => (
                <tr key={s}>
                  <th scope="row">
                    <span
                      className="swatch"
                      style={{ background: SENT_COLORS[s] }}
                      aria-hidden="true"
                    />{' '}
                    {tx('sentiment', s)}
                  </th>
                  <td className="num">{fmtNumber(data.sentiment[s])}</td>
                  <td className="num">
                    {fmtPercent(sentTotal ? data.sentiment[s] / sentTotal : 0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data">
            <caption>{t('campaign.intents')}</caption>
            <tbody>
              {intents.map(([k, n]) => (
                <tr key={k}>
                  <th scope="row">{tx('intent', k)}</th>
                  <td className="num">{fmtNumber(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        {themeId ? (
          <ThemePanel campaign={name} id={themeId} onClose={() => selectTheme(null)} />
        ) : (
          <section className="card wide" aria-labelledby="themes-title" data-testid="themes">
            <h2 id="themes-title">
              {t('campaign.themes', { count: fmtNumber(data.themes.length) })}
            </h2>
            {data.themes.length === 0 ? (
              <p className="muted">{t('campaign.noThemes')}</p>
            ) : (
              <ol className="themes">
                {data.themes.map((x) => (
                  <li key={x.id}>
                    <Link
                      to={`/campaigns/${encodeURIComponent(name)}${qs({ theme: x.id })}`}
                      className="theme-link"
                    >
                      {x.label}
                    </Link>{' '}
                    <span className="count">
                      {t('campaign.themeCount', {
                        size: fmtNumber(x.size),
                        share: fmtPercent(x.share),
                      })}
                    </span>
                    <span className="sentbar" aria-hidden="true">
                      {SENT.map((s) => (
                        <span
                          key={s}
                          style={{
                            background: SENT_COLORS[s],
                            flexGrow: x.sentiment[s],
                          }}
                        />
                      ))}
                    </span>
                    <span className="sr-only">
                      {SENT.map((s) => `${tx('sentiment', s)} ${x.sentiment[s]}`).join(', ')}
                    </span>
                    {x.quotes[0] && <blockquote>{x.quotes[0]}</blockquote>}
                  </li>
                ))}
              </ol>
            )}
            {data.unthemed > 0 && (
              <p className="muted">{t('campaign.unthemed', { count: fmtNumber(data.unthemed) })}</p>
            )}
          </section>
        )}

        <section className="card wide" aria-labelledby="places-title">
          <h2 id="places-title">{t('campaign.places')}</h2>
          <Suspense fallback={<Status loading error={undefined} />}>
            <WardMap
              features={data.places.features}
              metric="n"
              label={t('campaign.mapLabel')}
              height={360}
            />
          </Suspense>
          <table className="data">
            <caption>{t('campaign.placesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('map.ward')}</th>
                <th scope="col" className="num">
                  {t('campaign.posts')}
                </th>
                <th scope="col" className="num">
                  {t('campaign.questionsAsked')}
                </th>
              </tr>
            </thead>
            <tbody>
              {places.map((f) => (
                <tr key={f.properties.code}>
                  <th scope="row">{f.properties.name}</th>
                  <td className="num">{fmtNumber(f.properties.n)}</td>
                  <td className="num">{fmtNumber(f.properties.complaints)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.places.unplaced > 0 && (
            <p className="muted">
              {t('campaign.unplaced', { count: fmtNumber(data.places.unplaced) })}
            </p>
          )}
        </section>

        <Waiting data={data.waiting} mayOpen={mayAct} />
        <ActionsSection
          campaign={name}
          themes={data.themes}
          actions={data.actions}
          mayAdd={mayAct}
          onAdded={reload}
        />
      </div>
    </>
  )
}
