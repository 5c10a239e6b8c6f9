/**
 * Case exports: `GET /api/v1/exports/cases.{csv,json}` with the inbox's filters (view, team,
 * status, words, opening period). One row per case with its routing, status, times and SLA
 * clocks; no citizen data — no author handle, name or id, and @handles in titles are masked.
 * CSV cells a spreadsheet would run as a formula are neutralised; every export is logged.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { toCsv, type CsvValue } from '@civicpulse/core'
import { CAN, type Principal } from '../auth/roles.js'
import { zTime, type Ctx } from '../context.js'
import type { CaseWithSla, RespondRuntime } from '../respond.js'
import { campaignStores } from './campaign-live.js'
import { selectQueue } from './case-queue.js'

const iso = (t: number | null | undefined) => (t == null ? null : new Date(t).toISOString())

/** The columns of a case export, in order. */
export const CASE_COLUMNS = [
  'ref',
  'title',
  'status',
  'priority',
  'team',
  'assignee',
  'service',
  'area',
  'intent',
  'urgencyFlags',
  'jumpedQueue',
  'source',
  'posts',
  'createdAt',
  'firstResponseAt',
  'resolvedAt',
  'closedAt',
  'firstResponseDue',
  'firstResponseBreached',
  'resolutionDue',
  'resolutionBreached',
  'overdue',
] as const

/** `@someone` and `@someone@instance` become `@…`: a title may quote a citizen's post. */
export function maskHandles(text: string): string {
  return text.replace(/(^|[^\w@])@[\w.-]+(?:@[\w.-]+)?/g, '$1@…')
}

/** One case as an export row (no citizen data). */
export function caseExportRow(
  ctx: Ctx,
  x: CaseWithSla,
): Record<(typeof CASE_COLUMNS)[number], CsvValue> {
  const c = x.case
  return {
    ref: c.ref,
    title: maskHandles(c.title),
    status: c.status,
    priority: c.priority,
    team: c.team,
    assignee: c.assignee,
    service: c.serviceCode ? ctx.serviceName(c.serviceCode) : null,
    area: c.area ? ctx.wardName(c.area) : null,
    intent: c.intent,
    urgencyFlags: c.urgencyFlags.join(' '),
    jumpedQueue: c.jumped,
    // The kind only: a post or thread id would lead back to its author.
    source: c.source.kind,
    posts: c.posts.length,
    createdAt: iso(c.createdAt),
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    firstResponseDue: iso(x.sla.firstResponse.dueAt),
    firstResponseBreached: x.sla.firstResponse.breached,
    resolutionDue: iso(x.sla.resolution.dueAt),
    resolutionBreached: x.sla.resolution.breached,
    overdue: x.sla.overdue,
  }
}

/** The inbox filters an export takes. */
export const CaseExportQuery = z.object({
  view: z.enum(['mine', 'team', 'unassigned', 'overdue', 'all']).default('all'),
  team: z.string().max(80).optional(),
  status: z
    .string()
    .max(200)
    .optional()
    .describe('Comma-separated statuses (default: every status for view=all, else the open ones).'),
  q: z.string().max(200).optional(),
  from: zTime.optional().describe('Cases opened at or after this time (ISO 8601).'),
  to: zTime.optional().describe('Cases opened before this time (ISO 8601).'),
})

/** Registers the case export routes. */
export function caseExportRoutes(
  app: FastifyInstance,
  ctx: Ctx,
  respond: () => Promise<RespondRuntime>,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>()
  for (const format of ['csv', 'json'] as const)
    r.get(
      `/api/v1/exports/cases.${format}`,
      {
        config: { policy: CAN.respond },
        schema: {
          tags: ['exports'],
          summary: `Cases of an inbox view as ${format.toUpperCase()} (up to 10,000, in queue order; no citizen data).`,
          querystring: CaseExportQuery,
          produces: [format === 'csv' ? 'text/csv' : 'application/json'],
        },
      },
      async (req, reply) => {
        const p = req.principal as Principal
        const rt = await respond()
        const { rows } = await selectQueue(rt, p, req.query)
        const items = rows.map((x) => caseExportRow(ctx, x))
        const filters: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(req.query))
          if (v !== undefined && v !== '')
            filters[k] = (k === 'from' || k === 'to') && typeof v === 'number' ? iso(v) : v
        await campaignStores(ctx).live.logExport({
          userId: p.userId,
          what: 'cases',
          format,
          filters,
          rows: items.length,
          at: ctx.now(),
        })
        reply.header(
          'content-disposition',
          `attachment; filename="civicpulse-cases-${req.query.view}.${format}"`,
        )
        if (format === 'json')
          return reply
            .type('application/json; charset=utf-8')
            .send(JSON.stringify({ items }, null, 2) + '\n')
        return reply.type('text/csv; charset=utf-8').send(
          '\uFEFF' +
            toCsv(
              CASE_COLUMNS,
              items.map((row) => CASE_COLUMNS.map((col) => row[col])),
            ),
        )
      },
    )
}
