/**
 * Campaign persistence (Kysely, any dialect): campaigns, attached posts with their theme, themes as
 * last computed, "you said, we did" actions, and export rows. Implements the engine's
 * `CampaignStorePort`. Author handles are read only to recognise the campaign's own accounts; no
 * method returns a handle, a name or an author key.
 */
import { sql, type Kysely } from 'kysely'
import {
  AppError,
  parseCampaign,
  quoteText,
  SPAM_THRESHOLD,
  type AttachedPost,
  type Campaign,
  type CampaignInput,
  type CampaignView,
  type ConversePost,
  type Theme,
} from '@civicpulse/core'
import type { Database } from '../store/schema.js'

/** A post counts as abuse (never quoted) from this probability. */
export const ABUSE_THRESHOLD = 0.5

/** A campaign row with its parsed model. */
export interface StoredCampaign {
  readonly id: number
  readonly campaign: Campaign
  readonly input: CampaignInput
  readonly createdAtMs: number
  readonly refreshedAtMs: number | undefined
}

/** One line of `campaign list`: counts only (participants is a count). */
export interface CampaignSummary {
  name: string
  hashtags: string[]
  posts: number
  participants: number
  themes: { id: string; label: string; size: number }[]
}

/** An action recorded against a theme. */
export interface CampaignAction {
  readonly id: number
  readonly themeLabel: string
  readonly action: string
  /** planned | in-progress | done */
  readonly status: string
  readonly team: string | undefined
  readonly recordedAtMs: number
}

/** One exported post of a campaign: no author fields; @handles and links removed from the text. */
export interface CampaignExportRow {
  postId: number
  platform: string
  createdAt: string
  via: string
  theme: string
  intent: string
  sentiment: string
  service: string
  ward: string
  text: string
}

/** The statuses an action can have. */
export const ACTION_STATUSES = ['planned', 'in-progress', 'done'] as const

