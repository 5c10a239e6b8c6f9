/**
 * Aggregates: chart series, the overview, the ward map (GeoJSON with counts), and reference data
 * (taxonomy, wards), all from the `series` summary table: counts, never people.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { INTENTS } from '@civicpulse/core'
import { Q } from '../adapters.js'
import { zTime, type Ctx } from '../context.js'

const DAY = 86_400_000

/** Picks a resolution that gives a readable number of points for a span. */
export function pickRes(span: number): Q.SeriesRes {
  if (span <= 6 * 3_600_000) return 'm5'
  if (span <= 14 * DAY) return 'h1'
  return 'd1'
}

const RangeQuery = z.object({
  from: zTime.optional().describe('Start (ISO 8601). Default: 7 days before `to`.'),
  to: zTime.optional().describe('End, exclusive (ISO 8601). Default: the end of the newest data.'),
  res: z.enum(['m5', 'h1', 'd1']).optional().describe('Bucket size; default picked from the span.'),
})

const DimQuery = z.object({
  service: z.string().max(80).optional(),
  ward: z.string().max(20).optional(),
  intent: z
    .enum([...INTENTS, 'none'])
    .optional()
    .describe("Intent; 'none' for posts with no intent label."),
})

const CountsOut = z.object({ n: z.number(), neg: z.number(), neu: z.number(), pos: z.number() })

/** Resolves a requested range: `to` defaults to the end of the newest series bucket (or now). */
async function resolveRange(
  ctx: Ctx,
  q: { from?: number | undefined; to?: number | undefined; res?: Q.SeriesRes | undefined },
) {
  let to = q.to
  if (to === undefined) {
    const span = await Q.seriesSpan(ctx.db, 'h1')
    to = span ? span.last + 3_600_000 : Math.ceil(ctx.now() / 3_600_000) * 3_600_000
  }
  const from = q.from ?? to - 7 * DAY
  const res = q.res ?? pickRes(to - from)
  // Align to whole buckets so totals never count a partial bucket twice.
  const step = Q.RES_MS[res]
  return { from: Math.floor(from / step) * step, to: Math.ceil(to / step) * step, res }
}

const iso = (t: number) => new Date(t).toISOString()

