/**
 * The auth hook: resolves the principal from the session cookie or a Bearer token, enforces the
 * route's policy (401 anonymous, 403 wrong role, refuses routes with no policy) and checks the
 * CSRF token on state-changing requests made with a session cookie.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { Q, type Database } from '../adapters.js'
import { forbidden, HttpError, unauthenticated } from '../errors.js'
import { isRole, type Principal } from './roles.js'
import { sha256 } from './tokens.js'

/** The session cookie's name. */
export const SESSION_COOKIE = 'cp_session'
/** The header that must carry the session's CSRF token on POST/PUT/PATCH/DELETE. */
export const CSRF_HEADER = 'x-csrf-token'
/** Idle lifetime of a session: it slides forward while in use. */
export const SESSION_TTL_MS = 8 * 3_600_000

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Reads the principal from a request (session cookie first, then Bearer token). */
export async function authenticate(
  db: Kysely<Database>,
  req: FastifyRequest,
  now: number,
): Promise<Principal | undefined> {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) {
    const t = await Q.findApiToken(db, sha256(auth.slice(7).trim()))
    if (!t || !isRole(t.role)) return undefined
    return { userId: t.user_id, email: t.email, name: t.name, role: t.role, via: 'token' }
  }
  const cookie = req.cookies[SESSION_COOKIE]
  if (!cookie) return undefined
  const idHash = sha256(cookie)
  const s = await Q.findSession(db, idHash, now)
  if (!s || !isRole(s.role)) return undefined
  // Slide the expiry, at most once a minute per session (keeps reads read-only under load).
  if (now - Number(s.last_seen_at) > 60_000)
    await Q.touchSession(db, idHash, now, now + SESSION_TTL_MS)
  return {
    userId: s.user_id,
    email: s.email,
    name: s.name,
    role: s.role,
    via: 'session',
    csrfToken: s.csrf_token,
    sessionHash: idHash,
  }
}

/** Installs the hook that enforces every route's policy. */
export function installAuth(
  app: FastifyInstance,
  db: Kysely<Database> | undefined,
  now: () => number,
): void {
  app.addHook('onRequest', async (req) => {
    // Unmatched URLs go to the not-found handler (SPA fallback / 404) with no data.
    if (!req.routeOptions.url) return
    const policy = req.routeOptions.config.policy
    if (policy === undefined)
      throw new HttpError(
        403,
        'POLICY_MISSING',
        'This route has no access policy, so it is closed.',
      )
    const principal = db ? await authenticate(db, req, now()) : undefined
    if (principal) req.principal = principal
    if (policy === 'public') return
    if (!principal) throw unauthenticated()
    if (policy !== 'authenticated' && !policy.includes(principal.role)) throw forbidden()
    if (!SAFE.has(req.method) && principal.via === 'session') {
      const sent = req.headers[CSRF_HEADER]
      if (typeof sent !== 'string' || sent !== principal.csrfToken) {
        throw new HttpError(
          403,
          'CSRF_INVALID',
          'The request is missing its security token. Reload the page and try again.',
        )
      }
    }
  })
}
