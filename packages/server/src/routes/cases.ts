/**
 * Respond over HTTP: the inbox queues with counts, case detail (thread, notes, audit, replies;
 * author handles only for roles allowed, and logged), case commands one at a time or in bulk,
 * and replies with optional approval by a second person. Templates, teams, the SLA report and reply
 * accounts are in `respond-settings.ts`. Contract: docs/respond.md.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  CaseConflictError,
  CaseError,
  CASE_STATUSES,
  PRIORITIES,
  type Case,
  type CaseCommand,
  type OutboxReply,
  type ClockState,
  type SlaState,
} from '@civicpulse/core'
import type { CaseReply } from '@civicpulse/adapters'
import { Q } from '../adapters.js'
import { CAN, can, type Principal } from '../auth/roles.js'
import { zTime, type Ctx } from '../context.js'
import { HttpError } from '../errors.js'
import { decodeId, encodeId } from '../ids.js'
import { ReplyRefused, type RespondRuntime } from '../respond.js'
import { ABUSE_BLUR_P } from './posts.js'
import { caseExportRoutes } from './case-exports.js'
import { selectQueue } from './case-queue.js'

/** An epoch-ms time as ISO 8601 (null stays null). */
export const iso = (t: number | null | undefined) => (t == null ? null : new Date(t).toISOString())
const RESPOND = CAN.respond

/** A case command as accepted over HTTP (`recordResponse` is for the outbox only). */
export const CaseCommandBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('triage'),
    priority: z.enum(PRIORITIES).optional(),
    team: z.string().max(80).nullable().optional(),
  }),
  z.object({
    type: z.literal('setStatus'),
    status: z.enum(CASE_STATUSES).exclude(['duplicate']),
    reason: z.string().max(500).optional(),
  }),
  z.object({
    type: z.literal('assign'),
    assignee: z.string().max(200).nullable(),
    team: z.string().max(80).nullable().optional(),
  }),
  z.object({ type: z.literal('setPriority'), priority: z.enum(PRIORITIES) }),
  z.object({ type: z.literal('addNote'), text: z.string().min(1).max(4000) }),
  z.object({ type: z.literal('linkPost'), postId: z.string().min(1).max(60) }),
  z.object({ type: z.literal('unlinkPost'), postId: z.string().min(1).max(60) }),
  z.object({ type: z.literal('markDuplicate'), of: z.string().min(1).max(40) }),
  z.object({ type: z.literal('setTitle'), title: z.string().min(1).max(300) }),
])

const IdParams = z.object({ id: z.string().min(1).max(40) })

function clockOut(c: ClockState) {
  return {
    phase: c.phase,
    dueAt: iso(c.dueAt),
    met: c.phase === 'met',
    breached: c.breached,
    remainingMs: Math.round(c.remainingMs),
  }
}

function slaOut(s: SlaState) {
  return {
    firstResponse: clockOut(s.firstResponse),
    resolution: clockOut(s.resolution),
    overdue: s.overdue,
    paused: s.firstResponse.phase === 'paused' || s.resolution.phase === 'paused',
  }
}

/** A case as the inbox lists it. */
export function caseRow(ctx: Ctx, c: Case, sla: SlaState) {
  return {
    id: c.id,
    ref: c.ref,
    title: c.title,
    status: c.status,
    priority: c.priority,
    team: c.team,
    assignee: c.assignee,
    serviceCode: c.serviceCode,
    serviceName: c.serviceCode ? ctx.serviceName(c.serviceCode) : null,
    area: c.area,
    areaName: c.area ? ctx.wardName(c.area) : null,
    intent: c.intent,
    jumped: c.jumped,
    urgencyFlags: c.urgencyFlags,
    createdAt: iso(c.createdAt) as string,
    updatedAt: iso(c.updatedAt) as string,
    sla: slaOut(sla),
  }
}

