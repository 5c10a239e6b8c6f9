/**
 * Incidents: list, detail (timeline, representative posts), acknowledge, resolve and merge.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Incident } from '@civicpulse/core'
import { actOnIncident, mergeIncidentInto } from '@civicpulse/engine'
import { DetectionRepository, Q } from '../adapters.js'
import type { Principal } from '../auth/roles.js'
import type { Ctx, IncidentActionResult } from '../context.js'
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
  // '*' means across the whole jurisdiction; '~' (and empty) mark posts that could not be placed.
  const raw = parseJson<string[]>(i.areas, [])
  const areas = raw.filter((c) => typeof c === 'string' && c !== '' && c !== '~' && c !== '*')
  return {
    id: i.public_id,
    title: i.title,
    service: i.service_code
      ? { code: i.service_code, name: ctx.serviceName(i.service_code) }
      : null,
    areas: areas.map((code) => ({ code, name: ctx.wardName(code) })),
    everywhere: raw.includes('*'),
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
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isFinite((v as { updatedAt: number }).updatedAt) &&
    Number.isInteger((v as { id: number }).id)
  )
}

/** The stored detail as a core Incident (what the detect stage writes), or undefined for other rows. */
function asCoreIncident(detail: string): Incident | undefined {
  const d = parseJson<Partial<Incident> | null>(detail, null)
  return d && typeof d.id === 'string' && Array.isArray(d.timeline) && Array.isArray(d.memberPosts)
    ? (d as Incident)
    : undefined
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
          status: z
            .string()
            .max(60)
            .optional()
            .describe('Comma-separated statuses: open, acknowledged, resolved, merged.'),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(200).optional(),
        }),
      },
    },
    async (req) => {
      const status = req.query.status
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      if (status?.some((s) => !(STATUSES as readonly string[]).includes(s)))
        throw new HttpError(400, 'STATUS_INVALID', `Status must be one of ${STATUSES.join(', ')}.`)
      const before = decodeCursor(req.query.cursor, isBefore)
      const page = await Q.listIncidents(ctx.db, { status, limit: req.query.limit, before })
      return {
        items: page.rows.map((i) => incidentOut(ctx, i)),
        next: page.next ? encodeCursor(page.next) : null,
      }
    },
  )

  r.get(
    '/api/v1/incidents/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['incidents'],
        summary: 'One incident with its timeline and representative posts.',
        params: IdParams,
      },
    },
    async (req) => {
      const i = await find(req.params.id)
      const [events, posts, postCount] = await Promise.all([
        Q.incidentEvents(ctx.db, i.id),
        Q.incidentPosts(ctx.db, i.id, 12),
        Q.incidentPostCount(ctx.db, i.id),
      ])
      const merged = i.merged_into ? await Q.getIncidentById(ctx.db, i.merged_into) : undefined
      const detail = parseJson<Record<string, unknown>>(i.detail, {})
      return {
        ...incidentOut(ctx, i),
        mergedInto: merged?.public_id ?? null,
        postCount,
        keyTerms: Array.isArray(detail['keyTerms'])
          ? (detail['keyTerms'] as unknown[]).map(String)
          : [],
        detail,
        timeline: events.map((e) => ({
          at: iso(e.at),
          kind: e.kind,
          detail: parseJson<unknown>(e.detail, e.detail),
        })),
        posts: posts.map((p) => ({
          id: encodeId('p', p.id),
          createdAt: iso(p.created_at),
          platform: p.platform,
          text: p.display_text,
          lang: p.lang,
          intent: p.intent,
          sentiment: p.sentiment,
          service: p.service_code
            ? { code: p.service_code, name: ctx.serviceName(p.service_code) }
            : null,
          ward: p.ward_code ? { code: p.ward_code, name: ctx.wardName(p.ward_code) } : null,
          abusive: (p.abuse_p ?? 0) >= ABUSE_BLUR_P,
          representative: Boolean(p.representative),
        })),
      }
    },
  )

  /** Applies an action: through the detect stage when wired, else to the stored incident. */
  const act = async (
    i: Q.IncidentRow,
    action: 'acknowledge' | 'resolve' | 'reopen',
    by: string,
    note: string | undefined,
  ): Promise<IncidentActionResult> => {
    const at = ctx.now()
    if (ctx.incidentActions)
      return ctx.incidentActions.act({ id: i.public_id, action, by, note, at })
    const core = asCoreIncident(i.detail)
    if (core) {
      const r = await actOnIncident(new DetectionRepository(ctx.db, ctx.now), core, {
        action,
        by,
        note,
        at,
      })
      return r.ok ? { ok: true } : r
    }
    const to = ({ acknowledge: 'acknowledged', resolve: 'resolved', reopen: 'open' } as const)[
      action
    ]
    const allowed = {
      acknowledge: ['open'],
      resolve: ['open', 'acknowledged'],
      reopen: ['resolved'],
    }[action]
    if (!allowed.includes(i.status))
      return {
        ok: false,
        reason: `An incident that is ${i.status} cannot be ${to === 'open' ? 'reopened' : to}.`,
      }
    await Q.setIncidentStatus(ctx.db, { id: i.id, status: to, actor: by, note, at })
    return { ok: true }
  }

  for (const action of ['acknowledge', 'resolve', 'reopen'] as const) {
    r.post(
      `/api/v1/incidents/:id/${action}`,
      {
        config: { policy: ['admin', 'analyst', 'responder'] },
        schema: {
          tags: ['incidents'],
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} an incident (recorded on its timeline).`,
          params: IdParams,
          body: NoteBody,
        },
      },
      async (req) => {
        const p = req.principal as Principal
        const i = await find(req.params.id)
        if (i.status === 'merged')
          throw new HttpError(
            409,
            'INCIDENT_MERGED',
            'This incident was merged into another; act on that one.',
          )
        const res = await act(i, action, p.email, req.body?.note)
        if (!res.ok) throw new HttpError(409, 'INCIDENT_STATE', res.reason)
        const updated = await find(req.params.id)
        ctx.hub.publish({
          type: 'incident.updated',
          data: {
            id: updated.public_id,
            title: updated.title,
            status: updated.status,
            severity: updated.severity,
          },
        })
        return incidentOut(ctx, updated)
      },
    )
  }

  r.post(
    '/api/v1/incidents/:id/merge',
    {
      config: { policy: ['admin', 'analyst'] },
      schema: {
        tags: ['incidents'],
        summary: 'Merge this incident into another (its posts move; it is marked merged).',
        params: IdParams,
        body: z.object({ into: z.string().min(1).max(80) }),
      },
    },
    async (req) => {
      const p = req.principal as Principal
      const from = await find(req.params.id)
      const into = await find(req.body.into)
      if (from.id === into.id)
        throw new HttpError(400, 'MERGE_INVALID', 'An incident cannot be merged into itself.')
      if (from.status === 'merged' || into.status === 'merged')
        throw new HttpError(409, 'INCIDENT_MERGED', 'One of these incidents is already merged.')
      const at = ctx.now()
      if (ctx.incidentActions) {
        const res = await ctx.incidentActions.merge({
          from: from.public_id,
          into: into.public_id,
          by: p.email,
          at,
        })
        if (!res.ok) throw new HttpError(409, 'INCIDENT_STATE', res.reason)
      } else {
        const a = asCoreIncident(into.detail)
        const b = asCoreIncident(from.detail)
        if (a && b) {
          await mergeIncidentInto(new DetectionRepository(ctx.db, ctx.now), b, a, at)
        } else {
          await Q.mergeIncidents(ctx.db, { from: from.id, into: into.id, actor: p.email, at })
        }
      }
      const updated = await find(req.body.into)
      ctx.hub.publish({
        type: 'incident.updated',
        data: {
          id: updated.public_id,
          title: updated.title,
          status: updated.status,
          merged: from.public_id,
        },
      })
      return incidentOut(ctx, updated)
    },
  )
}