/** Registers the aggregate and reference routes. */
export function aggregateRoutes(app: FastifyInstance, ctx: Ctx): void {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/api/v1/series',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['aggregates'],
        summary:
          'Post counts over time (with sentiment split), optionally one line per service, ward or intent.',
        querystring: RangeQuery.extend(DimQuery.shape).extend({
          groupBy: z.enum(['service', 'ward', 'intent']).optional(),
        }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            res: z.string(),
            buckets: z.array(CountsOut.extend({ t: z.string() })),
            groups: z
              .array(
                z.object({
                  key: z.string(),
                  name: z.string(),
                  buckets: z.array(CountsOut.extend({ t: z.string() })),
                }),
              )
              .optional(),
          }),
        },
      },
    },
    async (req) =>
      ctx.aggregates.get(`series ${JSON.stringify(req.query)}`, async () => {
        const range = await resolveRange(ctx, req.query)
        const f: Q.SeriesFilter = {
          ...range,
          service: req.query.service,
          ward: req.query.ward,
          intent: req.query.intent === 'none' ? '' : req.query.intent,
        }
        const buckets = (await Q.seriesByBucket(ctx.db, f)).map(({ bucket, ...c }) => ({
          t: iso(bucket),
          ...c,
        }))
        const out = { from: iso(range.from), to: iso(range.to), res: range.res, buckets }
        if (!req.query.groupBy) return out
        const dim = ({ service: 'service_code', ward: 'ward_code', intent: 'intent' } as const)[
          req.query.groupBy
        ]
        const rows = await Q.seriesByBucketAndDimension(ctx.db, f, dim)
        const groups = new Map<string, Array<Q.Counts & { t: string }>>()
        for (const { bucket, key, ...c } of rows) {
          const list = groups.get(key) ?? []
          list.push({ t: iso(bucket), ...c })
          groups.set(key, list)
        }
        const name = (k: string) =>
          k === ''
            ? 'Unknown'
            : req.query.groupBy === 'service'
              ? ctx.serviceName(k)
              : req.query.groupBy === 'ward'
                ? ctx.wardName(k)
                : k
        return {
          ...out,
          groups: [...groups].map(([key, b]) => ({ key, name: name(key), buckets: b })),
        }
      }),
  )

  r.get(
    '/api/v1/overview',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['aggregates'],
        summary:
          'Everything the overview shows: totals, volume and sentiment over time, top services and wards, open incidents.',
        querystring: RangeQuery,
      },
    },
    async (req) =>
      ctx.aggregates.get(`overview ${JSON.stringify(req.query)}`, async () => {
        const range = await resolveRange(ctx, req.query)
        const f: Q.SeriesFilter = range
        const [totals, complaints, volume, services, wards, byStatus, open] = await Promise.all([
          Q.seriesTotals(ctx.db, f),
          Q.seriesTotals(ctx.db, { ...f, intent: 'complaint' }),
          Q.seriesByBucket(ctx.db, f),
          Q.seriesByDimension(ctx.db, { ...f, intent: 'complaint' }, 'service_code', 9),
          Q.seriesByDimension(ctx.db, { ...f, intent: 'complaint' }, 'ward_code', 9),
          Q.countIncidentsByStatus(ctx.db),
          Q.listIncidents(ctx.db, { status: ['open', 'acknowledged'], limit: 5 }),
        ])
        return {
          from: iso(range.from),
          to: iso(range.to),
          res: range.res,
          totals,
          complaints: complaints.n,
          volume: volume.map(({ bucket, ...c }) => ({ t: iso(bucket), ...c })),
          topServices: services
            .filter((s) => s.key !== '')
            .slice(0, 8)
            .map((s) => ({ code: s.key, name: ctx.serviceName(s.key), ...s, key: undefined })),
          topWards: wards
            .filter((s) => s.key !== '')
            .slice(0, 8)
            .map((s) => ({ code: s.key, name: ctx.wardName(s.key), ...s, key: undefined })),
          incidents: {
            open: byStatus['open'] ?? 0,
            acknowledged: byStatus['acknowledged'] ?? 0,
            resolved: byStatus['resolved'] ?? 0,
          },
          openIncidents: open.rows.map((i) => ({
            id: i.public_id,
            title: i.title,
            severity: i.severity,
            status: i.status,
            updatedAt: iso(Number(i.updated_at)),
            observed: i.observed,
            expected: i.expected,
          })),
        }
      }),
  )

  r.get(
    '/api/v1/map/wards',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['aggregates'],
        summary: 'Ward boundaries as GeoJSON with post, negative and complaint counts per ward.',
        querystring: RangeQuery.extend({
          service: z.string().max(80).optional(),
          intent: z.enum(INTENTS).optional(),
        }),
      },
    },
    async (req, reply) => {
      // Cached as the serialised body: the ward geometry makes it the largest response.
      const body = await ctx.aggregates.get(`map ${JSON.stringify(req.query)}`, async () => {
        const range = await resolveRange(ctx, req.query)
        const f: Q.SeriesFilter = { ...range, service: req.query.service, intent: req.query.intent }
        const [all, complaints] = await Promise.all([
          Q.seriesByDimension(ctx.db, f, 'ward_code'),
          Q.seriesByDimension(ctx.db, { ...f, intent: 'complaint' }, 'ward_code'),
        ])
        const byWard = new Map(all.map((x) => [x.key, x]))
        const cByWard = new Map(complaints.map((x) => [x.key, x.n]))
        const features = (ctx.wards()?.features ?? []).map((w) => {
          const c = byWard.get(w.properties.code)
          return {
            type: 'Feature' as const,
            properties: {
              code: w.properties.code,
              name: w.properties.name,
              n: c?.n ?? 0,
              neg: c?.neg ?? 0,
              complaints: cByWard.get(w.properties.code) ?? 0,
            },
            geometry: w.geometry,
          }
        })
        return JSON.stringify({
          type: 'FeatureCollection',
          from: iso(range.from),
          to: iso(range.to),
          unplaced: byWard.get('')?.n ?? 0,
          features,
        })
      })
      return reply.type('application/json; charset=utf-8').send(body)
    },
  )

  r.get(
    '/api/v1/wards',
    {
      config: { policy: 'authenticated' },
      schema: { tags: ['reference'], summary: 'Ward codes and names (for filters).' },
    },
    async () => ({
      items: (ctx.wards()?.features ?? [])
        .map((w) => ({ code: w.properties.code, name: w.properties.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }),
  )

  r.get(
    '/api/v1/taxonomy',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['reference'],
        summary: 'The public-service taxonomy: groups and their services.',
      },
    },
    async () => {
      const t = ctx.taxonomy()
      if (!t) return { id: null, groups: [] }
      return {
        id: t.data.id,
        name: t.data.name,
        version: t.data.version,
        groups: t.data.groups.map((g) => ({
          code: g.code,
          name: g.name,
          services: g.services.map((s) => ({ code: s.code, name: s.name })),
        })),
      }
    },
  )
}