/** A reply with its delivery status (the outbox's once queued). */
export function replyRow(r: CaseReply, outbox: Map<string, OutboxReply>) {
  const o = r.outboxId ? outbox.get(r.outboxId) : undefined
  const status = r.status === 'queued' ? (o?.status ?? 'pending') : r.status
  return {
    id: r.id,
    text: r.text,
    status,
    platform: r.target.platform,
    createdBy: r.createdBy,
    createdAt: iso(r.createdAt) as string,
    approvedBy: r.status === 'queued' ? r.decidedBy : null,
    rejectedBy: r.status === 'rejected' ? r.decidedBy : null,
    rejectReason: r.rejectReason,
    remoteUrl: o?.remoteUrl ?? null,
    lastError: o?.lastError ?? null,
  }
}

/** An Open311 link as the case detail shows it. */
export function open311Out(l: Awaited<ReturnType<RespondRuntime['open311Of']>>[number]) {
  return {
    endpoint: l.endpoint,
    serviceRequestId: l.serviceRequestId,
    token: l.token,
    status: l.status,
    statusNotes: l.statusNotes,
    pushedAt: iso(l.pushedAt) as string,
    polledAt: iso(l.polledAt),
  }
}

/** Maps Respond's refusals to HTTP errors. */
export function httpErrorOf(e: unknown): unknown {
  if (e instanceof ReplyRefused) return new HttpError(e.status, e.code, e.message)
  if (e instanceof CaseConflictError) return new HttpError(409, 'CASE_CONFLICT', e.message)
  if (e instanceof CaseError) {
    const conflict = e.code === 'invalid_transition' || e.code === 'case_final'
    const missing = /^No case has id/.test(e.message)
    return new HttpError(
      missing ? 404 : conflict ? 409 : 400,
      missing ? 'NOT_FOUND' : `CASE_${e.code.toUpperCase()}`,
      missing ? 'No case has that id.' : e.message,
    )
  }
  return e
}

async function guard<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f()
  } catch (e: unknown) {
    throw httpErrorOf(e)
  }
}

/** A post id from the API (opaque `p` id) or a plain row id, as the case stores it. */
function rawPostId(id: string): string {
  if (/^\d{1,15}$/.test(id)) return id
  const n = decodeId('p', id)
  if (n === undefined) throw new HttpError(400, 'POST_ID_INVALID', `"${id}" is not a post id.`)
  return String(n)
}

/** A case id from `42` or `CP-42`. */
function rawCaseId(id: string): string {
  return id.replace(/^CP-/i, '')
}

function withRawIds(cmd: z.infer<typeof CaseCommandBody>): CaseCommand {
  if (cmd.type === 'linkPost' || cmd.type === 'unlinkPost')
    return { ...cmd, postId: rawPostId(cmd.postId) }
  if (cmd.type === 'markDuplicate') return { ...cmd, of: rawCaseId(cmd.of) }
  return cmd as CaseCommand
}

