/**
 * Sources and their health, store statistics, and the live event stream (SSE).
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Store } from '@civicpulse/core'
import { Q } from '../adapters.js'
import type { Ctx, LiveEvent } from '../context.js'

const iso = (t: number) => new Date(Number(t)).toISOString()
const MIN = 60_000

/** How a source looks from what the store recorded: when did it last deliver? */
export function health(
  lastReceivedAt: number | undefined,
  now: number,
): 'live' | 'quiet' | 'stale' | 'unknown' {
  if (!lastReceivedAt) return 'unknown'
  const age = now - lastReceivedAt
  if (age <= 15 * MIN) return 'live'
  if (age <= 24 * 60 * MIN) return 'quiet'
  return 'stale'
}

/** Registers sources, stats and the event stream. */
export function systemRoutes(app: FastifyInstance, ctx: Ctx, store: Store): void {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/api/v1/sources',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['sources'],
        summary:
          'Source health from what the store recorded: posts and newest post per platform, ingest checkpoints, quarantined records. Health is "live" (delivered in the last 15 minutes), "quiet" (in the last day) or "stale".',
      },
    },
    async () => {
      const now = ctx.now()
      const [platforms, cps, quarantine] = await Promise.all([
        Q.platformActivity(ctx.db),
        Q.checkpoints(ctx.db),
        Q.quarantineBySource(ctx.db),
      ])
      return {
        checkedAt: iso(now),
        platforms: platforms.map((p) => ({
          platform: p.platform,
          posts: p.posts,
          lastPostAt: iso(p.lastCreatedAt),
          lastReceivedAt: iso(p.lastReceivedAt),
          health: health(p.lastReceivedAt, now),
        })),
        checkpoints: cps.map((c) => ({
          source: c.source,
          cursor: c.cursor,
          updatedAt: iso(c.updated_at),
          health: health(Number(c.updated_at), now),
        })),
        quarantine: quarantine.map((q) => ({
          source: q.source,
          reason: q.reason,
          count: q.count,
          lastAt: iso(q.lastAt),
        })),
      }
    },
  )

  r.get(
    '/api/v1/stats',
    {
      config: { policy: 'authenticated' },
      schema: { tags: ['sources'], summary: 'How many posts and quarantined records are stored.' },
    },
    async () => store.stats(),
  )

  r.get(
    '/api/v1/events',
    {
      config: { policy: 'authenticated' },
      sse: 'only',
      schema: {
        tags: ['live'],
        summary:
          'Live updates as Server-Sent Events: posts.stored (counts), incident.opened, incident.updated.',
        produces: ['text/event-stream'],
      },
    },
    async (_req, reply) => {
      reply.sse.keepAlive()
      let n = 0
      const send = (e: LiveEvent) => {
        if (!reply.sse.isConnected) return
        void reply.sse.send({ id: String(++n), event: e.type, data: e.data }).catch(() => undefined)
      }
      const offs = [ctx.hub.subscribe(send)]
      reply.sse.onClose(() => {
        for (const off of offs) off()
      })
      await reply.sse.send({ event: 'hello', data: { at: iso(ctx.now()) } })
    },
  )
}
