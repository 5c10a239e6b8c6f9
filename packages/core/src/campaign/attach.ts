/**
 * Attachment rules: a post belongs to a campaign when, within the campaign's period, it carries one
 * of its hashtags (in the platform's tag list or written in the text), names one of its keywords,
 * is one of the campaign's own posts, or replies to or quotes one of them.
 */
import { normaliseHandle, normaliseHashtag, type Campaign } from './model.js'

/** The fields of a post that attachment looks at. */
export interface CampaignPostRef {
  readonly platform: string
  readonly platformId: string
  readonly authorHandle?: string | null | undefined
  /** The platform's id of the author (a Bluesky DID, an X user id…): Jetstream posts carry no handle. */
  readonly authorId?: string | null | undefined
  readonly text: string
  readonly hashtags: readonly string[]
  readonly createdAtMs: number
  readonly replyToId?: string | null | undefined
  readonly quoteOfId?: string | null | undefined
}

/** Why a post is attached: it is the campaign's own, carries a tag or keyword, or replies to / quotes an own post. */
export type AttachReason = 'own' | 'hashtag' | 'keyword' | 'reply' | 'quote'

const TAG_IN_TEXT = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu

/** Every hashtag of a post, normalised: the platform's list plus any `#tag` written in the text. */
export function hashtagsOf(p: Pick<CampaignPostRef, 'text' | 'hashtags'>): Set<string> {
  const out = new Set(p.hashtags.map(normaliseHashtag))
  for (const m of p.text.matchAll(TAG_IN_TEXT)) if (m[1]) out.add(normaliseHashtag(m[1]))
  return out
}

/**
 * Decides attachment post by post. Feed posts in time order: the campaign's own posts are
 * remembered so that later replies and quotes to them attach.
 */
export class CampaignMatcher {
  private readonly tags: Set<string>
  private readonly accounts: Set<string>
  private readonly own = new Set<string>()

  /** Creates a matcher for one campaign. */
  constructor(private readonly campaign: Campaign) {
    this.tags = new Set(campaign.hashtags)
    this.accounts = new Set(campaign.accounts)
  }

  /**
   * True when the handle or platform id is one of the campaign's accounts (a `user@instance`
   * handle also matches `user`).
   */
  isOwnAccount(handle: string | null | undefined, platformId?: string | null): boolean {
    if (platformId && this.accounts.has(normaliseHandle(platformId))) return true
    if (!handle) return false
    const h = normaliseHandle(handle)
    if (this.accounts.has(h)) return true
    const local = h.split('@')[0] ?? h
    for (const a of this.accounts) if ((a.split('@')[0] ?? a) === local) return true
    return false
  }

  /** Marks a post as the campaign's own (for example one published before the matcher saw it). */
  addOwnPost(platform: string, platformId: string): void {
    this.own.add(`${platform}:${platformId}`)
  }

  /** Says why a post belongs to the campaign, or undefined when it does not. */
  match(p: CampaignPostRef): AttachReason | undefined {
    const c = this.campaign
    if (p.createdAtMs < c.startsAtMs) return undefined
    if (c.endsAtMs !== undefined && p.createdAtMs >= c.endsAtMs) return undefined
    let tagged = false
    for (const t of hashtagsOf(p))
      if (this.tags.has(t)) {
        tagged = true
        break
      }
    const lower = c.keywords.length > 0 ? p.text.toLowerCase() : ''
    const keyword = !tagged && c.keywords.some((k) => lower.includes(k))
    if ((tagged || keyword) && this.isOwnAccount(p.authorHandle, p.authorId)) {
      this.own.add(`${p.platform}:${p.platformId}`)
      return 'own'
    }
    if (tagged) return 'hashtag'
    if (keyword) return 'keyword'
    if (p.replyToId && this.own.has(`${p.platform}:${p.replyToId}`)) return 'reply'
    if (p.quoteOfId && this.own.has(`${p.platform}:${p.quoteOfId}`)) return 'quote'
    return undefined
  }
}
