/**
 * Bursting terms: a failure nobody has a label for ("the council website is down", "the 185 isn't
 * running") shows first as a word that is suddenly everywhere among complaint-like posts, while the
 * sieve scatters those posts over many services. Each term keeps a decayed count of the posts that
 * used it (its baseline rate) and the times of its posts in the last window; a term whose window
 * is surprising against its own baseline (Poisson, -log10 p) with enough distinct posts bursts.
 * The bar is lowest for terms new to the stream: a new term has only the prior rate, so a few
 * posts in a short time are enough, while an everyday word needs a real rise. Pure and bounded: terms unseen for `forgetMs` are
 * dropped on `prune`.
 */
import { negBinomialSurprise } from './stats.js'
import { normaliseWords, STOP_WORDS } from './text.js'

export interface TermBurstOptions {
  /** Window over which a burst is counted. Default 30 minutes. */
  windowMs: number
  /** Half-life of a term's baseline count. Default 3 days. */
  baselineHalfLifeMs: number
  /** Lowest baseline rate of any term, in posts per day (the prior of a term never seen). Default 0.5. */
  priorPerDay: number
  /** Terms with a baseline rate above this (posts a day) cannot burst. Default: no limit. */
  maxBaselinePerDay: number
  /** Fewest distinct posts in the window for a burst. Default 5. */
  minPosts: number
  /** Surprise (-log10 p) at which a term bursts. Default 8. */
  minSurprise: number
  /** After a burst the term cannot burst again for this long (its later posts update its incident). Default 12 h. */
  cooldownMs: number
  /** Terms unseen this long are forgotten on `prune`. Default 14 days. */
  forgetMs: number
}

export const DEFAULT_TERM_BURST: TermBurstOptions = {
  windowMs: 30 * 60_000,
  baselineHalfLifeMs: 3 * 86_400_000,
  priorPerDay: 0.5,
  maxBaselinePerDay: Infinity,
  minPosts: 5,
  minSurprise: 8,
  cooldownMs: 12 * 3_600_000,
  forgetMs: 14 * 86_400_000,
}

interface Term {
  /** Decayed count of posts older than the window. */
  older: number
  olderAt: number
  /** Posts in the window: times and ids, oldest first. */
  times: number[]
  ids: string[]
  lastAt: number
  firstAt: number
  burstAt: number
}

/** A term that burst: its posts in the window and how surprising they are. */
export interface TermBurst {
  term: string
  ids: readonly string[]
  observed: number
  expected: number
  surprise: number
}

/** The terms of a post as the burst detector counts them: words of 3+ letters without stop words, and route-like numbers. */
export function burstTerms(text: string, exclude?: ReadonlySet<string>): string[] {
  const out = new Set<string>()
  for (const w of normaliseWords(text)) {
    if (STOP_WORDS.has(w) || exclude?.has(w)) continue
    if (/^\d+$/.test(w) ? w.length < 2 || w.length > 4 : w.length < 3) continue
    out.add(w.length >= 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)
  }
  return [...out]
}

export class TermBurstDetector {
  private readonly o: TermBurstOptions
  private readonly terms = new Map<string, Term>()
  private readonly seen = new Set<string>()
  /** Start of the stream (a term's baseline is only as old as the stream). */
  private startAt: number | null = null

  constructor(opts: Partial<TermBurstOptions> = {}) {
    this.o = { ...DEFAULT_TERM_BURST, ...opts }
  }

  /**
   * Adds a distinct post with its terms (idempotent by id) and returns the terms that burst with
   * it. Posts should come roughly in time order.
   */
  add(id: string, terms: readonly string[], time: number): TermBurst[] {
    if (this.seen.has(id)) return []
    this.seen.add(id)
    if (this.startAt === null) this.startAt = time
    const out: TermBurst[] = []
    for (const w of terms) {
      let t = this.terms.get(w)
      if (!t) {
        t = {
          older: 0,
          olderAt: time,
          times: [],
          ids: [],
          lastAt: time,
          firstAt: time,
          burstAt: -Infinity,
        }
        this.terms.set(w, t)
      }
      this.roll(t, time)
      t.times.push(time)
      t.ids.push(id)
      t.lastAt = Math.max(t.lastAt, time)
      const b = this.judge(w, t, time)
      if (b) out.push(b)
    }
    return out
  }

  private judge(term: string, t: Term, time: number): TermBurst | undefined {
    const o = this.o
    const n = t.times.length
    if (n < o.minPosts || time - t.burstAt < o.cooldownMs) return undefined
    // Baseline rate: the decayed count over the (decayed) time the stream has been watched.
    const LN2 = Math.LN2
    const watched = Math.max(o.windowMs, time - (this.startAt ?? time))
    const span =
      (o.baselineHalfLifeMs / LN2) * (1 - Math.exp((-LN2 * watched) / o.baselineHalfLifeMs))
    const rate = Math.max(o.priorPerDay / 86_400_000, t.older / Math.max(o.windowMs, span))
    if (rate * 86_400_000 > o.maxBaselinePerDay) return undefined
    const expected = rate * o.windowMs
    const surprise = negBinomialSurprise(n, expected, 0)
    if (surprise < o.minSurprise) return undefined
    t.burstAt = time
    return { term, ids: [...t.ids], observed: n, expected, surprise }
  }

  private roll(t: Term, now: number): void {
    const cutoff = now - this.o.windowMs
    let moved = 0
    while (t.times.length > 0 && t.times[0]! < cutoff) {
      t.times.shift()
      t.ids.shift()
      moved++
    }
    if (now > t.olderAt) {
      t.older *= Math.pow(2, -(now - t.olderAt) / this.o.baselineHalfLifeMs)
      t.olderAt = now
    }
    t.older += moved
  }

  /** Forgets terms unseen for `forgetMs` and post ids older than a day (call about daily). */
  prune(now: number): void {
    for (const [w, t] of this.terms) if (now - t.lastAt > this.o.forgetMs) this.terms.delete(w)
    if (this.seen.size > 200_000) this.seen.clear()
  }

  /** Number of terms tracked. */
  get size(): number {
    return this.terms.size
  }
}
