/**
 * Mounts Respond on the app: the runtime (given, or built once on first use over the app's
 * database), its events on the live stream, the inbox routes and the Open311 GeoReport v2 server
 * at `/open311/v2/` backed by cases (API keys from `civicpulse open311 keys add`).
 */
import type { FastifyInstance } from 'fastify'
import { open311Plugin, servicesFromTaxonomy, type Open311Service } from '@civicpulse/adapters'
import type { Ctx } from '../context.js'
import { RespondRuntime } from '../respond.js'
import { caseRoutes } from './cases.js'
import { respondSettingsRoutes } from './respond-settings.js'

/** Registers Respond's routes and the Open311 server. */
export function respondRoutes(
  app: FastifyInstance,
  ctx: Ctx,
  given: RespondRuntime | Promise<RespondRuntime> | undefined,
): void {
  let built: Promise<RespondRuntime> | undefined
  let off: (() => void) | undefined
  const respond = (): Promise<RespondRuntime> => {
    if (!built) {
      const taxonomy = ctx.taxonomy()
      built = Promise.resolve(
        given ??
          RespondRuntime.create({ db: ctx.db, now: ctx.now, ...(taxonomy ? { taxonomy } : {}) }),
      ).then((rt) => {
        off = rt.subscribe((e) => ctx.hub.publish(e))
        return rt
      })
      built.catch(() => (built = undefined))
    }
    return built
  }
  // A given runtime's background events (auto-opened cases, sent replies) reach the stream at once.
  if (given) void respond()
  app.addHook('onClose', async () => off?.())

  caseRoutes(app, ctx, respond)
  respondSettingsRoutes(app, ctx, respond)

  let services: Open311Service[] | undefined
  const serviceList = () => {
    const t = ctx.taxonomy()
    services ??= t ? servicesFromTaxonomy(t) : []
    return services
  }
  void app.register(open311Plugin, {
    services: () => serviceList(),
    apiKeys: async (k) =>
      (await (await respond()).settings.checkOpen311Key(k, ctx.now())) !== undefined,
    timeZone: 'Europe/London',
    now: ctx.now,
    discovery: {
      key_service:
        'Ask the council for an API key; it is issued with civicpulse open311 keys add NAME.',
    },
    requests: {
      create: async (input, c) => (await store()).create(input, c),
      get: async (id) => (await store()).get(id),
      list: async (f) => (await store()).list(f),
      token: async (t) => (await store()).token(t),
    },
  })
  const store = async () => (await respond()).open311.withServices(serviceList())
}
