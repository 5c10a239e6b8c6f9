/**
 * Read queries behind the live campaign view and the exports: participation over time (posts and
 * distinct participants per bucket — counts only), reach by platform, sentiment, intents, places
 * per ward, the questions still waiting for an answer, a theme's quotes a page at a time, and
 * filtered export rows of posts and labels. No query returns a handle, a name or an author key.
 */
import { sql, type Kysely } from 'kysely'
import { normaliseHandle, quoteText, type Campaign } from '@civicpulse/core'
import type { Database } from '../store/schema.js'
import { ftsQuery } from '../store/sqlite/sqlite-functions.js'
import { ABUSE_THRESHOLD } from './repository.js'

/** One bucket of participation. */
export interface LiveBucket {
  startMs: number
  posts: number
  participants: number
}

/** A ward's contribution counts. */
export interface LiveWard {
  code: string
  posts: number
  negative: number
  questions: number
}

/** A question that waits: no reply from the campaign's own accounts and no inbox case yet. */
export interface WaitingQuestion {
  postId: number
  platform: string
  createdAtMs: number
  /** The question, @handles and links removed. */
  text: string
  theme: string | null
}

/** The filters of an export (the current view's). */
export interface ExportFilter {
  from?: number | undefined
  to?: number | undefined
  service?: string | undefined
  ward?: string | undefined
  intent?: string | undefined
  sentiment?: string | undefined
  platform?: string | undefined
  q?: string | undefined
  /** Only the posts attached to this campaign (its id). */
  campaignId?: number | undefined
  /** Only this theme of the campaign (theme key or label). */
  theme?: string | undefined
}

/** One exported post: no author fields; @handles and links removed from the text. */
export interface ExportPostRow {
  postId: number
  createdAt: string
  platform: string
  language: string
  intent: string
  service: string
  sentiment: string
  ward: string
  urgency: number | null
  theme: string
  text: string
}

/** One exported post's labels with their confidences. */
export interface ExportLabelRow {
  postId: number
  createdAt: string
  platform: string
  relevant: number | null
  intent: string
  intentP: number | null
  service: string
  serviceP: number | null
  sentiment: string
  sentimentScore: number | null
  ward: string
  urgency: number | null
  abuseP: number | null
  spamP: number | null
  model: string
  labelledAt: string
}

/** The most rows one export returns. */
export const EXPORT_LIMIT = 10_000

const postsFrom = (db: Kysely<Database>) => db.selectFrom('posts as p')
type PostsQuery = ReturnType<typeof postsFrom>

/** Live figures of a campaign from its attached posts (as of the last refresh). */
export class CampaignLiveQueries {
  constructor(private readonly db: Kysely<Database>) {}

  /** Contributions (own posts left out) joined to their posts. */
  private contributions(campaignId: number) {
    return this.db
      .selectFrom('campaign_posts as cp')
      .innerJoin('posts as p', 'p.id', 'cp.post_id')
      .where('cp.campaign_id', '=', campaignId)
      .where('cp.via', '!=', 'own')
  }

  /** Posts and distinct participants per bucket (`bucketMs`, aligned to UTC), oldest first. */
  async overTime(campaignId: number, bucketMs: number): Promise<LiveBucket[]> {
    const rows = await this.contributions(campaignId)
      .select([
        sql<number>`cast(p.created_at / ${sql.lit(Math.round(bucketMs))} as integer) * ${sql.lit(Math.round(bucketMs))}`.as(
          'b',
        ),
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`count(distinct p.author_key)`.as('u'),
      ])
      .groupBy('b')
      .orderBy('b')
      .execute()
    return rows.map((r) => ({
      startMs: Number(r.b),
      posts: Number(r.n),
      participants: Number(r.u),
    }))
  }

