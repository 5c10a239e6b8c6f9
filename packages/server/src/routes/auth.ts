/**
 * Sign in, sign out, who am I, and the admin's user, token and access-log routes.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Q } from '../adapters.js'
import { CSRF_HEADER, SESSION_COOKIE, SESSION_TTL_MS } from '../auth/hook.js'
import { verifyPassword } from '../auth/passwords.js'
import { FailureLimiter } from '../auth/rate-limit.js'
import { CAN, can, type Principal } from '../auth/roles.js'
import { randomToken, sha256 } from '../auth/tokens.js'
import { createApiToken } from '../auth/users.js'
import type { Ctx } from '../context.js'
import { HttpError, notFound } from '../errors.js'
import { decodeId, encodeId } from '../ids.js'

const UserOut = z.object({
  email: z.string(),
  name: z.string(),
  role: z.string(),
  /** The user's Respond team (GET /api/v1/me only). */
  team: z.string().nullable().optional(),
})
const MeOut = z.object({
  user: UserOut,
  csrfToken: z.string().nullable(),
  csrfHeader: z.string(),
  can: z.record(z.string(), z.boolean()),
})

function me(p: Principal) {
  return {
    user: { email: p.email, name: p.name, role: p.role },
    csrfToken: p.csrfToken ?? null,
    csrfHeader: CSRF_HEADER,
    can: Object.fromEntries(Object.keys(CAN).map((k) => [k, can(p.role, k as keyof typeof CAN)])),
  }
}

/** Registers the auth routes; `secure` decides the cookie's Secure flag per request. */
export function authRoutes(
  app: FastifyInstance,
  ctx: Ctx,
  opts: { secure: (protocol: string) => boolean; limiter?: FailureLimiter },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>()
  // 5 failures per address and 10 per e-mail in 15 minutes.
  const byIp = opts.limiter ?? new FailureLimiter(5, 15 * 60_000, ctx.now)
  const byEmail = new FailureLimiter(10, 15 * 60_000, ctx.now)

  r.post(
    '/api/v1/auth/login',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie.',
        body: z.object({
          email: z.string().min(3).max(254),
          password: z.string().min(1).max(1024),
        }),
        response: { 200: MeOut },
      },
    },
    async (req, reply) => {
      const email = req.body.email.trim().toLowerCase()
      const wait = Math.max(byIp.retryAfter(req.ip), byEmail.retryAfter(email))
      if (wait > 0) {
        throw new HttpError(
          429,
          'LOGIN_RATE_LIMITED',
          'Too many failed sign-ins. Wait a few minutes and try again.',
          { 'retry-after': String(Math.ceil(wait / 1000)) },
        )
      }
      const user = await Q.findUserByEmail(ctx.db, email)
      const ok = await verifyPassword(
        user && !user.disabled ? user.password_hash : undefined,
        req.body.password,
      )
      if (!ok || !user) {
        byIp.fail(req.ip)
        byEmail.fail(email)
        throw new HttpError(
          401,
          'LOGIN_FAILED',
          'That e-mail and password do not match an account.',
        )
      }
      byIp.reset(req.ip)
      byEmail.reset(email)
      const sid = randomToken()
      const csrfToken = randomToken()
      const now = ctx.now()
      await Q.insertSession(ctx.db, {
        idHash: sha256(sid),
        userId: user.id,
        csrfToken,
        at: now,
        expiresAt: now + SESSION_TTL_MS,
      })
      reply.setCookie(SESSION_COOKIE, sid, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: opts.secure(req.protocol),
        maxAge: SESSION_TTL_MS / 1000,
      })
      return me({
        userId: user.id,
        email: user.email,
        name: user.name,
        role: user.role as Principal['role'],
        via: 'session',
        csrfToken,
      })
    },
  )

  r.post(
    '/api/v1/auth/logout',
    {
      config: { policy: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Sign out: ends the session.' },
    },
    async (req, reply) => {
      if (req.principal?.sessionHash)
        await Q.deleteSession(ctx.db, req.principal.sessionHash, ctx.now())
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.status(204).send()
    },
  )

  r.get(
    '/api/v1/me',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, their permissions and CSRF token.',
        response: { 200: MeOut },
      },
    },
    async (req) => {
      const p = req.principal as Principal
      const t = await ctx.db
        .selectFrom('user_teams')
        .select('team')
        .where('user_id', '=', p.userId)
        .executeTakeFirst()
      const m = me(p)
      return { ...m, user: { ...m.user, team: t?.team ?? null } }
    },
  )

  r.get(
    '/api/v1/admin/users',
    { config: { policy: ['admin'] }, schema: { tags: ['admin'], summary: 'List user accounts.' } },
    async () => ({
      items: (await Q.listUsers(ctx.db)).map((u) => ({
        email: u.email,
        name: u.name,
        role: u.role,
        disabled: Boolean(u.disabled),
        createdAt: new Date(Number(u.created_at)).toISOString(),
        lastLoginAt: u.last_login_at ? new Date(Number(u.last_login_at)).toISOString() : null,
      })),
    }),
  )

  r.post(
    '/api/v1/admin/tokens',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['admin'],
        summary:
          'Create an API token for an integration (shown once; it acts with its user’s role).',
        body: z.object({ email: z.string().max(254), name: z.string().min(1).max(100) }),
      },
    },
    async (req, reply) => {
      const user = await Q.findUserByEmail(ctx.db, req.body.email)
      if (!user) throw notFound('user')
      const token = await createApiToken(ctx.db, user.id, req.body.name)
      return reply
        .status(201)
        .send({ token, email: user.email, role: user.role, name: req.body.name })
    },
  )

  r.get(
    '/api/v1/admin/access-log',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'Who viewed which post with its author visible, newest first.',
        querystring: z.object({
          post: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (req) => {
      const postId = req.query.post ? decodeId('p', req.query.post) : undefined
      if (req.query.post && postId === undefined) throw notFound('post')
      const rows = await Q.listAccess(ctx.db, { postId, limit: req.query.limit })
      return {
        items: rows.map((a) => ({
          post: encodeId('p', a.post_id),
          user: a.email,
          view: a.view,
          at: new Date(Number(a.at)).toISOString(),
        })),
      }
    },
  )
}
