/**
 * The campaign API's shapes as the campaign pages use them (counts and quotes, never names).
 */
import type { WardFeature } from '../../components/WardMap.js'

/** A campaign in the list. */
export interface CampaignSummary {
  name: string
  title: string
  hashtags: string[]
  period: { from: string | null; to: string | null }
  ownerTeam: string | null
  posts: number
  participants: number
  themes: { id: string; label: string; size: number }[]
}

/** Sentiment counts. */
export interface SentimentCounts {
  negative: number
  neutral: number
  positive: number
}

/** A theme with its sentiment over time. */
export interface ThemeOut {
  id: string
  label: string
  terms: string[]
  size: number
  share: number
  quotes: string[]
  sentiment: SentimentCounts
  overTime: Array<SentimentCounts & { t: string; size: number }>
}

/** A "you said, we did" action. */
export interface ActionOut {
  id: number
  theme: string
  action: string
  status: string
  team: string | null
  recordedAt: string
}

/** The live view of one campaign. */
export interface CampaignViewData extends Omit<CampaignSummary, 'themes'> {
  questions: string[]
  refreshedAt: string
  ownPosts: number
  participation: {
    bucket: 'hour' | 'day'
    items: { t: string; posts: number; participants: number }[]
  }
  platforms: { platform: string; posts: number }[]
  sentiment: SentimentCounts
  intents: Record<string, number> & { questionsAsked: number; suggestionsMade: number }
  themes: ThemeOut[]
  unthemed: number
  places: { unplaced: number; features: WardFeature[] }
  waiting: {
    total: number
    items: {
      post: string
      createdAt: string
      platform: string
      text: string
      theme: string | null
      openCase: { method: 'POST'; href: string; body: unknown }
    }[]
  }
  actions: ActionOut[]
}

/** One theme with a page of its members' quotes. */
export interface ThemeDetail extends ThemeOut {
  members: {
    total: number
    offset: number
    limit: number
    items: {
      post: string
      createdAt: string
      platform: string
      sentiment: string | null
      text: string
    }[]
  }
}
