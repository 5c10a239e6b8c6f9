/**
 * The sign-in page: e-mail and password, errors announced, no account details leaked.
 */
import { useState, type FormEvent } from 'react'
import { api, type Me } from '../api.js'
import { t } from '../i18n.js'

/** Signs in and hands the user to the app. */
export function SignIn({ onSignedIn }: { onSignedIn: (m: Me) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onSignedIn(await api<Me>('/api/v1/auth/login', { method: 'POST', body: { email, password } }))
    } catch (err) {
      setError((err as Error).message)
      setBusy(false)
    }
  }
  return (
    <main id="main" className="signin">
      <h1>{t('app.name')}</h1>
      <p>{t('signin.intro')}</p>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h2 id="signin-title">{t('signin.title')}</h2>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <label htmlFor="email">{t('signin.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">{t('signin.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? t('signin.busy') : t('signin.submit')}
        </button>
      </form>
    </main>
  )
}
