/**
 * Exports with the filters of the current view: posts, labels and campaign themes as CSV (cells a
 * spreadsheet would run as a formula are neutralised) or JSON. No author fields are ever exported.
 * Every export is written to the export log: who, what, the filters and how many rows.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { INTENTS, SENTIMENTS, toCsv, type CsvValue } from '@civicpulse/core'
import { campaignThemesCsv, type ExportFilter } from '@civicpulse/adapters'
import type { Principal } from '../auth/roles.js'
import { zTime, type Ctx } from '../context.js'
import { HttpError } from '../errors.js'
import { encodeId } from '../ids.js'
import { campaignOr404, campaignStores, freshView } from './campaign-live.js'

// Case exports (/api/v1/exports/cases.{csv,json}) are in case-exports.ts, next to the case store.

/** The filters of the current view. */
export const ExportQuery = z.object({
  from: zTime.optional().describe('Posts created at or after this time (ISO 8601).'),
  to: zTime.optional().describe('Posts created before this time (ISO 8601).'),
  service: z.string().max(80).optional(),
  ward: z.string().max(20).optional(),
  intent: z.enum(INTENTS).optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  platform: z.string().max(20).optional(),
  q: z.string().max(200).optional().describe('Full-text search words.'),
  campaign: z.string().max(200).optional().describe('Only the posts of this campaign (its name).'),
  theme: z.string().max(300).optional().describe('Only this theme of the campaign (id or label).'),
})
type ExportQueryT = z.infer<typeof ExportQuery>

const FORMATS = ['csv', 'json'] as const
const WHAT = ['posts', 'labels', 'campaign-themes'] as const

/** Builds a CSV from objects, in the key order of the first (or the given) columns. */
function objectsCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return toCsv(
    columns,
    rows.map((r) => columns.map((c) => r[c] as CsvValue)),
  )
}

const POST_COLUMNS = [
  'id',
  'createdAt',
  'platform',
  'language',
  'intent',
  'service',
  'sentiment',
  'ward',
  'urgency',
  'theme',
  'text',
] as const
const LABEL_COLUMNS = [
  'id',
  'createdAt',
  'platform',
  'relevant',
  'intent',
  'intentP',
  'service',
  'serviceP',
  'sentiment',
  'sentimentScore',
  'ward',
  'urgency',
  'abuseP',
  'spamP',
  'model',
  'labelledAt',
] as const

/** Registers the export routes. */
export function exportRoutes(app: FastifyInstance, ctx: Ctx): void {
  const r = app.withTypeProvider<ZodTypeProvider>()

  for (const what of WHAT)
    for (const format of FORMATS)
      r.get(
        `/api/v1/exports/${what}.${format}`,
        {
          config: { policy: ['admin', 'analyst'] },
          schema: {
            tags: ['exports'],
            summary:
              what === 'campaign-themes'
                ? `A campaign's themes as ${format.toUpperCase()} (needs campaign).`
                : `Matching ${what} as ${format.toUpperCase()} (up to 10,000, newest first; no author data).`,
            querystring: ExportQuery,
            produces: [format === 'csv' ? 'text/csv' : 'application/json'],
          },
        },
        async (req, reply) => {
          const p = req.principal as Principal
          const q = req.query
          const { live } = campaignStores(ctx)
          const filter: ExportFilter = { ...q }
          let campaignName: string | undefined
          if (q.campaign) {
            const stored = await campaignOr404(ctx, q.campaign)
            await freshView(ctx, stored)
            filter.campaignId = stored.id
            campaignName = stored.campaign.name
          } else if (what === 'campaign-themes' || q.theme)
            throw new HttpError(400, 'REQUEST_INVALID', 'Name the campaign: ?campaign=NAME.')
          let rows: Record<string, unknown>[]
          let csv: () => string
          if (what === 'posts') {
            rows = (await live.exportPosts(filter)).map(({ postId, ...x }) => ({
              id: encodeId('p', postId),
              ...x,
            }))
            csv = () => objectsCsv(POST_COLUMNS, rows)
          } else if (what === 'labels') {
            rows = (await live.exportLabels(filter)).map(({ postId, ...x }) => ({
              id: encodeId('p', postId),
              ...x,
            }))
            csv = () => objectsCsv(LABEL_COLUMNS, rows)
          } else {
            const themes = await campaignStores(ctx).repo.themes(campaignName!)
            const sel = q.theme
              ? themes.filter((t) => t.id === q.theme || t.label === q.theme)
              : themes
            rows = sel as unknown as Record<string, unknown>[]
            csv = () => campaignThemesCsv(sel)
          }
          await live.logExport({
            userId: p.userId,
            what,
            format,
            filters: filtersOf(q),
            rows: rows.length,
            at: ctx.now(),
          })
          const base = `civicpulse-${what}${campaignName ? `-${campaignName}` : ''}`
            .replace(/[^A-Za-z0-9._-]+/g, '-')
            .slice(0, 120)
          reply.header('content-disposition', `attachment; filename="${base}.${format}"`)
          if (format === 'json')
            return reply
              .type('application/json; charset=utf-8')
              .send(JSON.stringify({ items: rows }, null, 2) + '\n')
          return reply.type('text/csv; charset=utf-8').send('\uFEFF' + csv())
        },
      )

  r.get(
    '/api/v1/exports/log',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['exports'],
        summary: 'Who exported what, with which filters and how many rows, newest first.',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      },
    },
    async (req) => {
      const { live } = campaignStores(ctx)
      return {
        items: (await live.exportLog(req.query.limit)).map((e) => ({
          ...e,
          at: new Date(e.at).toISOString(),
        })),
      }
    },
  )
}

/** The filters as given (times back to ISO), for the export log. */
function filtersOf(q: ExportQueryT): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && v !== '')
      out[k] = (k === 'from' || k === 'to') && typeof v === 'number' ? new Date(v).toISOString() : v
  return out
}