/** Reads and writes campaigns. */
export class CampaignRepository {
  /** Wraps a Kysely database; `now` is injectable for tests. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a campaign (validated); a second campaign with the same name is refused. */
  async create(input: CampaignInput): Promise<StoredCampaign> {
    const campaign = parseCampaign(input)
    const existing = await this.db
      .selectFrom('campaigns')
      .select('id')
      .where('name', '=', campaign.name)
      .executeTakeFirst()
    if (existing)
      throw new AppError('USAGE_INVALID', `A campaign named "${campaign.name}" already exists.`)
    const at = this.now()
    const r = await this.db
      .insertInto('campaigns')
      .values({
        name: campaign.name,
        spec: JSON.stringify(input),
        starts_at: campaign.startsAtMs,
        ends_at: campaign.endsAtMs ?? null,
        created_at: at,
        refreshed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: Number(r.id), campaign, input, createdAtMs: at, refreshedAtMs: undefined }
  }

  /** All campaigns, oldest first. */
  async list(): Promise<StoredCampaign[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute()
    return rows.map(toStored)
  }

  /** A campaign by name, or a not-found error. */
  async get(name: string): Promise<StoredCampaign> {
    const row = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst()
    if (!row)
      throw new AppError(
        'USAGE_INVALID',
        `No campaign is named "${name}". See: civicpulse campaign list`,
      )
    return toStored(row)
  }

  /**
   * Candidate posts of the campaign's period, oldest first: posts whose tags or text mention a
   * hashtag or keyword, and every reply or quote (attachment then decides).
   */
  async candidates(campaign: Campaign): Promise<ConversePost[]> {
    const needles = [...campaign.hashtags, ...campaign.keywords].map(
      (n) => `%${n.replace(/[%_\\]/g, (c) => `\\${c}`)}%`,
    )
    let q = this.db
      .selectFrom('posts')
      .select([
        'id',
        'platform',
        'platform_id',
        'author_handle',
        'author_id',
        'author_key',
        'display_text',
        'hashtags',
        'created_at',
        'reply_to_id',
        'quote_of_id',
        'repost_of_id',
        'dup_of',
        'sentiment',
        'intent',
        'spam_p',
        'abuse_p',
      ])
      .where('created_at', '>=', campaign.startsAtMs)
    if (campaign.endsAtMs !== undefined) q = q.where('created_at', '<', campaign.endsAtMs)
    q = q.where((eb) =>
      eb.or([
        eb('reply_to_id', 'is not', null),
        eb('quote_of_id', 'is not', null),
        ...needles.flatMap((n) => [
          sql<boolean>`hashtags like ${n} escape '\\'`,
          sql<boolean>`text like ${n} escape '\\'`,
        ]),
      ]),
    )
    const rows = await q.orderBy('created_at', 'asc').orderBy('id', 'asc').execute()
    return rows.map((r) => ({
      id: String(r.id),
      platform: r.platform,
      platformId: r.platform_id,
      authorHandle: r.author_handle,
      authorId: r.author_id,
      authorKey: r.author_key,
      text: r.display_text,
      hashtags: parseList(r.hashtags),
      createdAtMs: Number(r.created_at),
      replyToId: r.reply_to_id,
      quoteOfId: r.quote_of_id,
      repostOfId: r.repost_of_id,
      dupOf: r.dup_of === null ? null : String(r.dup_of),
      sentiment: r.sentiment,
      intent: r.intent,
      spam: (r.spam_p ?? 0) >= SPAM_THRESHOLD,
      abuse: (r.abuse_p ?? 0) >= ABUSE_THRESHOLD,
    }))
  }

  /** Replaces the campaign's attached posts and themes (one transaction). */
  async saveRefresh(
    campaignName: string,
    outcome: {
      attached: readonly AttachedPost[]
      themeOf: ReadonlyMap<string, string>
      view: CampaignView
      atMs: number
    },
  ): Promise<void> {
    const { id } = await this.get(campaignName)
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('campaign_posts').where('campaign_id', '=', id).execute()
      await tx.deleteFrom('campaign_themes').where('campaign_id', '=', id).execute()
      const rows = outcome.attached.map((p) => ({
        campaign_id: id,
        post_id: Number(p.id),
        via: p.via,
        theme_key: outcome.themeOf.get(p.id) ?? null,
      }))
      for (let i = 0; i < rows.length; i += 200)
        await tx
          .insertInto('campaign_posts')
          .values(rows.slice(i, i + 200))
          .execute()
      for (const t of outcome.view.themes)
        await tx
          .insertInto('campaign_themes')
          .values({
            campaign_id: id,
            theme_key: t.id,
            label: t.label,
            size: t.size,
            detail: JSON.stringify(themeDetail(t)),
            computed_at: outcome.atMs,
          })
          .execute()
      await tx
        .updateTable('campaigns')
        .set({ refreshed_at: outcome.atMs })
        .where('id', '=', id)
        .execute()
    })
  }

  /** The stored themes of a campaign, largest first (member ids left out). */
  async themes(name: string): Promise<Omit<Theme, 'memberIds'>[]> {
    const { id } = await this.get(name)
    const rows = await this.db
      .selectFrom('campaign_themes')
      .select(['detail'])
      .where('campaign_id', '=', id)
      .orderBy('size', 'desc')
      .orderBy('theme_key', 'asc')
      .execute()
    return rows.map((r) => JSON.parse(r.detail) as Omit<Theme, 'memberIds'>)
  }

  /** The `campaign list` line of each campaign, from the last refresh. */
  async summaries(): Promise<CampaignSummary[]> {
    const out: CampaignSummary[] = []
    for (const s of await this.list()) {
      const counts = await this.db
        .selectFrom('campaign_posts as cp')
        .innerJoin('posts as p', 'p.id', 'cp.post_id')
        .select([
          (eb) => eb.fn.countAll<number>().as('posts'),
          sql<number>`count(distinct p.author_key)`.as('participants'),
        ])
        .where('cp.campaign_id', '=', s.id)
        .where('cp.via', '!=', 'own')
        .executeTakeFirst()
      const themes = await this.db
        .selectFrom('campaign_themes')
        .select(['theme_key', 'label', 'size'])
        .where('campaign_id', '=', s.id)
        .orderBy('size', 'desc')
        .orderBy('theme_key', 'asc')
        .execute()
      out.push({
        name: s.campaign.name,
        hashtags: [...s.campaign.displayHashtags],
        posts: Number(counts?.posts ?? 0),
        participants: Number(counts?.participants ?? 0),
        themes: themes.map((t) => ({ id: t.theme_key, label: t.label, size: Number(t.size) })),
      })
    }
    return out
  }

  /** Records what the team did about a theme ("you said, we did"). */
  async recordAction(
    name: string,
    a: { themeLabel: string; action: string; status?: string; team?: string },
  ): Promise<CampaignAction> {
    const { id } = await this.get(name)
    const status = a.status ?? 'planned'
    if (!(ACTION_STATUSES as readonly string[]).includes(status))
      throw new AppError(
        'USAGE_INVALID',
        `An action's status is one of ${ACTION_STATUSES.join(', ')}.`,
      )
    if (!a.themeLabel.trim() || !a.action.trim())
      throw new AppError('USAGE_INVALID', 'An action needs a theme and a description.')
    const at = this.now()
    const r = await this.db
      .insertInto('campaign_actions')
      .values({
        campaign_id: id,
        theme_label: a.themeLabel.trim(),
        action: a.action.trim(),
        status,
        team: a.team?.trim() || null,
        recorded_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return {
      id: Number(r.id),
      themeLabel: a.themeLabel.trim(),
      action: a.action.trim(),
      status,
      team: a.team?.trim() || undefined,
      recordedAtMs: at,
    }
  }

  /** The actions recorded for a campaign, oldest first. */
  async actions(name: string): Promise<CampaignAction[]> {
    const { id } = await this.get(name)
    const rows = await this.db
      .selectFrom('campaign_actions')
      .selectAll()
      .where('campaign_id', '=', id)
      .orderBy('recorded_at', 'asc')
      .orderBy('id', 'asc')
      .execute()
    return rows.map((r) => ({
      id: Number(r.id),
      themeLabel: r.theme_label,
      action: r.action,
      status: r.status,
      team: r.team ?? undefined,
      recordedAtMs: Number(r.recorded_at),
    }))
  }

  /** The campaign's posts for export (optionally one theme), oldest first; no author fields. */
  async exportRows(name: string, filter: { theme?: string } = {}): Promise<CampaignExportRow[]> {
    const { id } = await this.get(name)
    let q = this.db
      .selectFrom('campaign_posts as cp')
      .innerJoin('posts as p', 'p.id', 'cp.post_id')
      .leftJoin('campaign_themes as t', (j) =>
        j.onRef('t.campaign_id', '=', 'cp.campaign_id').onRef('t.theme_key', '=', 'cp.theme_key'),
      )
      .select([
        'p.id',
        'p.platform',
        'p.created_at',
        'cp.via',
        't.label',
        'p.intent',
        'p.sentiment',
        'p.service_code',
        'p.ward_code',
        'p.display_text',
      ])
      .where('cp.campaign_id', '=', id)
    if (filter.theme)
      q = q.where((eb) =>
        eb.or([eb('cp.theme_key', '=', filter.theme!), eb('t.label', '=', filter.theme!)]),
      )
    const rows = await q.orderBy('p.created_at', 'asc').orderBy('p.id', 'asc').execute()
    return rows.map((r) => ({
      postId: Number(r.id),
      platform: r.platform,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      via: r.via,
      theme: r.label ?? '',
      intent: r.intent ?? '',
      sentiment: r.sentiment ?? '',
      service: r.service_code ?? '',
      ward: r.ward_code ?? '',
      text: quoteText(r.display_text, 40_000),
    }))
  }
}

function parseList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

function toStored(row: {
  id: number
  spec: string
  created_at: number
  refreshed_at: number | null
}): StoredCampaign {
  const input = JSON.parse(row.spec) as CampaignInput
  return {
    id: Number(row.id),
    campaign: parseCampaign(input),
    input,
    createdAtMs: Number(row.created_at),
    refreshedAtMs: row.refreshed_at === null ? undefined : Number(row.refreshed_at),
  }
}

/** A theme without its member ids (what is stored and reported). */
export function themeDetail(t: Theme): Omit<Theme, 'memberIds'> {
  const { memberIds: _members, ...rest } = t
  return rest
}