  /** One theme's posts by sentiment per bucket (`bucketMs`, aligned to UTC), oldest first. */
  async themeTrend(
    campaignId: number,
    themeKey: string,
    bucketMs: number,
  ): Promise<
    { startMs: number; size: number; negative: number; neutral: number; positive: number }[]
  > {
    const b = sql.lit(Math.round(bucketMs))
    const rows = await this.contributions(campaignId)
      .where('cp.theme_key', '=', themeKey)
      .select([
        sql<number>`cast(p.created_at / ${b} as integer) * ${b}`.as('b'),
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when p.sentiment = 'negative' then 1 else 0 end)`.as('neg'),
        sql<number>`sum(case when p.sentiment = 'neutral' then 1 else 0 end)`.as('neu'),
        sql<number>`sum(case when p.sentiment = 'positive' then 1 else 0 end)`.as('pos'),
      ])
      .groupBy('b')
      .orderBy('b')
      .execute()
    return rows.map((r) => ({
      startMs: Number(r.b),
      size: Number(r.n),
      negative: Number(r.neg ?? 0),
      neutral: Number(r.neu ?? 0),
      positive: Number(r.pos ?? 0),
    }))
  }

  /** The first and last contribution times (undefined when there are none). */
  async span(campaignId: number): Promise<{ fromMs: number; toMs: number } | undefined> {
    const r = await this.contributions(campaignId)
      .select([
        (eb) => eb.fn.min('p.created_at').as('a'),
        (eb) => eb.fn.max('p.created_at').as('z'),
      ])
      .executeTakeFirst()
    if (!r || r.a === null || r.z === null) return undefined
    return { fromMs: Number(r.a), toMs: Number(r.z) }
  }

  /** Contributions and participants counted by one column. */
  async countBy(
    campaignId: number,
    column: 'platform' | 'sentiment' | 'intent',
  ): Promise<Record<string, number>> {
    const rows = await this.contributions(campaignId)
      .select([`p.${column} as k`, (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(`p.${column}`)
      .execute()
    const out: Record<string, number> = {}
    for (const r of rows) if (r.k !== null && r.k !== '') out[String(r.k)] = Number(r.n)
    return out
  }

  /** Total contributions and distinct participants. */
  async totals(campaignId: number): Promise<{ posts: number; participants: number }> {
    const r = await this.contributions(campaignId)
      .select([
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`count(distinct p.author_key)`.as('u'),
      ])
      .executeTakeFirst()
    return { posts: Number(r?.n ?? 0), participants: Number(r?.u ?? 0) }
  }

  /** Contributions per ward (posts with no ward are counted under the empty code). */
  async wards(campaignId: number): Promise<LiveWard[]> {
    const rows = await this.contributions(campaignId)
      .select([
        'p.ward_code as code',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when p.sentiment = 'negative' then 1 else 0 end)`.as('neg'),
        sql<number>`sum(case when p.intent = 'question' then 1 else 0 end)`.as('q'),
      ])
      .groupBy('p.ward_code')
      .execute()
    return rows.map((r) => ({
      code: r.code ?? '',
      posts: Number(r.n),
      negative: Number(r.neg ?? 0),
      questions: Number(r.q ?? 0),
    }))
  }

  /**
   * Questions asked in the campaign that still wait: no reply from one of the campaign's own
   * accounts and no inbox case opened from them. Oldest first, at most `limit`.
   */
  async waitingQuestions(
    campaignId: number,
    campaign: Campaign,
    limit = 50,
  ): Promise<{ items: WaitingQuestion[]; total: number }> {
    const questions = await this.contributions(campaignId)
      .leftJoin('campaign_themes as t', (j) =>
        j.onRef('t.campaign_id', '=', 'cp.campaign_id').onRef('t.theme_key', '=', 'cp.theme_key'),
      )
      .select([
        'p.id',
        'p.platform',
        'p.platform_id',
        'p.created_at',
        'p.display_text',
        'p.abuse_p',
        't.label',
      ])
      .where('p.intent', '=', 'question')
      .orderBy('p.created_at', 'asc')
      .orderBy('p.id', 'asc')
      .execute()
    if (!questions.length) return { items: [], total: 0 }
    const answered = new Set<number>()
    const own = new Set(campaign.accounts)
    const byKey = new Map(questions.map((q) => [`${q.platform}:${q.platform_id}`, q.id]))
    for (let i = 0; i < questions.length; i += 500) {
      const chunk = questions.slice(i, i + 500)
      const replies = await this.db
        .selectFrom('posts')
        .select(['platform', 'reply_to_id', 'author_handle', 'author_id'])
        .where(
          'reply_to_id',
          'in',
          chunk.map((q) => q.platform_id),
        )
        .execute()
      for (const r of replies) {
        const isOwn =
          (r.author_handle !== null &&
            (own.has(normaliseHandle(r.author_handle)) ||
              own.has(normaliseHandle(r.author_handle).split('@')[0] ?? ''))) ||
          own.has(r.author_id.toLowerCase())
        const id = byKey.get(`${r.platform}:${r.reply_to_id}`)
        if (isOwn && id !== undefined) answered.add(id)
      }
    }
    // An inbox case opened from a post (by its API id or its row id) answers it too.
    const cased = await this.casedPostIds()
    const waiting = questions.filter((q) => !answered.has(q.id) && !cased.has(q.id))
    return {
      total: waiting.length,
      items: waiting.slice(0, limit).map((q) => ({
        postId: q.id,
        platform: q.platform,
        createdAtMs: Number(q.created_at),
        text:
          (q.abuse_p ?? 0) >= ABUSE_THRESHOLD
            ? 'This question was flagged as abusive; open the case to read it.'
            : quoteText(q.display_text),
        theme: q.label ?? null,
      })),
    }
  }

  /** Row ids of posts that already have an inbox case (empty when cases are not in this store). */
  private async casedPostIds(): Promise<Set<number>> {
    const out = new Set<number>()
    const toRow = (s: string): number | undefined => {
      if (/^\d+$/.test(s)) return Number(s)
      try {
        const m = /^p:(\d+)$/.exec(Buffer.from(s, 'base64url').toString('utf8'))
        return m ? Number(m[1]) : undefined
      } catch {
        return undefined
      }
    }
    try {
      const rows = await this.db
        .selectFrom('cases')
        .select('source_id')
        .where('source_kind', '=', 'post')
        .execute()
      for (const r of rows) {
        const n = toRow(r.source_id)
        if (n !== undefined) out.add(n)
      }
      const linked = await this.db.selectFrom('case_posts').select('post_id').execute()
      for (const r of linked) {
        const n = toRow(r.post_id)
        if (n !== undefined) out.add(n)
      }
    } catch {
      // no cases table: nothing is answered by a case
    }
    return out
  }

  /** The quotes of one theme a page at a time (abusive posts counted, never quoted), oldest first. */
  async themeQuotes(
    campaignId: number,
    themeKey: string,
    page: { offset: number; limit: number },
  ): Promise<{
    items: {
      postId: number
      platform: string
      createdAtMs: number
      text: string
      sentiment: string | null
    }[]
    total: number
  }> {
    const base = this.contributions(campaignId)
      .where('cp.theme_key', '=', themeKey)
      .where((eb) => eb.or([eb('p.abuse_p', 'is', null), eb('p.abuse_p', '<', ABUSE_THRESHOLD)]))
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
    const rows = await base
      .select(['p.id', 'p.platform', 'p.created_at', 'p.display_text', 'p.sentiment'])
      .orderBy('p.created_at', 'asc')
      .orderBy('p.id', 'asc')
      .offset(page.offset)
      .limit(page.limit)
      .execute()
    return {
      total: Number(total?.n ?? 0),
      items: rows.map((r) => ({
        postId: r.id,
        platform: r.platform,
        createdAtMs: Number(r.created_at),
        text: quoteText(r.display_text),
        sentiment: r.sentiment,
      })),
    }
  }

  /** Posts matching an export's filters, newest first, at most {@link EXPORT_LIMIT}. */
  async exportPosts(f: ExportFilter): Promise<ExportPostRow[]> {
    const rows = await this.filtered(f)
      .select([
        'p.id',
        'p.created_at',
        'p.platform',
        'p.lang',
        'p.intent',
        'p.service_code',
        'p.sentiment',
        'p.ward_code',
        'p.urgency',
        'p.display_text',
      ])
      .select(themeLabel(f))
      .execute()
    return rows.map((r) => ({
      postId: r.id,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      platform: r.platform,
      language: r.lang ?? '',
      intent: r.intent ?? '',
      service: r.service_code ?? '',
      sentiment: r.sentiment ?? '',
      ward: r.ward_code ?? '',
      urgency: r.urgency,
      theme: (r as { theme?: string | null }).theme ?? '',
      text: quoteText(r.display_text, 40_000),
    }))
  }

  /** The labels of the posts matching an export's filters, newest first. */
  async exportLabels(f: ExportFilter): Promise<ExportLabelRow[]> {
    const rows = await this.filtered(f)
      .select([
        'p.id',
        'p.created_at',
        'p.platform',
        'p.relevant_p',
        'p.intent',
        'p.intent_p',
        'p.service_code',
        'p.service_p',
        'p.sentiment',
        'p.sentiment_score',
        'p.ward_code',
        'p.urgency',
        'p.abuse_p',
        'p.spam_p',
        'p.model_version',
        'p.labelled_at',
      ])
      .execute()
    return rows.map((r) => ({
      postId: r.id,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      platform: r.platform,
      relevant: r.relevant_p,
      intent: r.intent ?? '',
      intentP: r.intent_p,
      service: r.service_code ?? '',
      serviceP: r.service_p,
      sentiment: r.sentiment ?? '',
      sentimentScore: r.sentiment_score,
      ward: r.ward_code ?? '',
      urgency: r.urgency,
      abuseP: r.abuse_p,
      spamP: r.spam_p,
      model: r.model_version ?? '',
      labelledAt: r.labelled_at === null ? '' : new Date(Number(r.labelled_at)).toISOString(),
    }))
  }

  /** The posts of an export: filters applied, optionally limited to a campaign (and a theme). */
  private filtered(f: ExportFilter): PostsQuery {
    let q: PostsQuery = postsFrom(this.db)
    if (f.from !== undefined) q = q.where('p.created_at', '>=', f.from)
    if (f.to !== undefined) q = q.where('p.created_at', '<', f.to)
    if (f.service) q = q.where('p.service_code', '=', f.service)
    if (f.ward) q = q.where('p.ward_code', '=', f.ward)
    if (f.intent) q = q.where('p.intent', '=', f.intent)
    if (f.sentiment) q = q.where('p.sentiment', '=', f.sentiment)
    if (f.platform) q = q.where('p.platform', '=', f.platform)
    if (f.q) {
      const match = ftsQuery(f.q)
      q = match
        ? q.where(
            sql<boolean>`p.id in (select rowid from posts_fts where posts_fts match ${match})`,
          )
        : q.where(sql<boolean>`0`)
    }
    if (f.campaignId !== undefined) {
      const cid = f.campaignId
      const theme = f.theme
      q = q.where((eb) =>
        eb(
          'p.id',
          'in',
          eb
            .selectFrom('campaign_posts as cp')
            .leftJoin('campaign_themes as t', (j) =>
              j
                .onRef('t.campaign_id', '=', 'cp.campaign_id')
                .onRef('t.theme_key', '=', 'cp.theme_key'),
            )
            .select('cp.post_id')
            .where('cp.campaign_id', '=', cid)
            .where('cp.via', '!=', 'own')
            .$if(theme !== undefined && theme !== '', (s) =>
              s.where((e) => e.or([e('cp.theme_key', '=', theme!), e('t.label', '=', theme!)])),
            ),
        ),
      )
    }
    return q.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(EXPORT_LIMIT)
  }

  /** Writes one export to the export log: who, what, the filters and the row count. */
  async logExport(e: {
    userId: number
    what: string
    format: string
    filters: Record<string, unknown>
    rows: number
    at: number
  }): Promise<void> {
    await this.db
      .insertInto('export_log')
      .values({
        user_id: e.userId,
        what: e.what,
        format: e.format,
        filters: JSON.stringify(e.filters),
        rows: e.rows,
        at: e.at,
      })
      .execute()
  }

  /** The export log, newest first. */
  async exportLog(limit = 100) {
    const rows = await this.db
      .selectFrom('export_log as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.what', 'e.format', 'e.filters', 'e.rows', 'e.at', 'u.email'])
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute()
    return rows.map((r) => ({
      id: r.id,
      what: r.what,
      format: r.format,
      filters: JSON.parse(r.filters) as Record<string, unknown>,
      rows: Number(r.rows),
      at: Number(r.at),
      by: r.email,
    }))
  }
}

/** The theme label column of a campaign export (a correlated sub-query; empty without a campaign). */
function themeLabel(f: ExportFilter) {
  const cid = f.campaignId
  return cid === undefined
    ? sql<string | null>`null`.as('theme')
    : sql<string | null>`(select t.label from campaign_posts cp join campaign_themes t
        on t.campaign_id = cp.campaign_id and t.theme_key = cp.theme_key
        where cp.campaign_id = ${cid} and cp.post_id = p.id)`.as('theme')
}
