/**
 * Sources: what each platform delivered and when, ingest checkpoints, and quarantined records.
 */
import { useApi } from '../hooks.js'
import { fmtDateTime, fmtNumber, t, tx } from '../i18n.js'
import { Status } from '../components/Status.js'

interface SourcesData {
  checkedAt: string
  platforms: Array<{
    platform: string
    posts: number
    lastPostAt: string
    lastReceivedAt: string
    health: string
  }>
  checkpoints: Array<{ source: string; updatedAt: string; health: string }>
  quarantine: Array<{ source: string; reason: string; count: number; lastAt: string }>
}

/** The sources page. */
export default function Sources() {
  const { data, error, loading, reload } = useApi<SourcesData>('/api/v1/sources')
  if (!data) return <Status loading={loading} error={error} reload={reload} />
  return (
    <>
      <h1>{t('sources.title')}</h1>
      <p className="muted">{t('sources.explain')}</p>
      <section className="card" aria-labelledby="pl-title">
        <h2 id="pl-title">{t('sources.platforms')}</h2>
        {data.platforms.length === 0 ? (
          <p>{t('sources.none')}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('sources.platform')}</th>
                <th scope="col">{t('sources.health')}</th>
                <th scope="col" className="num">
                  {t('sources.posts')}
                </th>
                <th scope="col">{t('sources.lastPost')}</th>
                <th scope="col">{t('sources.lastReceived')}</th>
              </tr>
            </thead>
            <tbody>
              {data.platforms.map((p) => (
                <tr key={p.platform}>
                  <th scope="row">{p.platform}</th>
                  <td>
                    <span className={`badge h-${p.health}`}>{tx('health', p.health)}</span>
                  </td>
                  <td className="num">{fmtNumber(p.posts)}</td>
                  <td>{fmtDateTime(p.lastPostAt)}</td>
                  <td>{fmtDateTime(p.lastReceivedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="cp-title">
        <h2 id="cp-title">{t('sources.checkpoints')}</h2>
        {data.checkpoints.length === 0 ? (
          <p>{t('sources.none')}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('sources.source')}</th>
                <th scope="col">{t('sources.health')}</th>
                <th scope="col">{t('sources.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {data.checkpoints.map((c) => (
                <tr key={c.source}>
                  <th scope="row">{c.source}</th>
                  <td>
                    <span className={`badge h-${c.health}`}>{tx('health', c.health)}</span>
                  </td>
                  <td>{fmtDateTime(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="q-title">
        <h2 id="q-title">{t('sources.quarantine')}</h2>
        {data.quarantine.length === 0 ? (
          <p>{t('sources.none')}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('sources.source')}</th>
                <th scope="col">{t('sources.reason')}</th>
                <th scope="col" className="num">
                  {t('sources.count')}
                </th>
                <th scope="col">{t('sources.lastReceived')}</th>
              </tr>
            </thead>
            <tbody>
              {data.quarantine.map((q) => (
                <tr key={`${q.source}/${q.reason}`}>
                  <th scope="row">{q.source}</th>
                  <td>{q.reason}</td>
                  <td className="num">{fmtNumber(q.count)}</td>
                  <td>{fmtDateTime(q.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