/** Registers the Respond routes; `respond` gives the runtime (built once, lazily). */
export function caseRoutes(
  app: FastifyInstance,
  ctx: Ctx,
  respond: () => Promise<RespondRuntime>,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>()
  caseExportRoutes(app, ctx, respond)

  r.get(
    '/api/v1/cases',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['respond'],
        summary:
          'An inbox queue in queue order (jumped, priority, SLA due time, age), with counts.',
        querystring: z.object({
          view: z.enum(['mine', 'team', 'unassigned', 'overdue', 'all']).default('all'),
          team: z
            .string()
            .max(80)
            .optional()
            .describe('A team code (default for view=team: yours).'),
          status: z
            .string()
            .max(200)
            .optional()
            .describe('Comma-separated statuses (default: the open ones; view=all: every status).'),
          q: z.string().max(200).optional().describe('Words in the title or the reference.'),
          from: zTime.optional().describe('Cases opened at or after this time (ISO 8601).'),
          to: zTime.optional().describe('Cases opened before this time (ISO 8601).'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      const p = req.principal as Principal
      const rt = await respond()
      const { rows, counts, team } = await selectQueue(rt, p, req.query)
      return {
        items: rows.slice(0, req.query.limit).map((x) => caseRow(ctx, x.case, x.sla)),
        counts,
        team,
      }
    },
  )

  r.post(
    '/api/v1/cases',
    {
      config: { policy: RESPOND },
      schema: {
        tags: ['respond'],
        summary:
          'Open a case from a post, a thread or an incident (routed by the rules; the open case of the same source is returned instead of a second one).',
        body: z.object({
          source: z.object({
            kind: z.enum(['post', 'incident', 'thread']),
            id: z.string().min(1).max(200),
          }),
          title: z.string().min(1).max(300).optional(),
        }),
      },
    },
    async (req, reply) => {
      const p = req.principal as Principal
      const rt = await respond()
      const { source, title } = req.body
      const res = await guard(() =>
        source.kind === 'post'
          ? rt.openFromPost(Number(rawPostId(source.id)), p.email, title)
          : source.kind === 'incident'
            ? rt.openFromIncident(source.id, p.email, title)
            : rt.openFromThread(source.id, p.email, title),
      )
      return reply
        .status(201)
        .send({ case: caseRow(ctx, res.case, rt.sla(res.case)), created: res.created })
    },
  )

  r.get(
    '/api/v1/cases/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['respond'],
        summary:
          'One case with its posts, notes, audit trail and replies (authors only for roles allowed; each view is logged).',
        params: IdParams,
      },
    },
    async (req) => {
      const p = req.principal as Principal
      const rt = await respond()
      const c = await rt.cases.get(rawCaseId(req.params.id))
      if (!c) throw new HttpError(404, 'NOT_FOUND', 'No case has that id.')
      const withAuthor = can(p.role, 'seeAuthors')
      const ids = c.posts.map(Number).filter((n) => Number.isInteger(n))
      const rows = ids.length
        ? await ctx.db
            .selectFrom('posts')
            .select([
              'id',
              'platform',
              'display_text',
              'created_at',
              'url',
              'abuse_p',
              'sentiment',
              'intent',
              'author_handle',
            ])
            .where('id', 'in', ids)
            .execute()
        : []
      if (withAuthor && rows.length)
        await Q.logAccess(
          ctx.db,
          p.userId,
          rows.map((x) => x.id),
          'case',
          ctx.now(),
        )
      const posts = ids
        .map((id) => rows.find((x) => x.id === id))
        .filter((x): x is NonNullable<typeof x> => x !== undefined)
        .map((x) => ({
          id: encodeId('p', x.id),
          platform: x.platform,
          text: x.display_text,
          createdAt: iso(Number(x.created_at)) as string,
          url: withAuthor ? x.url : null,
          abuse: (x.abuse_p ?? 0) >= ABUSE_BLUR_P,
          sentiment: x.sentiment,
          intent: x.intent,
          ...(withAuthor ? { author: { handle: x.author_handle } } : {}),
        }))
      const outbox = await rt.outboxOf(c.id)
      const target = await rt.replyTarget(c)
      return {
        case: {
          ...caseRow(ctx, c, rt.sla(c)),
          source: c.source,
          mergedInto: c.mergedInto,
          firstResponseAt: iso(c.firstResponseAt),
          resolvedAt: iso(c.resolvedAt),
          closedAt: iso(c.closedAt),
          notes: c.notes.map((n) => ({ author: n.author, text: n.text, at: iso(n.at) as string })),
          posts,
          audit: (await rt.cases.audit(c.id)).map((a) => ({
            at: iso(a.at) as string,
            actor: a.actor,
            action: a.action,
            from: a.from ?? null,
            to: a.to ?? null,
          })),
          replies: (await rt.settings.repliesOf(c.id)).map((x) => replyRow(x, outbox)),
          replyTarget: target
            ? { platform: target.platform, account: target.account, inReplyTo: target.inReplyTo }
            : null,
          open311: {
            endpoints: rt.open311Endpoints(),
            links: (await rt.open311Of(c.id)).map(open311Out),
          },
        },
      }
    },
  )

  r.post(
    '/api/v1/cases/:id/actions',
    {
      config: { policy: RESPOND },
      schema: {
        tags: ['respond'],
        summary: 'Apply one command to a case (409 when the state machine refuses it).',
        params: IdParams,
        body: CaseCommandBody,
      },
    },
    async (req) => {
      const p = req.principal as Principal
      const rt = await respond()
      const c = await guard(() => rt.act(rawCaseId(req.params.id), withRawIds(req.body), p.email))
      return { case: caseRow(ctx, c, rt.sla(c)) }
    },
  )

  r.post(
    '/api/v1/cases/:id/open311',
    {
      config: { policy: RESPOND },
      schema: {
        tags: ['respond'],
        summary:
          'Send a case to an external Open311 endpoint as a service request (201); a case already sent there answers its link (200). Its status is polled back into the case.',
        params: IdParams,
        body: z.object({ endpoint: z.string().min(1).max(40) }),
      },
    },
    async (req, reply) => {
      const p = req.principal as Principal
      const rt = await respond()
      rt.areaName = (code) => ctx.wardName(code)
      const r = await guard(() =>
        rt.pushOpen311(rawCaseId(req.params.id), req.body.endpoint, p.email),
      )
      return reply
        .status(r.created ? 201 : 200)
        .send({ link: open311Out(r.link), created: r.created })
    },
  )

  r.post(
    '/api/v1/cases/bulk',
    {
      config: { policy: RESPOND },
      schema: {
        tags: ['respond'],
        summary: 'Apply one command to many cases; each succeeds or fails on its own.',
        body: z.object({
          ids: z.array(z.string().min(1).max(40)).min(1).max(500),
          command: CaseCommandBody,
        }),
      },
    },
    async (req) => {
      const p = req.principal as Principal
      const rt = await respond()
      const cmd = withRawIds(req.body.command)
      const done = await rt.actEach(req.body.ids.map(rawCaseId), cmd, p.email)
      const results = done.map((d, i) => {
        const id = req.body.ids[i] as string
        if (!('error' in d)) return { id, ok: true }
        return { id, ok: false, error: (httpErrorOf(d.error) as Error).message }
      })
      return { results }
    },
  )

  r.post(
    '/api/v1/cases/:id/replies',
    {
      config: { policy: RESPOND },
      schema: {
        tags: ['respond'],
        summary:
          'Reply to the citizen on their platform: queued at once, or held for approval when the team requires it.',
        params: IdParams,
        body: z.object({
          text: z.string().min(1).max(10_000),
          clientKey: z
            .string()
            .min(8)
            .max(100)
            .describe('A UUID made by the composer (double submits queue once).'),
          templateId: z.string().max(40).optional(),
        }),
      },
    },
    async (req, reply) => {
      const p = req.principal as Principal
      const rt = await respond()
      const id = rawCaseId(req.params.id)
      const x = await guard(() => rt.submitReply(id, req.body, p.email))
      return reply.status(201).send({ reply: replyRow(x, await rt.outboxOf(id)) })
    },
  )

  const ReplyParams = z.object({
    id: z.string().min(1).max(40),
    replyId: z.string().min(1).max(40),
  })

  r.post(
    '/api/v1/cases/:id/replies/:replyId/approve',
    {
      config: { policy: RESPOND },
      schema: {
        tags: ['respond'],
        summary: 'Approve a reply awaiting approval (someone other than its author) and queue it.',
        params: ReplyParams,
      },
    },
    async (req) => {
      const p = req.principal as Principal
      if (!can(p.role, 'approveReplies'))
        throw new HttpError(403, 'FORBIDDEN', 'Your role may not approve replies.')
      const rt = await respond()
      const id = rawCaseId(req.params.id)
      const x = await guard(() => rt.approveReply(id, req.params.replyId, p.email))
      return { reply: replyRow(x, await rt.outboxOf(id)) }
    },
  )

  r.post(
    '/api/v1/cases/:id/replies/:replyId/reject',
    {
      config: { policy: RESPOND },
      schema: {
        tags: ['respond'],
        summary: 'Reject a reply awaiting approval, with a reason for its author.',
        params: ReplyParams,
        body: z.object({ reason: z.string().min(1).max(1000) }),
      },
    },
    async (req) => {
      const p = req.principal as Principal
      if (!can(p.role, 'approveReplies'))
        throw new HttpError(403, 'FORBIDDEN', 'Your role may not reject replies.')
      const rt = await respond()
      const id = rawCaseId(req.params.id)
      const x = await guard(() => rt.rejectReply(id, req.params.replyId, req.body.reason, p.email))
      return { reply: replyRow(x, await rt.outboxOf(id)) }
    },
  )
}
