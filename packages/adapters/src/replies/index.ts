/**
 * Reply senders for the outbox: Mastodon, X, Reddit and Bluesky, over one rate-limit-aware HTTP
 * client. `createReplySenders` builds them from per-account settings (credentials stay there).
 */
import type { ReplyPlatform, ReplySender } from '@civicpulse/core'
import { BlueskyReplySender, type BlueskyReplyConfig } from './bluesky.js'
import { MastodonReplySender, type MastodonReplyConfig } from './mastodon.js'
import { RedditReplySender, type RedditReplyConfig } from './reddit.js'
import { XReplySender, type XReplyConfig } from './x.js'

export * from './http.js'
export { MastodonReplySender, type MastodonReplyConfig } from './mastodon.js'
export { XReplySender, type XReplyConfig } from './x.js'
export { RedditReplySender, type RedditReplyConfig } from './reddit.js'
export { BlueskyReplySender, tidFromKey, parseAtUri, type BlueskyReplyConfig } from './bluesky.js'

/** Reply settings per platform (one account each). */
export interface ReplySettings {
  mastodon?: MastodonReplyConfig
  x?: XReplyConfig
  reddit?: RedditReplyConfig
  bluesky?: BlueskyReplyConfig
}

/** Builds the senders for the platforms that have settings. */
export function createReplySenders(s: ReplySettings): Partial<Record<ReplyPlatform, ReplySender>> {
  const out: Partial<Record<ReplyPlatform, ReplySender>> = {}
  if (s.mastodon) out.mastodon = new MastodonReplySender(s.mastodon)
  if (s.x) out.x = new XReplySender(s.x)
  if (s.reddit) out.reddit = new RedditReplySender(s.reddit)
  if (s.bluesky) out.bluesky = new BlueskyReplySender(s.bluesky)
  return out
}
