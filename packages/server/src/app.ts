/**
 * The HTTP application. `createApp(deps)` builds the Fastify instance and never listens, so tests
 * call it in-process with `app.inject()`; `listen` is the caller's job (build/listen split).
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { isAppError, type Store } from '@civicpulse/core'

export interface AppDeps {
  store: Store
  /** The product version shown by /healthz. */
  version?: string
  logger?: boolean
}

const STATUS: Record<string, number> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
}

/** Builds the app with its routes. */
export function createApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({ logger: deps.logger ?? false })

  // The only place errors become HTTP responses.
  app.setErrorHandler((err, req, reply) => {
    if (isAppError(err)) {
      return reply.status(STATUS[err.kind] ?? 500).send({ error: { code: err.code, message: err.message } })
    }
    const e = err as { statusCode?: number; message?: string }
    if (e.statusCode && e.statusCode < 500) {
      return reply.status(e.statusCode).send({ error: { code: 'REQUEST_INVALID', message: e.message ?? 'Invalid request.' } })
    }
    req.log.error(err)
    return reply.status(500).send({ error: { code: 'INTERNAL', message: `Something went wrong inside Civic Pulse (request ${req.id}).` } })
  })
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('x-frame-options', 'DENY')
  })

  app.get('/healthz', async () => ({ status: 'ok', version: deps.version ?? '0.1.0' }))
  app.get('/api/v1/stats', async () => deps.store.stats())
  return app
}
