/**
 * Participation in a campaign: posts, distinct participants (pseudonymous author keys are counted,
 * never listed), reach by platform and activity over time.
 */

/** The fields participation looks at. */
export interface ParticipationPost {
  readonly authorKey: string
  readonly platform: string
  readonly createdAtMs: number
  /** The campaign's own posts are counted apart and never as participants. */
  readonly own?: boolean | undefined
  readonly sentiment?: string | null | undefined
  readonly intent?: string | null | undefined
}

/** One time bucket of participation. */
export interface ParticipationBucket {
  readonly startMs: number
  readonly posts: number
  readonly participants: number
}

/** Participation figures: counts only, no identities. */
export interface Participation {
  /** Contributions (the campaign's own posts excluded). */
  readonly posts: number
  readonly ownPosts: number
  /** Distinct contributors. */
  readonly participants: number
  readonly byPlatform: Readonly<Record<string, number>>
  readonly sentiment: Readonly<Record<string, number>>
  readonly intents: Readonly<Record<string, number>>
  readonly overTime: readonly ParticipationBucket[]
}

/** Counts participation, bucketed by `bucketMs` (default one day, aligned to UTC midnight). */
export function participationOf(
  posts: Iterable<ParticipationPost>,
  bucketMs = 86_400_000,
): Participation {
  let n = 0
  let own = 0
  const authors = new Set<string>()
  const byPlatform: Record<string, number> = {}
  const sentiment: Record<string, number> = {}
  const intents: Record<string, number> = {}
  const buckets = new Map<number, { posts: number; authors: Set<string> }>()
  for (const p of posts) {
    if (p.own) {
      own++
      continue
    }
    n++
    authors.add(p.authorKey)
    byPlatform[p.platform] = (byPlatform[p.platform] ?? 0) + 1
    if (p.sentiment) sentiment[p.sentiment] = (sentiment[p.sentiment] ?? 0) + 1
    if (p.intent) intents[p.intent] = (intents[p.intent] ?? 0) + 1
    const start = Math.floor(p.createdAtMs / bucketMs) * bucketMs
    let b = buckets.get(start)
    if (!b) buckets.set(start, (b = { posts: 0, authors: new Set() }))
    b.posts++
    b.authors.add(p.authorKey)
  }
  return {
    posts: n,
    ownPosts: own,
    participants: authors.size,
    byPlatform,
    sentiment,
    intents,
    overTime: [...buckets]
      .sort((a, b) => a[0] - b[0])
      .map(([startMs, b]) => ({ startMs, posts: b.posts, participants: b.authors.size })),
  }
}
