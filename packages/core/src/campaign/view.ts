/**
 * The campaign view: which posts are attached, participation (counted, never listed), themes and
 * the questions still waiting. Pure: the store hands in the candidate posts, time-ordered.
 */
import { CampaignMatcher, type AttachReason, type CampaignPostRef } from './attach.js'
import type { Campaign } from './model.js'
import { participationOf, type Participation } from './participation.js'
import { groupThemes, type Theme, type ThemeOptions } from './themes.js'

/** A candidate post as the store reads it (no handle or name ever leaves this layer in a view). */
export interface ConversePost extends CampaignPostRef {
  /** The store's id of the post. */
  readonly id: string
  /** Pseudonymous author key: counted, never shown. */
  readonly authorKey: string
  /** The platform id of the post this one reposts. */
  readonly repostOfId?: string | null | undefined
  /** The store id of the earlier post this one copies. */
  readonly dupOf?: string | null | undefined
  readonly sentiment?: string | null | undefined
  readonly intent?: string | null | undefined
  /** Flagged as abuse: counted and grouped, never quoted. */
  readonly abuse?: boolean | undefined
  /** Judged spam: left out of the campaign altogether. */
  readonly spam?: boolean | undefined
}

/** A post attached to a campaign, with the reason. */
export interface AttachedPost extends ConversePost {
  readonly via: AttachReason
}

/** Attaches the posts that belong to a campaign (feed them oldest first); spam is left out. */
export function attachPosts(campaign: Campaign, posts: Iterable<ConversePost>): AttachedPost[] {
  const m = new CampaignMatcher(campaign)
  const out: AttachedPost[] = []
  for (const p of posts) {
    if (p.spam) continue
    const via = m.match(p)
    if (via) out.push({ ...p, via })
  }
  return out
}

/** Everything a campaign page or report shows: counts, themes and waiting questions; no identities. */
export interface CampaignView {
  readonly name: string
  /** The hashtags as the campaign writes them (for display). */
  readonly hashtags: readonly string[]
  readonly startsAtMs: number
  readonly endsAtMs: number | undefined
  readonly questions: readonly string[]
  readonly services: readonly string[]
  readonly areas: readonly string[]
  readonly ownerTeam: string | undefined
  readonly participation: Participation
  /** Attached posts by reason (own, hashtag, keyword, reply, quote). */
  readonly via: Readonly<Record<string, number>>
  readonly themes: readonly Theme[]
  /** Contributions that fall in no theme. */
  readonly unthemed: number
  /** Contributions labelled as questions (they wait for an answer in the inbox). */
  readonly questionsAsked: number
}

/** Builds the view of a campaign from its attached posts; also returns each post's theme id. */
export function buildCampaignView(
  campaign: Campaign,
  attached: readonly AttachedPost[],
  options: ThemeOptions = {},
): { view: CampaignView; themeOf: ReadonlyMap<string, string> } {
  const contributions = attached.filter((p) => p.via !== 'own')
  const keyToId = new Map(attached.map((p) => [`${p.platform}:${p.platformId}`, p.id]))
  const themeCount = options.k ?? campaign.themeCount
  const grouped = groupThemes(
    contributions.map((p) => ({
      id: p.id,
      text: p.text,
      createdAtMs: p.createdAtMs,
      sentiment: p.sentiment,
      abuse: p.abuse,
      duplicateOf: p.repostOfId
        ? (keyToId.get(`${p.platform}:${p.repostOfId}`) ?? p.dupOf)
        : p.dupOf,
    })),
    {
      ...options,
      ...(themeCount !== undefined ? { k: themeCount } : {}),
      stopWords: [...campaign.hashtags, ...(options.stopWords ?? [])],
    },
  )
  const themeOf = new Map<string, string>()
  for (const [id, idx] of grouped.assignment) {
    const t = idx >= 0 ? grouped.themes[idx] : undefined
    if (t) themeOf.set(id, t.id)
  }
  const via: Record<string, number> = {}
  for (const p of attached) via[p.via] = (via[p.via] ?? 0) + 1
  const view: CampaignView = {
    name: campaign.name,
    hashtags: campaign.displayHashtags,
    startsAtMs: campaign.startsAtMs,
    endsAtMs: campaign.endsAtMs,
    questions: campaign.questions,
    services: campaign.services,
    areas: campaign.areas,
    ownerTeam: campaign.ownerTeam,
    participation: participationOf(
      attached.map((p) => ({
        authorKey: p.authorKey,
        platform: p.platform,
        createdAtMs: p.createdAtMs,
        own: p.via === 'own',
        sentiment: p.sentiment,
        intent: p.intent,
      })),
    ),
    via,
    themes: grouped.themes,
    unthemed: grouped.unassigned,
    questionsAsked: contributions.filter((p) => p.intent === 'question').length,
  }
  return { view, themeOf }
}
