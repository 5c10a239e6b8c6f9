/**
 * Campaigns (Converse): list and create government-started hashtag conversations, the live view
 * of one (participation over time, reach, sentiment, intents, themes, places, waiting questions),
 * a theme's quotes a page at a time, and "you said, we did" actions. Participants are counted,
 * never listed or named.
 */
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ACTION_STATUSES, themeDetail, type StoredCampaign } from '@civicpulse/adapters'
import type { Ctx } from '../context.js'
import { HttpError } from '../errors.js'
import { encodeId } from '../ids.js'
import { campaignOr404, campaignStores, forgetView, freshView } from './campaign-live.js'

const HOUR = 3_600_000
const DAY = 86_400_000

const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString()

/** What a person gives to open a campaign. */
export const CampaignBody = z.object({
  name: z.string().trim().min(1).max(200).describe('The campaign name; its title in reports.'),
  hashtags: z
    .array(z.string().trim().min(1).max(200))
    .min(1)
    .max(20)
    .describe('Hashtags, with or without #.'),
  keywords: z.array(z.string().trim().min(2).max(200)).max(50).default([]),
  accounts: z
    .array(z.string().trim().min(1).max(256))
    .max(50)
    .default([])
    .describe("Handles (or platform ids) of the council's own accounts: replies to them attach."),
  period: z.object({
    from: z.iso.datetime({ offset: true }).describe('Start (ISO 8601 with an offset).'),
    to: z.iso.datetime({ offset: true }).optional().describe('End; open-ended when absent.'),
  }),
  questions: z.array(z.string().trim().min(1).max(2000)).max(20).default([]),
  services: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  areas: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
  ownerTeam: z.string().trim().min(1).max(200).optional(),
  themeCount: z.number().int().min(1).max(50).optional(),
})

const NameParams = z.object({ name: z.string().min(1).max(200) })

/** The list line of a campaign (counts only). */
async function summaryOf(ctx: Ctx, s: StoredCampaign) {
  const view = await freshView(ctx, s)
  return {
    name: s.campaign.name,
    title: s.campaign.name,
    hashtags: [...s.campaign.displayHashtags],
    period: { from: iso(s.campaign.startsAtMs), to: iso(s.campaign.endsAtMs) },
    ownerTeam: s.campaign.ownerTeam ?? null,
    posts: view.participation.posts,
    participants: view.participation.participants,
    themes: view.themes.map((t) => ({ id: t.id, label: t.label, size: t.size })),
  }
}

