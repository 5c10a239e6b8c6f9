/**
 * Incidents: list, detail (timeline, representative posts), acknowledge, resolve and merge.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Q } from '../adapters.js'
import type { Principal } from '../auth/roles.js'
import type { Ctx } from '../context.js'
import { HttpError, notFound } from '../errors.js'
import { decodeCursor, encodeCursor, encodeId } from '../ids.js'
import { ABUSE_BLUR_P } from './posts.js'

const STATUSES = ['open', 'acknowledged', 'resolved', 'merged'] as const
const iso = (t: number) => new Date(Number(t)).toISOString()

function parseJson<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T
  } catch {
    return fallback
  }
}

function incidentOut(ctx: Ctx, i: Q.IncidentRow) {
  const areas = parseJson<string[]>(i.areas, [])
  return {
    id: i.public_id,
    title: i.title,
    service: i.service_code ? { code: i.service_code, name: ctx.serviceName(i.service_code) } : null,
    areas: areas.map((code) => ({ code, name: ctx.wardName(code) })),
    startedAt: iso(i.started_at),
    updatedAt: iso(i.updated_at),
    status: i.status,
    severity: i.severity,
    observed: i.observed,
    expected: i.expected,
    summary: i.summary,
  }
}

function isBefore(v: unknown): v is { updatedAt: number; id: number } {
  return typeof v === 'object' && v !== null && Number.isFinite((v as { updatedAt: number }).updatedAt) && Number.isInteger((v as { id: number }).id)
}

const IdParams = z.object({ id: z.string().min(1).max(80) })
const NoteBody = z.object({ note: z.string().max(2000).optional() }).default({})

/** Registers the incident routes. */
export function incidentRoutes(app: FastifyInstance, ctx: Ctx): void {
  const r = app.withTypeProvider<ZodTypeProvider>()

  const find = async (publicId: string) => {
    const i = await Q.getIncidentByPublicId(ctx.db, publicId)
    if (!i) throw notFound('incident')
    return i
  }

  r.get(
    '/api/v1/incidents',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['incidents'],
        summary: 'Incidents, most recently updated first.',
        querystring: z.object({
          status: z.string().max(60).optional().describe('Comma-separated statuses: open, acknowledged, resolved, merged.'),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(200).optional(),
        }),
      },
    },
    async (req) => {
      const status = req.query.status?.split(',').map((s) => s.trim()).filter(Boolean)
      if (status?.some((s) => !(STATUSES as readonly string[]).includes(s))) throw new HttpError(400, 'STATUS_INVALID', `Status must be one of ${STATUSES.join(', ')}.`)
      const before = decodeCursor(req.query.cursor, isBefore)
      const page = await Q.listIncidents(ctx.db, { status, limit: req.query.limit, before })
      return { items: page.rows.map((i) => incidentOut(ctx, i)), next: page.next ? encodeCursor(page.next) : null }
    },
  )

  r.get(
    '/api/v1/incidents/:id',
    { config: { policy: 'authenticated' }, schema: { tags: ['incidents'], summary: 'One incident with its timeline and representative posts.', params: IdParams } },
    async (req) => {
      const i = await find(req.params.id)
      const [events, posts, postCount] = await Promise.all([Q.incidentEvents(ctx.db, i.id), Q.incidentPosts(ctx.db, i.id, 12), Q.incidentPostCount(ctx.db, i.id)])
      const merged = i.merged_into ? await Q.getIncidentById(ctx.db, i.merged_into) : undefined
      const detail = parseJson<Record<string, unknown>>(i.detail, {})
      return {
        ...incidentOut(ctx, i),
        mergedInto: merged?.public_id ?? null,
        postCount,
        keyTerms: Array.isArray(detail['keyTerms']) ? (detail['keyTerms'] as unknown[]).map(String) : [],
        detail,
        timeline: events.map((e) => ({ at: iso(e.at), kind: e.kind, detail: parseJson<unknown>(e.detail, e.detail) })),
        posts: posts.map((p) => ({
          id: encodeId('p', p.id),
          createdAt: iso(p.created_at),
          platform: p.platform,
          text: p.display_text,
          lang: p.lang,
          intent: p.intent,
          sentiment: p.sentiment,
          service: p.service_code ? { code: p.service_code, name: ctx.serviceName(p.service_code) } : null,
          ward: p.ward_code ? { code: p.ward_code, name: ctx.wardName(p.ward_code) } : null,
          abusive: (p.abuse_p ?? 0) >= ABUSE_BLUR_P,
          representative: Boolean(p.representative),
        })),
      }
    },
  )

  for (const [action, status] of [
    ['acknowledge', 'acknowledged'],
    ['resolve', 'resolved'],
    ['reopen', 'open'],
  ] as const) {
    r.post(
      `/api/v1/incidents/:id/${action}`,
      {
        config: { policy: ['admin', 'analyst', 'responder'] },
        schema: { tags: ['incidents'], summary: `Mark an incident ${status} (recorded on its timeline).`, params: IdParams, body: NoteBody },
      },
      async (req) => {
        const p = req.principal as Principal
        const i = await find(req.params.id)
        if (i.status === 'merged') throw new HttpError(409, 'INCIDENT_MERGED', 'This incident was merged into another; act on that one.')
        await Q.setIncidentStatus(ctx.db, { id: i.id, status, actor: p.email, note: req.body?.note, at: ctx.now() })
        const updated = await find(req.params.id)
        ctx.hub.publish({ type: 'incident.updated', data: { id: i.public_id, status } })
        return incidentOut(ctx, updated)
      },
    )
  }

  r.post(
    '/api/v1/incidents/:id/merge',
    {
      config: { policy: ['admin', 'analyst'] },
      schema: { tags: ['incidents'], summary: 'Merge this incident into another (its posts move; it is marked merged).', params: IdParams, body: z.object({ into: z.string().min(1).max(80) }) },
    },
    async (req) => {
      const p = req.principal as Principal
      const from = await find(req.params.id)
      const into = await find(req.body.into)
      if (from.id === into.id) throw new HttpError(400, 'MERGE_INVALID', 'An incident cannot be merged into itself.')
      if (from.status === 'merged' || into.status === 'merged') throw new HttpError(409, 'INCIDENT_MERGED', 'One of these incidents is already merged.')
      await Q.mergeIncidents(ctx.db, { from: from.id, into: into.id, actor: p.email, at: ctx.now() })
      ctx.hub.publish({ type: 'incident.updated', data: { id: into.public_id, merged: from.public_id } })
      return incidentOut(ctx, await find(req.body.into))
    },
  )
}
