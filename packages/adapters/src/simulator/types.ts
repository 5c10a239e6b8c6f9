/** The simulator's public contract: events (one payload line plus its ground truth) in batches. */

/** Payload formats the simulator writes; they are `civicpulse ingest --format` names. */
export type SimFormat = 'mastodon' | 'x-v2' | 'bluesky-jetstream' | 'reddit'

/** Platforms as the Post model names them. */
export type SimPlatform = 'x' | 'mastodon' | 'bluesky' | 'reddit'

/** What the generator knows about one post. */
export interface SimTruth {
  /** `platform:platformId` as the decoders key posts: X/Mastodon status id, Bluesky at:// URI, Reddit fullname. */
  postKey: string
  /** Concerns a public service (false for chatter and spam). */
  civic: boolean
  /** How the post was made: chatter, civic (everyday), failure, campaign, council, spam. */
  kind: 'chatter' | 'civic' | 'failure' | 'campaign' | 'council' | 'spam'
  /** Taxonomy code. */
  service?: string
  intent?: 'complaint' | 'question' | 'suggestion' | 'praise' | 'information'
  sentiment?: 'negative' | 'neutral' | 'positive'
  /** Ward the post is about (known to the generator even when the text names no place). */
  ward?: string
  /** The ward's code (ONS GSS code for Lewisham, as the jurisdiction pack gives it). */
  wardCode?: string
  /** Street named in the text, if any. */
  street?: string
  /** Whether the place can be read from the text, from a geotag, or not at all. */
  place?: 'text' | 'geo' | 'none'
  lang: string
  failureId?: string
  campaignId?: string
  themeId?: string
  spam?: boolean
  /** The post this one repeats (a repost/reblog, or a copy-paste of another author's text). */
  duplicateOf?: string
  /** The post this one replies to. */
  replyTo?: string
}

/** One generated event: a payload line in the platform's exact shape and its truth. */
export interface SimEvent {
  /** Simulated time of the post (ISO 8601, UTC). */
  at: string
  format: SimFormat
  /** One line of NDJSON (no newline). */
  line: string
  truth: SimTruth
}

/** The events of one simulated minute, in time order. */
export interface SimBatch {
  /** Start of the minute (epoch ms, simulated). */
  from: number
  /** End of the minute (exclusive). */
  to: number
  events: SimEvent[]
}
