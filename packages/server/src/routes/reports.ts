/**
 * Reports over HTTP: a campaign's report and the periodic digest as an accessible HTML page, a PDF
 * (printed by headless Chromium) or JSON. Reports carry counts and quotes, never names.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  defaultDigestPeriod,
  digestDocument,
  digestJson,
  htmlToPdf,
  renderCampaignReport,
  themeDetail,
} from '@civicpulse/adapters'
import { zTime, type Ctx } from '../context.js'
import { HttpError } from '../errors.js'
import { campaignOr404, campaignStores, freshView } from './campaign-live.js'

const FORMATS = ['html', 'pdf', 'json'] as const
type Format = (typeof FORMATS)[number]

const TimeZone = z
  .string()
  .max(64)
  .default('Europe/London')
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: tz })
        return true
      } catch {
        return false
      }
    },
    { message: 'must be an IANA time zone, e.g. Europe/London' },
  )

/** A file name made of safe characters. */
function fileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'report'
}

let printing: Promise<unknown> = Promise.resolve()

/** Prints PDFs one at a time (each print starts a headless Chromium). */
function printOneAtATime(html: string): Promise<Uint8Array> {
  const next = printing.then(
    () => htmlToPdf(html),
    () => htmlToPdf(html),
  )
  printing = next.catch(() => undefined)
  return next
}

async function send(
  reply: FastifyReply,
  format: Format,
  name: string,
  html: () => string,
  json: () => string,
) {
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(json())
  const page = html()
  if (format === 'html') return reply.type('text/html; charset=utf-8').send(page)
  const pdf = await printOneAtATime(page)
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${fileName(name)}.pdf"`)
    .send(Buffer.from(pdf))
}

/** Registers the report routes. */
export function reportRoutes(app: FastifyInstance, ctx: Ctx): void {
  const r = app.withTypeProvider<ZodTypeProvider>()

  for (const format of FORMATS) {
    r.get(
      `/api/v1/campaigns/:name/report.${format}`,
      {
        config: { policy: 'authenticated' },
        schema: {
          tags: ['reports'],
          summary: `The campaign report as ${format.toUpperCase()}: themes, participation (counted, never named), "you said, we did".`,
          params: z.object({ name: z.string().min(1).max(200) }),
          querystring: z.object({ tz: TimeZone }),
          produces: [
            format === 'pdf'
              ? 'application/pdf'
              : format === 'html'
                ? 'text/html'
                : 'application/json',
          ],
        },
      },
      async (req, reply) => {
        const stored = await campaignOr404(ctx, req.params.name)
        const view = await freshView(ctx, stored)
        const actions = await campaignStores(ctx).repo.actions(stored.campaign.name)
        const reportView = { ...view, themes: view.themes.map(themeDetail) }
        return send(
          reply,
          format,
          `${stored.campaign.name} report`,
          () =>
            renderCampaignReport({
              view: reportView,
              actions,
              generatedAtMs: ctx.now(),
              timeZone: req.query.tz,
            }),
          () => JSON.stringify({ ...reportView, actions }, null, 2) + '\n',
        )
      },
    )

    r.get(
      `/api/v1/reports/digest.${format}`,
      {
        config: { policy: 'authenticated' },
        schema: {
          tags: ['reports'],
          summary: `The periodic digest as ${format.toUpperCase()} (default: the 7 days up to the end of the day of the newest post).`,
          querystring: z.object({
            from: zTime.optional().describe('Start of the period (ISO 8601).'),
            to: zTime.optional().describe('End of the period, exclusive (ISO 8601).'),
            tz: TimeZone,
          }),
          produces: [
            format === 'pdf'
              ? 'application/pdf'
              : format === 'html'
                ? 'text/html'
                : 'application/json',
          ],
        },
      },
      async (req, reply) => {
        const def = await defaultDigestPeriod(ctx.db, ctx.now())
        const toMs =
          req.query.to ??
          (req.query.from !== undefined ? req.query.from + 7 * 86_400_000 : def.toMs)
        const fromMs = req.query.from ?? toMs - 7 * 86_400_000
        if (fromMs >= toMs)
          throw new HttpError(400, 'REQUEST_INVALID', 'The period must start before it ends.')
        const doc = await digestDocument(ctx.db, {
          fromMs,
          toMs,
          labels: digestLabels(ctx),
          timeZone: req.query.tz,
          generatedAtMs: ctx.now(),
        })
        return send(
          reply,
          format,
          `civicpulse-digest-${new Date(fromMs).toISOString().slice(0, 10)}`,
          () => doc.html,
          () => digestJson(doc.digest),
        )
      },
    )
  }
}

/** Service and ward names for the digest, from the app's taxonomy and wards. */
export function digestLabels(ctx: Ctx): {
  services?: Map<string, string>
  wards?: Map<string, string>
} {
  const out: { services?: Map<string, string>; wards?: Map<string, string> } = {}
  const tax = ctx.taxonomy()
  if (tax) out.services = new Map(tax.services.map((s) => [s.code, `${s.groupName}: ${s.name}`]))
  const wards = ctx.wards()
  if (wards) out.wards = new Map(wards.names)
  return out
}
