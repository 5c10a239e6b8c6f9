/**
 * Posts: filtered search with cursor pagination, CSV export, post detail (with the author only for
 * roles allowed, and logged), and label corrections.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { INTENTS, SENTIMENTS } from '@civicpulse/core'
import { Q } from '../adapters.js'
import { can, type Principal } from '../auth/roles.js'
import { zTime, type Ctx } from '../context.js'
import { HttpError, notFound } from '../errors.js'
import { decodeCursor, decodeId, encodeCursor, encodeId } from '../ids.js'
import { toCsv } from '../security.js'

/** Query filters shared by the list, the export and chart drill-downs. */
export const PostFilterQuery = z.object({
  from: zTime.optional().describe('Posts created at or after this time (ISO 8601).'),
  to: zTime.optional().describe('Posts created before this time (ISO 8601).'),
  service: z.string().max(80).optional().describe('Service code, e.g. waste.missed-collection.'),
  intent: z.enum(INTENTS).optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  ward: z.string().max(20).optional().describe('Ward code (GSS), e.g. E05013714.'),
  lang: z.string().max(12).optional().describe('Language code, e.g. en.'),
  platform: z.string().max(20).optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .describe('Full-text search words; "quoted phrases", OR, and trailing * work.'),
})

/** Whether a value is a (createdAt, id) cursor. */
function isCursor(v: unknown): v is Q.PostCursor {
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isFinite((v as Q.PostCursor).createdAt) &&
    Number.isInteger((v as Q.PostCursor).id)
  )
}

/** The abuse probability at which a post is blurred until a person chooses to read it. */
export const ABUSE_BLUR_P = 0.5

/** Maps a stored row to the API's post shape. */
export function postOut(ctx: Ctx, r: Q.PostRow, withAuthor: boolean) {
  return {
    id: encodeId('p', r.id),
    createdAt: new Date(Number(r.created_at)).toISOString(),
    platform: r.platform,
    text: r.display_text,
    lang: r.lang,
    intent: r.intent ? { label: r.intent, p: r.intent_p } : null,
    service: r.service_code
      ? { code: r.service_code, name: ctx.serviceName(r.service_code), p: r.service_p }
      : null,
    sentiment: r.sentiment ? { label: r.sentiment, score: r.sentiment_score } : null,
    urgency: r.urgency,
    ward: r.ward_code ? { code: r.ward_code, name: ctx.wardName(r.ward_code) } : null,
    abusive: (r.abuse_p ?? 0) >= ABUSE_BLUR_P,
    ...(withAuthor ? { author: { handle: r.author_handle } } : {}),
  }
}

