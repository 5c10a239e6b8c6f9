/**
 * Respond's settings over HTTP: reply templates, teams with their members, the SLA report, and the
 * reply accounts (admin only; credentials are write-only). Contract: docs/respond.md.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Principal } from '../auth/roles.js'
import { zTime, type Ctx } from '../context.js'
import { HttpError } from '../errors.js'
import type { RespondRuntime } from '../respond.js'
import { iso } from './cases.js'

/** Registers the settings routes. */
export function respondSettingsRoutes(
  app: FastifyInstance,
  ctx: Ctx,
  respond: () => Promise<RespondRuntime>,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/api/v1/reply-templates',
    {
      config: { policy: 'authenticated' },
      schema: { tags: ['respond'], summary: 'Reply templates with their {{placeholders}}.' },
    },
    async () => ({ items: await (await respond()).settings.listTemplates() }),
  )

  r.post(
    '/api/v1/reply-templates',
    {
      config: { policy: ['admin', 'analyst'] },
      schema: {
        tags: ['respond'],
        summary: 'Add a reply template (or replace the body of the one with that name).',
        body: z.object({ name: z.string().min(1).max(80), body: z.string().min(1).max(5000) }),
      },
    },
    async (req, reply) => {
      const p = req.principal as Principal
      const rt = await respond()
      const template = await rt.settings.saveTemplate(
        { name: req.body.name.trim(), body: req.body.body, by: p.email },
        ctx.now(),
      )
      return reply.status(201).send({ template })
    },
  )

  r.get(
    '/api/v1/teams',
    {
      config: { policy: 'authenticated' },
      schema: { tags: ['respond'], summary: 'Respond teams, their members and your team.' },
    },
    async (req) => {
      const p = req.principal as Principal
      const rt = await respond()
      const members = await rt.settings.members()
      const settings = await rt.settings.teamSettings()
      return {
        items: rt.config.teams.map((t) => {
          const s = settings.find((x) => x.team === t.code)
          return {
            code: t.code,
            name: t.name,
            approvalRequired: s?.approvalRequired ?? t.approvalRequired,
            slaPolicy: s?.slaPolicy ?? t.policy,
            members: members
              .filter((m) => m.team === t.code)
              .map((m) => ({ username: m.email, displayName: m.name })),
          }
        }),
        myTeam: await rt.settings.userTeam(p.userId),
      }
    },
  )

  r.get(
    '/api/v1/sla/report',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['respond'],
        summary:
          'SLA compliance and median times (business time) over cases opened in a period, per team and overall.',
        querystring: z.object({
          from: zTime.optional().describe('Cases opened at or after (default: 30 days ago).'),
          to: zTime.optional().describe('Cases opened before (default: now).'),
          team: z.string().max(80).optional(),
        }),
      },
    },
    async (req) => {
      const rt = await respond()
      const to = req.query.to ?? ctx.now()
      const from = req.query.from ?? to - 30 * 86_400_000
      if (from >= to) throw new HttpError(400, 'RANGE_INVALID', '"from" must be before "to".')
      const rep = await rt.slaReport(from, to, req.query.team)
      return { from: iso(from), to: iso(to), ...rep }
    },
  )

  r.get(
    '/api/v1/reply-accounts',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['respond'],
        summary: 'Accounts replies are sent from (credentials are never returned).',
      },
    },
    async () => ({ items: await (await respond()).settings.listReplyAccounts() }),
  )

  r.put(
    '/api/v1/reply-accounts',
    {
      config: { policy: ['admin'] },
      schema: {
        tags: ['respond'],
        summary:
          'Add or replace a reply account: Mastodon {accessToken}, X {accessToken, userId}, Reddit {accessToken, username, userAgent}, Bluesky {identifier, password}.',
        body: z.object({
          platform: z.enum(['mastodon', 'x', 'reddit', 'bluesky']),
          account: z.string().min(1).max(100),
          baseUrl: z.string().url().max(300).nullable().default(null),
          credentials: z.record(z.string().max(40), z.string().max(2000)),
          enabled: z.boolean().default(true),
        }),
      },
    },
    async (req) => {
      const rt = await respond()
      await rt.settings.saveReplyAccount(req.body, ctx.now())
      const items = await rt.settings.listReplyAccounts()
      return {
        account: items.find(
          (a) => a.platform === req.body.platform && a.account === req.body.account,
        ),
      }
    },
  )
}