/** Registers the campaign routes. */
export function campaignRoutes(app: FastifyInstance, ctx: Ctx): void {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/api/v1/campaigns',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['campaigns'],
        summary: 'Campaigns with their posts, participants (a count) and themes, oldest first.',
      },
    },
    async () => {
      const { repo } = campaignStores(ctx)
      const items = []
      for (const s of await repo.list()) items.push(await summaryOf(ctx, s))
      return { items }
    },
  )

  r.post(
    '/api/v1/campaigns',
    {
      config: { policy: ['admin', 'analyst'] },
      schema: {
        tags: ['campaigns'],
        summary:
          "Open a campaign: posts with its hashtags, or replying to / quoting the council's campaign posts, attach to it.",
        body: CampaignBody,
      },
    },
    async (req, reply) => {
      const b = req.body
      const { repo } = campaignStores(ctx)
      if ((await repo.list()).some((c) => c.campaign.name === b.name))
        throw new HttpError(
          409,
          'CAMPAIGN_EXISTS',
          `A campaign named "${b.name}" already exists; choose another name.`,
        )
      const stored = await repo.create({
        name: b.name,
        hashtags: b.hashtags,
        keywords: b.keywords,
        accounts: b.accounts,
        startsAt: b.period.from,
        ...(b.period.to ? { endsAt: b.period.to } : {}),
        questions: b.questions,
        services: b.services,
        areas: b.areas,
        ...(b.ownerTeam ? { ownerTeam: b.ownerTeam } : {}),
        ...(b.themeCount !== undefined ? { themeCount: b.themeCount } : {}),
      })
      forgetView(ctx, stored.campaign.name)
      return reply.status(201).send(await summaryOf(ctx, stored))
    },
  )

  r.get(
    '/api/v1/campaigns/:name',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['campaigns'],
        summary:
          'The live view of a campaign: participation over time, reach, sentiment, intents, themes, places and waiting questions (counts, never names).',
        params: NameParams,
        querystring: z.object({
          bucket: z
            .enum(['auto', 'hour', 'day'])
            .default('auto')
            .describe('Participation buckets; auto picks hours for up to three days of posts.'),
        }),
      },
    },
    async (req) => {
      const stored = await campaignOr404(ctx, req.params.name)
      const view = await freshView(ctx, stored)
      const { repo, live } = campaignStores(ctx)
      const span = await live.span(stored.id)
      const bucket =
        req.query.bucket === 'auto'
          ? span && span.toMs - span.fromMs <= 3 * DAY
            ? 'hour'
            : 'day'
          : req.query.bucket
      const [overTime, wards, waiting, actions] = await Promise.all([
        live.overTime(stored.id, bucket === 'hour' ? HOUR : DAY),
        live.wards(stored.id),
        live.waitingQuestions(stored.id, stored.campaign),
        repo.actions(stored.campaign.name),
      ])
      const p = view.participation
      const byWard = new Map(wards.map((w) => [w.code, w]))
      const c = stored.campaign
      return {
        name: c.name,
        title: c.name,
        hashtags: [...c.displayHashtags],
        period: { from: iso(c.startsAtMs), to: iso(c.endsAtMs) },
        questions: [...c.questions],
        services: [...c.services],
        areas: [...c.areas],
        ownerTeam: c.ownerTeam ?? null,
        refreshedAt: iso(ctx.now()),
        posts: p.posts,
        participants: p.participants,
        ownPosts: p.ownPosts,
        participation: {
          bucket,
          items: overTime.map((b) => ({
            t: new Date(b.startMs).toISOString(),
            posts: b.posts,
            participants: b.participants,
          })),
        },
        platforms: Object.entries(p.byPlatform)
          .map(([platform, posts]) => ({ platform, posts }))
          .sort((a, b) => b.posts - a.posts || a.platform.localeCompare(b.platform)),
        sentiment: {
          negative: p.sentiment['negative'] ?? 0,
          neutral: p.sentiment['neutral'] ?? 0,
          positive: p.sentiment['positive'] ?? 0,
        },
        intents: {
          ...p.intents,
          questionsAsked: p.intents['question'] ?? 0,
          suggestionsMade: p.intents['suggestion'] ?? 0,
        },
        themes: view.themes.map((t) => {
          const d = themeDetail(t)
          return {
            ...d,
            overTime: d.overTime.map((b) => ({
              t: new Date(b.startMs).toISOString(),
              size: b.size,
              negative: b.negative,
              neutral: b.neutral,
              positive: b.positive,
            })),
          }
        }),
        unthemed: view.unthemed,
        places: {
          unplaced: byWard.get('')?.posts ?? 0,
          features: (ctx.wards()?.features ?? []).map((w) => {
            const x = byWard.get(w.properties.code)
            return {
              type: 'Feature' as const,
              properties: {
                code: w.properties.code,
                name: w.properties.name,
                n: x?.posts ?? 0,
                neg: x?.negative ?? 0,
                complaints: x?.questions ?? 0,
              },
              geometry: w.geometry,
            }
          }),
        },
        waiting: {
          total: waiting.total,
          items: waiting.items.map((q) => {
            const id = encodeId('p', q.postId)
            return {
              post: id,
              createdAt: new Date(q.createdAtMs).toISOString(),
              platform: q.platform,
              text: q.text,
              theme: q.theme,
              openCase: {
                method: 'POST',
                href: '/api/v1/cases',
                body: { source: { kind: 'post', id } },
              },
            }
          }),
        },
        actions: actions.map(actionOut),
      }
    },
  )

  r.get(
    '/api/v1/campaigns/:name/themes/:id',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['campaigns'],
        summary:
          "One theme: its label, size, sentiment over time and its members' quotes a page at a time (abusive posts are counted, never quoted).",
        params: NameParams.extend({ id: z.string().min(1).max(200) }),
        querystring: z.object({
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => {
      const stored = await campaignOr404(ctx, req.params.name)
      const view = await freshView(ctx, stored)
      const t = view.themes.find((x) => x.id === req.params.id || x.label === req.params.id)
      if (!t)
        throw new HttpError(
          404,
          'NOT_FOUND',
          `The campaign "${stored.campaign.name}" has no theme "${req.params.id}" (themes are renumbered when the campaign is refreshed).`,
        )
      const { live } = campaignStores(ctx)
      const page = await live.themeQuotes(stored.id, t.id, req.query)
      const span = await live.span(stored.id)
      const hourly = span !== undefined && span.toMs - span.fromMs <= 3 * DAY
      const trend = await live.themeTrend(stored.id, t.id, hourly ? HOUR : DAY)
      const d = themeDetail(t)
      return {
        ...d,
        bucket: hourly ? 'hour' : 'day',
        overTime: trend.map((b) => ({
          t: new Date(b.startMs).toISOString(),
          size: b.size,
          negative: b.negative,
          neutral: b.neutral,
          positive: b.positive,
        })),
        members: {
          total: page.total,
          offset: req.query.offset,
          limit: req.query.limit,
          items: page.items.map((x) => ({
            post: encodeId('p', x.postId),
            createdAt: new Date(x.createdAtMs).toISOString(),
            platform: x.platform,
            sentiment: x.sentiment,
            text: x.text,
          })),
        },
      }
    },
  )

  r.get(
    '/api/v1/campaigns/:name/actions',
    {
      config: { policy: 'authenticated' },
      schema: {
        tags: ['campaigns'],
        summary: '"You said, we did": the actions staff recorded against themes, oldest first.',
        params: NameParams,
      },
    },
    async (req) => {
      const stored = await campaignOr404(ctx, req.params.name)
      const { repo } = campaignStores(ctx)
      return { items: (await repo.actions(stored.campaign.name)).map(actionOut) }
    },
  )

  r.post(
    '/api/v1/campaigns/:name/actions',
    {
      config: { policy: ['admin', 'analyst', 'responder'] },
      schema: {
        tags: ['campaigns'],
        summary: '"You said, we did": record what the team did (or will do) about a theme.',
        params: NameParams,
        body: z.object({
          theme: z.string().trim().min(1).max(300).describe('The theme label (or its id).'),
          action: z.string().trim().min(1).max(2000),
          status: z.enum(ACTION_STATUSES).default('planned'),
          team: z.string().trim().max(200).optional(),
        }),
      },
    },
    async (req, reply) => {
      const stored = await campaignOr404(ctx, req.params.name)
      const view = await freshView(ctx, stored)
      const theme = view.themes.find((t) => t.id === req.body.theme)?.label ?? req.body.theme
      const { repo } = campaignStores(ctx)
      const a = await repo.recordAction(stored.campaign.name, {
        themeLabel: theme,
        action: req.body.action,
        status: req.body.status,
        ...(req.body.team ? { team: req.body.team } : {}),
      })
      return reply.status(201).send(actionOut(a))
    },
  )
}

function actionOut(a: {
  id: number
  themeLabel: string
  action: string
  status: string
  team: string | undefined
  recordedAtMs: number
}) {
  return {
    id: a.id,
    theme: a.themeLabel,
    action: a.action,
    status: a.status,
    team: a.team ?? null,
    recordedAt: new Date(a.recordedAtMs).toISOString(),
  }
}
