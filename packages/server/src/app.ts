/**
 * The HTTP application. `createApp(deps)` builds the Fastify instance and never listens, so tests
 * call it in-process with `app.inject()`; `listen` is the caller's job (build/listen split).
 *
 * Every route declares `config.policy` (public, any signed-in user, or a list of roles); the auth
 * hook enforces it and refuses a route that has none. `app.routeTable` lists every route with its
 * policy so a test can check that none is missing.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import { fastifySSE } from '@fastify/sse'
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import { isAppError, type Store } from '@civicpulse/core'
import type { Database } from './adapters.js'
import { installAuth } from './auth/hook.js'
import type { FailureLimiter } from './auth/rate-limit.js'
import type { Policy } from './auth/roles.js'
import {
  Ctx,
  LiveHub,
  type CorrectionEvent,
  type IncidentActions,
  type LiveSource,
} from './context.js'
import { HttpError } from './errors.js'
import { aggregateRoutes } from './routes/aggregates.js'
import { authRoutes } from './routes/auth.js'
import { campaignRoutes } from './routes/campaigns.js'
import { exportRoutes } from './routes/exports.js'
import { reportRoutes } from './routes/reports.js'
import { respondRoutes } from './routes/respond.js'
import type { RespondRuntime } from './respond.js'
import { incidentRoutes } from './routes/incidents.js'
import { postRoutes } from './routes/posts.js'
import { systemRoutes } from './routes/system.js'
import { SECURITY_HEADERS } from './security.js'

/** What the app is built from; everything but the store is optional. */
export interface AppDeps {
  store: Store
  /** The Kysely handle for the read queries; defaults to `store.db` when the store has one (SQLite). */
  db?: Kysely<Database>
  /** The product version shown by /healthz and the OpenAPI document. */
  version?: string
  logger?: boolean
  /** Live events from the pipeline, relayed to `/api/v1/events` subscribers. */
  live?: LiveSource
  /**
   * Incident lifecycle through the detect stage (which holds live incidents in memory). Without it
   * the API applies the same core transitions to the stored incident itself.
   */
  incidents?: IncidentActions
  /** Called after a correction is stored, so the model can learn from it. */
  onCorrection?: (c: CorrectionEvent) => void | Promise<void>
  /** The built web app folder (default packages/web/dist); false serves no web app. */
  webDist?: string | false
  /** Taxonomy YAML (default: the UK local one). */
  taxonomyPath?: string
  /** Ward boundaries GeoJSON (default: the Lewisham demo wards). */
  wardsPath?: string
  /** Secure cookies: true, false, or 'auto' (when the request came over https; the default). */
  secureCookies?: boolean | 'auto'
  /** Trust X-Forwarded-* from a reverse proxy (for client addresses and https detection). */
  trustProxy?: boolean
  /** The clock (tests pin it). */
  now?: () => number
  /** How long aggregate responses (overview, series, map) are reused, in ms (default 10 s; 0 = never). */
  aggregateCacheMs?: number
  /** Login throttle override (tests). */
  loginLimiter?: FailureLimiter
  /** Respond (cases, replies, Open311); default: built on first use over `db` with config/respond.yaml. */
  respond?: RespondRuntime | Promise<RespondRuntime>
}

/** One registered route and who may call it. */
export interface RouteEntry {
  method: string
  url: string
  policy: Policy | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its policy (filled as routes are added). */
    routeTable: RouteEntry[]
  }
}

/** Routes added by plugins (docs UI, static files) and the policy they get. */
const PLUGIN_ROUTE_POLICIES: Array<{ prefix: string; policy: Policy }> = [
  { prefix: '/api/v1/docs', policy: 'public' },
  { prefix: '/assets/', policy: 'public' },
  { prefix: '/open311/', policy: 'public' },
  { prefix: '/*', policy: 'public' },
]

