/**
 * Signing the seeded test users in through the real login route, for tests that call the app with
 * `app.inject()`: the session cookie and the CSRF token to send on writes.
 */
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import type { Role } from '../auth/roles.js'
import { TEST_PASSWORD, TEST_USERS } from './seed.js'

/** A signed-in test user: the cookie header value and the CSRF token. */
export interface TestSession {
  cookie: string
  csrf: string
}

/** Signs in the seeded user of a role (fails the test when the login is refused). */
export async function signIn(app: FastifyInstance, role: Role): Promise<TestSession> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: TEST_USERS[role], password: TEST_PASSWORD },
  })
  assert.equal(res.statusCode, 200, res.body)
  const c = res.cookies.find((x) => x.name === 'cp_session')
  assert.ok(c, 'the login set no session cookie')
  return { cookie: `cp_session=${c.value}`, csrf: (res.json() as { csrfToken: string }).csrfToken }
}

/** Signs in one seeded user per role. */
export async function signInAll(
  app: FastifyInstance,
  roles: readonly Role[],
): Promise<Map<Role, TestSession>> {
  const sessions = new Map<Role, TestSession>()
  for (const r of roles) sessions.set(r, await signIn(app, r))
  return sessions
}
