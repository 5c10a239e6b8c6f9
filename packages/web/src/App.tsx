/**
 * The shell: sign-in gate, header with navigation, and the page for the current path.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react'
import { api, setCsrfToken, UNAUTHENTICATED_EVENT, type Me } from './api.js'
import { t, tx, type MsgKey } from './i18n.js'
import { Link, navigate, useLocation } from './router.js'
import { SignIn } from './pages/SignIn.js'
import { Status } from './components/Status.js'

const Overview = lazy(() => import('./pages/Overview.js'))
const MapPage = lazy(() => import('./pages/MapPage.js'))
const Incidents = lazy(() => import('./pages/Incidents.js'))
const IncidentDetail = lazy(() => import('./pages/IncidentDetail.js'))
const Explore = lazy(() => import('./pages/Explore.js'))
const PostDetail = lazy(() => import('./pages/PostDetail.js'))
const Sources = lazy(() => import('./pages/Sources.js'))
const Campaigns = lazy(() => import('./pages/campaigns/Campaigns.js'))
const CampaignView = lazy(() => import('./pages/campaigns/CampaignView.js'))
const Inbox = lazy(() => import('./pages/inbox/Inbox.js'))
const CaseDetail = lazy(() => import('./pages/inbox/CaseDetail.js'))

const NAV: Array<{ to: string; key: MsgKey }> = [
  { to: '/', key: 'nav.overview' },
  { to: '/inbox', key: 'nav.inbox' },
  { to: '/map', key: 'nav.map' },
  { to: '/incidents', key: 'nav.incidents' },
  { to: '/explore', key: 'nav.explore' },
  { to: '/campaigns', key: 'nav.campaigns' },
  { to: '/sources', key: 'nav.sources' },
]

function titleFor(path: string): string {
  const n = NAV.find((x) => (x.to === '/' ? path === '/' : path.startsWith(x.to)))
  if (path.startsWith('/posts/')) return t('post.title')
  if (path.startsWith('/cases/')) return t('case.title')
  if (path === '/signin') return t('signin.title')
  return n ? t(n.key) : t('app.name')
}

/** The whole app. */
export function App() {
  const loc = useLocation()
  const [me, setMe] = useState<Me | null | undefined>(undefined)

  useEffect(() => {
    api<Me>('/api/v1/me').then(
      (m) => {
        setCsrfToken(m.csrfToken)
        setMe(m)
      },
      () => setMe(null),
    )
    const gone = () => {
      setCsrfToken(null)
      setMe(null)
    }
    window.addEventListener(UNAUTHENTICATED_EVENT, gone)
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, gone)
  }, [])

  useEffect(() => {
    document.title = `${titleFor(loc.path)} · ${t('app.name')}`
  }, [loc.path])

  const signedIn = useCallback(
    (m: Me) => {
      setCsrfToken(m.csrfToken)
      setMe(m)
      const next = loc.query.get('next')
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true)
    },
    [loc.query],
  )

  const signOut = async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST' })
    } finally {
      setCsrfToken(null)
      setMe(null)
      navigate('/signin', true)
    }
  }

  if (me === undefined) return <Status loading error={undefined} />
  if (me === null) {
    if (loc.path !== '/signin') {
      navigate(`/signin${loc.href !== '/' ? `?next=${encodeURIComponent(loc.href)}` : ''}`, true)
      return null
    }
    return <SignIn onSignedIn={signedIn} />
  }
  if (loc.path === '/signin') {
    navigate('/', true)
    return null
  }

  const p = loc.path
  let page
  let m: RegExpExecArray | null
  if (p === '/') page = <Overview />
  else if (p === '/map') page = <MapPage />
  else if (p === '/incidents') page = <Incidents />
  else if ((m = /^\/incidents\/([^/]+)$/.exec(p)))
    page = <IncidentDetail id={decodeURIComponent(m[1] ?? '')} me={me} />
  else if (p === '/explore') page = <Explore me={me} />
  else if ((m = /^\/posts\/([^/]+)$/.exec(p)))
    page = <PostDetail id={decodeURIComponent(m[1] ?? '')} me={me} />
  else if (p === '/sources') page = <Sources />
  else if (p === '/campaigns') page = <Campaigns me={me} />
  else if ((m = /^\/campaigns\/([^/]+)$/.exec(p)))
    page = <CampaignView name={decodeURIComponent(m[1] ?? '')} me={me} />
  else if (p === '/inbox') page = <Inbox me={me} />
  else if ((m = /^\/cases\/([^/]+)$/.exec(p)))
    page = <CaseDetail id={decodeURIComponent(m[1] ?? '')} me={me} />
  else
    page = (
      <>
        <h1>{t('notFound.title')}</h1>
        <Link to="/">{t('notFound.back')}</Link>
      </>
    )

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.map((n) => {
              const active = n.to === '/' ? p === '/' : p.startsWith(n.to)
              return (
                <li key={n.to}>
                  <Link to={n.to} aria-current={active ? 'page' : undefined}>
                    {t(n.key)}
                  </Link>
                </li>
              )
            })}
          </ul>
        </nav>
        <div className="user">
          <span>{t('nav.signedInAs', { name: me.user.name, role: tx('role', me.user.role) })}</span>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Status loading error={undefined} />}>{page}</Suspense>
      </main>
    </>
  )
}