/** Registers the post routes. */
export function postRoutes(app: FastifyInstance, ctx: Ctx): void {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/api/v1/posts',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['posts'],
        summary: 'Search and filter posts, newest first, a page at a time.',
        querystring: PostFilterQuery.extend({
          cursor: z.string().max(200).optional().describe('The `next` value of the previous page.'),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          authors: z
            .enum(['true', 'false'])
            .default('false')
            .describe('Include author handles (roles allowed only; each view is logged).'),
        }),
      },
    },
    async (req) => {
      const p = req.principal as Principal
      const { cursor, limit, authors, ...filter } = req.query
      const c = decodeCursor(cursor, isCursor)
      if (cursor && !c)
        throw new HttpError(
          400,
          'CURSOR_INVALID',
          'The page cursor is not valid; start from the first page.',
        )
      const withAuthors = authors === 'true'
      if (withAuthors && !can(p.role, 'seeAuthors'))
        throw new HttpError(403, 'FORBIDDEN', 'Your role may not see who wrote posts.')
      const page = await Q.listPosts(ctx.db, filter, { limit, cursor: c })
      if (withAuthors)
        await Q.logAccess(
          ctx.db,
          p.userId,
          page.rows.map((x) => x.id),
          'explore',
          ctx.now(),
        )
      return {
        items: page.rows.map((x) => postOut(ctx, x, withAuthors)),
        next: page.next ? encodeCursor(page.next) : null,
      }
    },
  )

  r.get(
    '/api/v1/posts/export.csv',
    {
      config: { policy: ['admin', 'analyst'] },
      schema: {
        tags: ['posts'],
        summary: 'Export matching posts as CSV (up to 10,000, newest first; no author data).',
        querystring: PostFilterQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const page = await Q.listPosts(ctx.db, req.query, { limit: 10_000 })
      const rows = page.rows.map((x) => [
        encodeId('p', x.id),
        new Date(Number(x.created_at)).toISOString(),
        x.platform,
        x.lang,
        x.intent,
        x.service_code,
        x.service_code ? ctx.serviceName(x.service_code) : '',
        x.sentiment,
        x.ward_code,
        x.ward_code ? ctx.wardName(x.ward_code) : '',
        x.urgency,
        x.display_text,
      ])
      const csv = toCsv(
        [
          'id',
          'created_at',
          'platform',
          'language',
          'intent',
          'service_code',
          'service',
          'sentiment',
          'ward_code',
          'ward',
          'urgency',
          'text',
        ],
        rows,
      )
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="civicpulse-posts.csv"')
        .send('\uFEFF' + csv)
    },
  )

  r.get(
    '/api/v1/posts/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['posts'],
        summary: 'One post with all its labels and confidences, and its corrections.',
        params: z.object({ id: z.string().max(40) }),
      },
    },
    async (req) => {
      const p = req.principal as Principal
      const id = decodeId('p', req.params.id)
      const row = id === undefined ? undefined : await Q.getPost(ctx.db, id)
      if (!row) throw notFound('post')
      const withAuthor = can(p.role, 'seeAuthors')
      if (withAuthor) await Q.logAccess(ctx.db, p.userId, [row.id], 'post', ctx.now())
      let labels: unknown = null
      try {
        labels = row.labels ? JSON.parse(row.labels) : null
      } catch {
        labels = null
      }
      const corrections = await Q.listCorrections(ctx.db, row.id)
      return {
        ...postOut(ctx, row, withAuthor),
        url: withAuthor ? row.url : null,
        relevant: row.relevant_p,
        labels,
        labelledAt: row.labelled_at ? new Date(Number(row.labelled_at)).toISOString() : null,
        model: row.model_version,
        duplicateOf: row.dup_of ? encodeId('p', row.dup_of) : null,
        corrections: corrections.map((c) => ({
          task: c.task,
          from: c.old_value,
          to: c.new_value,
          by: c.actor,
          at: new Date(Number(c.at)).toISOString(),
        })),
      }
    },
  )

  r.post(
    '/api/v1/posts/:id/corrections',
    {
      config: { policy: ['admin', 'analyst'] },
      schema: {
        tags: ['posts'],
        summary: 'Correct one label of a post; the new value shows at once and teaches the model.',
        params: z.object({ id: z.string().max(40) }),
        body: z.object({
          task: z.enum(['intent', 'service', 'sentiment', 'ward', 'relevant', 'abuse']),
          value: z.string().min(1).max(80),
        }),
      },
    },
    async (req, reply) => {
      const p = req.principal as Principal
      const id = decodeId('p', req.params.id)
      const row = id === undefined ? undefined : await Q.getPost(ctx.db, id)
      if (!row) throw notFound('post')
      const { task, value } = req.body
      const bad = () =>
        new HttpError(400, 'CORRECTION_INVALID', `"${value}" is not a valid ${task}.`)
      if (task === 'intent' && !(INTENTS as readonly string[]).includes(value)) throw bad()
      if (task === 'sentiment' && !(SENTIMENTS as readonly string[]).includes(value)) throw bad()
      if ((task === 'relevant' || task === 'abuse') && value !== 'yes' && value !== 'no')
        throw bad()
      const tax = ctx.taxonomy()
      if (task === 'service' && tax && !tax.byCode.has(value)) throw bad()
      const wards = ctx.wards()
      if (task === 'ward' && wards && !wards.names.has(value)) throw bad()
      const applied = await Q.applyCorrection(ctx.db, {
        postId: row.id,
        task,
        value,
        actor: p.email,
        at: ctx.now(),
        serviceName: task === 'service' ? ctx.serviceName(value) : undefined,
        wardName: task === 'ward' ? ctx.wardName(value) : undefined,
      })
      if (!applied) throw notFound('post')
      const apiId = encodeId('p', row.id)
      try {
        await ctx.onCorrection?.({ ...applied, apiId, text: row.display_text })
      } catch (e) {
        req.log.warn({ err: e }, 'the correction hook failed; the correction is stored')
      }
      return reply.status(201).send({
        post: apiId,
        task,
        from: applied.oldValue,
        to: applied.newValue,
        by: applied.actor,
        at: new Date(applied.at).toISOString(),
      })
    },
  )
}
