/**
 * Map: a ward choropleth of complaints (GeoJSON boundaries, no tiles) and the same figures as a
 * table. Selecting a ward opens its complaints in Explore.
 */
import { lazy, Suspense } from 'react'
import { qs } from '../api.js'
import { useApi } from '../hooks.js'
import { fmtDateTime, fmtNumber, t } from '../i18n.js'
import { Link, navigate } from '../router.js'
import { Status } from '../components/Status.js'
import type { WardFeature } from '../components/WardMap.js'

const WardMap = lazy(() => import('../components/WardMap.js'))

interface MapData {
  from: string
  to: string
  unplaced: number
  features: WardFeature[]
}

/** The map page. */
export default function MapPage() {
  const { data, error, loading, reload } = useApi<MapData>('/api/v1/map/wards')
  if (!data) return <Status loading={loading} error={error} reload={reload} />
  const range = { from: data.from, to: data.to }
  const rows = [...data.features].sort((a, b) => b.properties.complaints - a.properties.complaints)
  return (
    <>
      <h1>{t('map.title')}</h1>
      <p className="muted">
        {t('overview.range', { from: fmtDateTime(data.from), to: fmtDateTime(data.to) })}.{' '}
        {t('map.help')}
      </p>
      <div className="grid2">
        <section className="card wide">
          <Suspense fallback={<Status loading error={undefined} />}>
            <WardMap
              features={data.features}
              metric="complaints"
              label={t('map.ariaLabel')}
              onSelect={(code) =>
                navigate(`/explore${qs({ ...range, ward: code, intent: 'complaint' })}`)
              }
            />
          </Suspense>
          {data.unplaced > 0 && (
            <p className="muted">{t('map.unplaced', { count: fmtNumber(data.unplaced) })}</p>
          )}
        </section>
        <section className="card">
          <table className="data">
            <caption>{t('map.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('map.ward')}</th>
                <th scope="col" className="num">
                  {t('map.complaints')}
                </th>
                <th scope="col" className="num">
                  {t('map.negative')}
                </th>
                <th scope="col" className="num">
                  {t('map.posts')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.properties.code}>
                  <th scope="row">
                    <Link
                      to={`/explore${qs({ ...range, ward: f.properties.code, intent: 'complaint' })}`}
                    >
                      {f.properties.name}
                    </Link>
                  </th>
                  <td className="num">{fmtNumber(f.properties.complaints)}</td>
                  <td className="num">{fmtNumber(f.properties.neg)}</td>
                  <td className="num">{fmtNumber(f.properties.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  )
}
