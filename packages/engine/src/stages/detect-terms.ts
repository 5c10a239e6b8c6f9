/**
 * The bursting-terms detector's wiring in the detect stage: which posts it sees (complaint-like,
 * not spam, relevance at least its own lower bar, reposts and near-duplicates once), the recent
 * posts kept as a burst's evidence, and what a burst is about (the service group and the ward most
 * of its posts have). A burst whose posts mostly share a hashtag is an organised conversation (a
 * consultation, a campaign), not a failure, and is dropped.
 */
import {
  ANY_AREA,
  burstTerms,
  NearDuplicateIndex,
  SPAM_THRESHOLD,
  TermBurstDetector,
  UNCERTAIN_SERVICE,
  type EvidencePost,
  type StoredPost,
  type TermBurst,
  type TermBurstOptions,
} from '@civicpulse/core'
import { FAILURE_INTENTS } from './detect-evidence.js'

/** A recent complaint-like post, with its service group and relevance. */
export interface TermPost {
  post: EvidencePost
  group: string | null
  rel: number
}

/** A term that burst, with its evidence and what it is about. */
export interface BurstFinding {
  burst: TermBurst
  /** The group most (at least half) of its posts have, else `uncertain`. */
  service: string
  /** The ward most (at least half) of its posts name, else the whole area. */
  area: string
  items: TermPost[]
}

export class TermWatch {
  private readonly detector: TermBurstDetector
  private readonly relevantMin: number
  private readonly dups = new NearDuplicateIndex({ maxAgeMs: 2 * 86_400_000 })
  /** Hashtags of recent posts (for the conversation check), by id. */
  private tags = new Map<string, string[]>()
  /** Recent complaint-like posts (for term-burst evidence), oldest first. */
  private posts = new Map<string, TermPost>()

  constructor(
    o: Partial<TermBurstOptions> & { relevantMin?: number },
    private readonly groupOf: (code: string) => string,
    private readonly placeWords?: ReadonlySet<string>,
  ) {
    this.detector = new TermBurstDetector(o)
    this.relevantMin = o.relevantMin || 0.2
  }

  /**
   * Adds a complaint-like post (`duplicate`: the service series' near-duplicate verdict when the
   * post was counted there); returns the most surprising term that burst with it, if any.
   */
  add(
    p: StoredPost,
    id: string,
    time: number,
    duplicate: boolean | undefined,
  ): BurstFinding | undefined {
    const l = p.labels
    if (!l || l.spam.p >= SPAM_THRESHOLD || l.relevant.p < this.relevantMin) return undefined
    if (!FAILURE_INTENTS.has(l.intent.label) || p.repostOfId) return undefined
    // A counted post already has its near-duplicate verdict; the others (relevance under the
    // series' bar) have their own index, so the service series count exactly as without bursts.
    if (duplicate ?? this.dups.add(id, p.displayText, time).duplicate) return undefined
    const ward = l.places.find((x) => x.wardCode)?.wardCode ?? null
    const post: EvidencePost = {
      id,
      text: p.displayText,
      time,
      area: ward ?? ANY_AREA,
      duplicateOf: null,
    }
    if (p.hashtags.length)
      this.tags.set(
        id,
        p.hashtags.map((h) => h.toLowerCase()),
      )
    this.posts.set(id, {
      post,
      group: l.service.code ? this.groupOf(l.service.code) : null,
      rel: l.relevant.p,
    })
    const cutoff = time - 3_600_000
    for (const [k, x] of this.posts) {
      if (x.post.time >= cutoff) break
      this.posts.delete(k)
      this.tags.delete(k)
    }
    const words = burstTerms(p.displayText, this.placeWords)
    const bursts = this.detector.add(id, words, time)
    if (!bursts.length) return undefined
    const b = bursts.sort((x, y) => y.surprise - x.surprise)[0]!
    if (this.conversation(b.ids)) return undefined
    const items = b.ids.map((i) => this.posts.get(i)).filter((x) => x !== undefined)
    const vote = (xs: (string | null | undefined)[]) => {
      const m = new Map<string, number>()
      for (const x of xs) if (x && x !== ANY_AREA) m.set(x, (m.get(x) ?? 0) + 1)
      const top = [...m].sort((a, c) => c[1] - a[1] || (a[0] < c[0] ? -1 : 1))[0]
      return top && top[1] * 2 >= xs.length ? top[0] : undefined
    }
    return {
      burst: b,
      service: vote(items.map((x) => x.group)) ?? UNCERTAIN_SERVICE,
      area: vote(items.map((x) => x.post.area)) ?? ANY_AREA,
      items,
    }
  }

  /**
   * Whether a burst is an organised conversation rather than a failure: a third or more of its
   * posts share a hashtag (a council consultation, a campaign).
   */
  private conversation(ids: readonly string[]): boolean {
    const n = new Map<string, number>()
    for (const id of ids)
      for (const h of new Set(this.tags.get(id) ?? [])) n.set(h, (n.get(h) ?? 0) + 1)
    return [...n.values()].some((c) => c * 3 >= ids.length)
  }

  /** Forgets old near-duplicate entries and long-unseen terms (call about daily). */
  prune(time: number): void {
    this.dups.compact()
    this.detector.prune(time)
  }
}