/** The default location of the built web app. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))

/** Builds the app with its routes. */
export function createApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({ logger: deps.logger ?? false, trustProxy: deps.trustProxy ?? false })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  const now = deps.now ?? Date.now
  const db = deps.db ?? (deps.store as Partial<{ db: Kysely<Database> }>).db
  const hub = new LiveHub()
  const ctx = new Ctx(
    db,
    now,
    hub,
    deps.taxonomyPath,
    deps.wardsPath,
    deps.onCorrection,
    deps.incidents,
    deps.aggregateCacheMs,
  )
  // Incident changes show at once on the overview (its cached aggregates include incident counts).
  hub.subscribe((e) => {
    if (e.type.startsWith('incident.')) ctx.aggregates.clear()
  })
  const off = deps.live?.subscribe((e) => hub.publish(e))
  app.addHook('onClose', async () => off?.())

  app.decorate('routeTable', [] as RouteEntry[])
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { policy?: Policy }
    if (config.policy === undefined) {
      const known = PLUGIN_ROUTE_POLICIES.find((p) => route.url.startsWith(p.prefix))
      if (known) (route as { config: unknown }).config = { ...config, policy: known.policy }
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const m of methods)
      app.routeTable.push({
        method: m,
        url: route.url,
        policy: (route.config as { policy?: Policy } | undefined)?.policy,
      })
  })

  // The only place errors become HTTP responses.
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) {
      return reply
        .status(err.status)
        .headers(err.headers)
        .send({ error: { code: err.code, message: err.message } })
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map(
        (v) =>
          `${v.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'request'}: ${v.message}`,
      )
      return reply.status(400).send({
        error: {
          code: 'REQUEST_INVALID',
          message: `The request is not valid: ${issues.join('; ')}`,
        },
      })
    }
    if (isAppError(err)) {
      const status = {
        not_found: 404,
        invalid: 400,
        conflict: 409,
        forbidden: 403,
        unauthenticated: 401,
        rate_limited: 429,
        unavailable: 503,
        internal: 500,
      }[err.kind]
      return reply.status(status).send({ error: { code: err.code, message: err.message } })
    }
    const e = err as { statusCode?: number; message?: string }
    if (e.statusCode && e.statusCode < 500) {
      return reply
        .status(e.statusCode)
        .send({ error: { code: 'REQUEST_INVALID', message: e.message ?? 'Invalid request.' } })
    }
    req.log.error(err)
    return reply.status(500).send({
      error: {
        code: 'INTERNAL',
        message: `Something went wrong inside Civic Pulse (request ${req.id}).`,
      },
    })
  })
  app.addHook('onSend', async (req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v)
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
  })

  // The cookie parser's hook must run before the auth hook, so the auth hook is added once it loaded.
  void app.register(fastifyCookie)
  app.after(() => installAuth(app, db, now))
  void app.register(fastifySSE, { heartbeatInterval: 25_000 })
  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Civic Pulse API',
        version: deps.version ?? '0.1.0',
        description:
          'What citizens say about public services, sieved and counted. Sign in with POST /api/v1/auth/login (session cookie; send the returned csrfToken as X-CSRF-Token on POST), or send an API token as `Authorization: Bearer cpt_…`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cp_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  })
  void app.register(fastifySwaggerUi, { routePrefix: '/api/v1/docs', staticCSP: false })

  void app.register(async (api) => {
    api.get(
      '/healthz',
      { config: { policy: 'public' }, schema: { tags: ['system'], summary: 'Liveness.' } },
      async () => ({ status: 'ok', version: deps.version ?? '0.1.0' }),
    )
    api.get(
      '/api/v1/openapi.json',
      { config: { policy: 'public' }, schema: { hide: true } },
      async () => api.swagger(),
    )
    const secure = (protocol: string) =>
      deps.secureCookies === undefined || deps.secureCookies === 'auto'
        ? protocol === 'https'
        : deps.secureCookies
    authRoutes(api, ctx, { secure, ...(deps.loginLimiter ? { limiter: deps.loginLimiter } : {}) })
    postRoutes(api, ctx)
    aggregateRoutes(api, ctx)
    incidentRoutes(api, ctx)
    campaignRoutes(api, ctx)
    reportRoutes(api, ctx)
    exportRoutes(api, ctx)
    respondRoutes(api, ctx, deps.respond)
    systemRoutes(api, ctx, deps.store)
  })

  const dist = deps.webDist === false ? undefined : (deps.webDist ?? DEFAULT_WEB_DIST)
  const hasWeb = dist !== undefined && existsSync(join(dist, 'index.html'))
  if (hasWeb) {
    void app.register(fastifyStatic, {
      root: dist,
      wildcard: true,
      index: 'index.html',
      setHeaders: (res, path) => {
        res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
      },
    })
  }
  app.setNotFoundHandler((req, reply) => {
    const accept = req.headers.accept ?? ''
    if (
      hasWeb &&
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      accept.includes('text/html')
    ) {
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .sendFile('index.html')
    }
    return reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: 'There is nothing at this address.' } })
  })
  return app
}
