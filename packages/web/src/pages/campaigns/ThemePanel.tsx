/**
 * One theme opened from the campaign view: its size, how its sentiment moved over time (chart and
 * table) and its members' quotes a page at a time. Abusive posts are counted, never quoted.
 */
import { lazy, Suspense, useMemo, useState } from 'react'
import { qs } from '../../api.js'
import { useApi } from '../../hooks.js'
import { fmtDateTime, fmtNumber, fmtPercent, fmtShort, t, tx } from '../../i18n.js'
import { Status } from '../../components/Status.js'
import type { ThemeDetail } from './types.js'

const Chart = lazy(() => import('../../components/Chart.js'))

const SENT = ['negative', 'neutral', 'positive'] as const
export const SENT_COLORS = { negative: '#b3261e', neutral: '#6b7785', positive: '#1e7b34' }
const PAGE = 10

/** The theme panel; `onClose` returns to the theme list. */
export function ThemePanel({
  campaign,
  id,
  onClose,
}: {
  campaign: string
  id: string
  onClose: () => void
}) {
  const [offset, setOffset] = useState(0)
  const { data, error, loading, reload } = useApi<ThemeDetail>(
    `/api/v1/campaigns/${encodeURIComponent(campaign)}/themes/${encodeURIComponent(id)}${qs({ offset, limit: PAGE })}`,
  )
  const trend = useMemo(() => {
    if (!data) return undefined
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 12, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: data.overTime.map((b) => fmtShort(b.t)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SENT.map((s) => ({
        name: t(`sentiment.${s}`),
        type: 'bar',
        stack: 'n',
        itemStyle: { color: SENT_COLORS[s] },
        data: data.overTime.map((b) => b[s]),
      })),
    }
  }, [data])
  if (!data) return <Status loading={loading} error={error} reload={reload} />
  const m = data.members
  return (
    <section
      className="card wide theme-panel"
      aria-labelledby="theme-title"
      data-testid="theme-panel"
    >
      <h2 id="theme-title" tabIndex={-1}>
        {t('campaign.theme', { label: data.label })}
      </h2>
      <p>
        {t('campaign.themeSize', { size: fmtNumber(data.size), share: fmtPercent(data.share) })}{' '}
        <button type="button" className="secondary" onClick={onClose}>
          {t('campaign.backToThemes')}
        </button>
      </p>
      <h3>{t('campaign.themeTrend')}</h3>
      <Suspense fallback={null}>
        {trend && data.overTime.length > 0 && (
          <Chart
            option={trend}
            label={t('campaign.themeTrendLabel', { label: data.label })}
            height={220}
          />
        )}
      </Suspense>
      <table className="data">
        <caption>{t('campaign.themeTrendTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('campaign.period')}</th>
            <th scope="col" className="num">
              {t('common.posts')}
            </th>
            {SENT.map((s) => (
              <th key={s} scope="col" className="num">
                {tx('sentiment', s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.overTime.map((b) => (
            <tr key={b.t}>
              <th scope="row">{fmtDateTime(b.t)}</th>
              <td className="num">{fmtNumber(b.size)}</td>
              {SENT.map((s) => (
                <td key={s} className="num">
                  {fmtNumber(b[s])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('campaign.quotes', { count: fmtNumber(m.total) })}</h3>
      <ol className="quotes" data-testid="theme-quotes" start={m.offset + 1}>
        {m.items.map((q) => (
          <li key={q.post}>
            <blockquote>{q.text}</blockquote>
            <p className="meta">
              {fmtDateTime(q.createdAt)} · {q.platform}
              {q.sentiment ? ` · ${tx('sentiment', q.sentiment)}` : ''}
            </p>
          </li>
        ))}
      </ol>
      <div className="buttons">
        <button
          type="button"
          className="secondary"
          disabled={m.offset === 0}
          onClick={() => setOffset(Math.max(0, m.offset - PAGE))}
        >
          {t('campaign.prev')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={m.offset + m.items.length >= m.total}
          onClick={() => setOffset(m.offset + PAGE)}
        >
          {t('campaign.next')}
        </button>
      </div>
    </section>
  )
}
