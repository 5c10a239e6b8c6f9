/**
 * Online grouping of similar complaints: each post joins the most similar live cluster (tf-idf
 * cosine against the cluster's time-decayed term centroid) or starts a new one. Near-duplicates
 * (from the SimHash index) join their original's cluster but are counted once. Each cluster tracks
 * its recent growth against its own baseline rate, so a cluster growing faster than usual becomes a
 * candidate incident even when its service label is uncertain. Pure: time comes in with each post.
 */
import { poissonUpperTail, surprise as surpriseOf } from './stats.js'
import { topicTokens } from './text.js'

/** A post as the clusterer needs it. */
export interface ClusterPost {
  readonly id: string
  readonly text: string
  /** Post time, ms since the epoch. */
  readonly time: number
  readonly service?: string | null
  /** Confidence of the service label in 0..1 (1 when unknown). */
  readonly serviceConfidence?: number
  readonly area?: string | null
  /** Id of the earlier post this one near-duplicates (from `NearDuplicateIndex`), if any. */
  readonly duplicateOf?: string | null
}

/** Tunables of the clusterer. */
export interface ClusterOptions {
  /** Lowest cosine similarity for a post to join a cluster. */
  readonly threshold: number
  /** Half-life of a cluster's term weights and of the document frequencies, ms. */
  readonly termHalfLifeMs: number
  /** Window over which recent growth is counted, ms. */
  readonly windowMs: number
  /** Half-life of a cluster's baseline count, ms. */
  readonly baselineHalfLifeMs: number
  /** Baseline rate assumed for any cluster (posts per hour), so a new cluster needs real growth. */
  readonly priorRatePerHour: number
  /** Fewest distinct posts in the window for a cluster to be emerging. */
  readonly minPosts: number
  /** Surprise (-log10 p) of the recent count above which a cluster is emerging. */
  readonly minSurprise: number
  /** Clusters idle longer than this are dropped on `prune`, ms. */
  readonly idleMs: number
  /** Most clusters compared in full with a new post (those sharing the most term weight). */
  readonly maxCandidates: number
  /** Terms kept in a cluster's centroid (pruned to this many when it holds twice as many). */
  readonly maxTerms: number
}

/** Defaults: 1-hour growth window, 24-hour baseline, at least 5 distinct posts. */
export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  threshold: 0.3,
  termHalfLifeMs: 12 * 3_600_000,
  windowMs: 3_600_000,
  baselineHalfLifeMs: 24 * 3_600_000,
  priorRatePerHour: 0.5,
  minPosts: 5,
  minSurprise: 4,
  idleMs: 3 * 24 * 3_600_000,
  maxCandidates: 10,
  maxTerms: 80,
}

/** A read-only view of a cluster. */
export interface ClusterView {
  readonly id: string
  readonly createdAt: number
  readonly lastAt: number
  /** Every member post id, duplicates included (so they can be shown). */
  readonly members: readonly string[]
  /** Distinct posts (duplicates counted once). */
  readonly distinct: number
  /** Distinct posts within the growth window. */
  readonly recent: number
  /** Expected distinct posts in a window at the cluster's baseline rate. */
  readonly expectedRecent: number
  /** Surprise of the recent count against the baseline. */
  readonly surprise: number
  /** The most likely service, with its share of (confidence-weighted) votes. */
  readonly service: string | null
  readonly serviceShare: number
  /** Areas by number of distinct posts, most first. */
  readonly areas: readonly string[]
  /** Heaviest terms of the centroid. */
  readonly topTerms: readonly string[]
}

/** What happened when a post was added. */
export interface ClusterAssignment {
  readonly clusterId: string
  readonly created: boolean
  readonly similarity: number
  readonly duplicate: boolean
}

interface Cluster {
  /** Term weights are stored divided by `mult` (decay multiplies `mult`, not every term). */
  mult: number
  /** Cached norm of the idf-weighted centroid (in stored units), valid while `normDocs` is close to the corpus size and the cluster is unchanged. */
  norm: number
  normDocs: number
  id: string
  createdAt: number
  lastAt: number
  decayAt: number
  terms: Map<string, number>
  members: string[]
  distinct: number
  recentTimes: number[]
  older: number
  olderAt: number
  services: Map<string, number>
  areas: Map<string, number>
}

const LN2 = Math.LN2

/** Online clusterer of complaints. Deterministic: cluster ids are `prefix` + a counter. */
export class ClusterIndex {
  private readonly opts: ClusterOptions
  private readonly clusters = new Map<string, Cluster>()
  private readonly postCluster = new Map<string, string>()
  private readonly inverted = new Map<string, Set<string>>()
  private readonly df = new Map<string, number>()
  private docs = 0
  private dfAt = -Infinity
  private counter = 0

  /** Creates an empty clusterer. */
  constructor(
    options: Partial<ClusterOptions> = {},
    private readonly prefix = 'c',
  ) {
    this.opts = { ...DEFAULT_CLUSTER_OPTIONS, ...options }
  }

  /** Adds a post (idempotent by post id) and returns the cluster it joined. */
  add(post: ClusterPost): ClusterAssignment {
    const known = this.postCluster.get(post.id)
    if (known) return { clusterId: known, created: false, similarity: 1, duplicate: true }
    const dupCluster = post.duplicateOf ? this.postCluster.get(post.duplicateOf) : undefined
    if (dupCluster) {
      const c = this.clusters.get(dupCluster)!
      c.members.push(post.id)
      c.lastAt = Math.max(c.lastAt, post.time)
      this.postCluster.set(post.id, c.id)
      return { clusterId: c.id, created: false, similarity: 1, duplicate: true }
    }
    const tokens = topicTokens(post.text)
    const tf = new Map<string, number>()
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1)
    this.decayDf(post.time)
    for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1)
    this.docs += 1
    // Candidate clusters share at least one term; only the `maxCandidates` sharing the most idf
    // weight are compared in full (a cluster sharing only common words cannot reach the threshold).
    const q = this.weigh(tf)
    const shared = new Map<string, number>()
    // Candidates come through the post's 6 most specific terms (common words link to every cluster).
    const specific = [...q].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 6)
    for (const [t, w] of specific)
      for (const id of this.inverted.get(t) ?? []) shared.set(id, (shared.get(id) ?? 0) + w)
    const candidates = [...shared]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.opts.maxCandidates)
      .map((x) => x[0])
    let best: Cluster | undefined
    let bestSim = 0
    for (const id of candidates.sort()) {
      const c = this.clusters.get(id)
      if (!c) continue
      this.decayCluster(c, post.time)
      const sim = this.cosineTo(q, c)
      if (sim > bestSim) {
        bestSim = sim
        best = c
      }
    }
    let created = false
    if (!best || bestSim < this.opts.threshold) {
      best = {
        id: `${this.prefix}${++this.counter}`,
        createdAt: post.time,
        lastAt: post.time,
        decayAt: post.time,
        mult: 1,
        norm: -1,
        normDocs: 0,
        terms: new Map(),
        members: [],
        distinct: 0,
        recentTimes: [],
        older: 0,
        olderAt: post.time,
        services: new Map(),
        areas: new Map(),
      }
      this.clusters.set(best.id, best)
      created = true
      bestSim = tf.size > 0 ? 1 : 0
    }
    const c = best
    for (const [t, n] of tf) {
      c.terms.set(t, (c.terms.get(t) ?? 0) + n / c.mult)
      let set = this.inverted.get(t)
      if (!set) this.inverted.set(t, (set = new Set()))
      set.add(c.id)
    }
    c.norm = -1
    this.capTerms(c)
    c.members.push(post.id)
    c.distinct += 1
    c.lastAt = Math.max(c.lastAt, post.time)
    c.recentTimes.push(post.time)
    if (post.service)
      c.services.set(
        post.service,
        (c.services.get(post.service) ?? 0) + (post.serviceConfidence ?? 1),
      )
    if (post.area) c.areas.set(post.area, (c.areas.get(post.area) ?? 0) + 1)
    this.postCluster.set(post.id, c.id)
    return { clusterId: c.id, created, similarity: bestSim, duplicate: false }
  }

  /** The cluster a post belongs to, if it is known. */
  clusterOf(postId: string): string | undefined {
    return this.postCluster.get(postId)
  }

  /**
   * The cluster's distinct posts in the last window and their surprise against its own baseline
   * (as `view` computes them, without building the view): a cheap check while posts arrive.
   */
  surpriseNow(
    id: string,
    now: number,
  ): { recent: number; expectedRecent: number; surprise: number } {
    const c = this.clusters.get(id)
    if (!c) return { recent: 0, expectedRecent: 0, surprise: 0 }
    this.rollWindow(c, now)
    const o = this.opts
    const baselineRate = Math.max(
      o.priorRatePerHour / 3_600_000,
      (c.older * LN2) / o.baselineHalfLifeMs,
    )
    const expectedRecent = baselineRate * o.windowMs
    const recent = c.recentTimes.length
    const surprise =
      recent > expectedRecent ? surpriseOf(poissonUpperTail(recent, expectedRecent)) : 0
    return { recent, expectedRecent, surprise }
  }

  /** A view of one cluster as of `now`. */
  view(id: string, now: number): ClusterView | undefined {
    const c = this.clusters.get(id)
    if (!c) return undefined
    this.rollWindow(c, now)
    const o = this.opts
    const baselineRate = Math.max(
      o.priorRatePerHour / 3_600_000,
      (c.older * LN2) / o.baselineHalfLifeMs,
    )
    const expectedRecent = baselineRate * o.windowMs
    const recent = c.recentTimes.length
    const sur = recent > expectedRecent ? surpriseOf(poissonUpperTail(recent, expectedRecent)) : 0
    let service: string | null = null
    let top = 0
    let total = 0
    for (const [s, v] of [...c.services].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      total += v
      if (v > top) {
        top = v
        service = s
      }
    }
    const areas = [...c.areas]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map((a) => a[0])
    const w = this.weigh(c.terms)
    const topTerms = [...w]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map((x) => x[0])
    return {
      id: c.id,
      createdAt: c.createdAt,
      lastAt: c.lastAt,
      members: [...c.members],
      distinct: c.distinct,
      recent,
      expectedRecent,
      surprise: sur,
      service,
      serviceShare: total > 0 ? top / total : 0,
      areas,
      topTerms,
    }
  }

  /** Clusters growing faster than their baseline at `now` (candidate incidents), most surprising first. */
  emerging(now: number): ClusterView[] {
    const out: ClusterView[] = []
    for (const id of this.clusters.keys()) {
      const v = this.view(id, now)
      if (v && v.recent >= this.opts.minPosts && v.surprise >= this.opts.minSurprise) out.push(v)
    }
    return out.sort((a, b) => b.surprise - a.surprise || (a.id < b.id ? -1 : 1))
  }

  /** Number of live clusters. */
  get size(): number {
    return this.clusters.size
  }

  /** Drops clusters idle for longer than `idleMs` before `now`; returns how many were dropped. */
  prune(now: number): number {
    let n = 0
    for (const [id, c] of this.clusters) {
      if (now - c.lastAt <= this.opts.idleMs) continue
      for (const t of c.terms.keys()) this.inverted.get(t)?.delete(id)
      for (const p of c.members) this.postCluster.delete(p)
      this.clusters.delete(id)
      n++
    }
    return n
  }

  private weigh(tf: ReadonlyMap<string, number>): Map<string, number> {
    const out = new Map<string, number>()
    for (const [t, n] of tf)
      out.set(t, n * Math.log(1 + (this.docs + 1) / ((this.df.get(t) ?? 0) + 1)))
    return out
  }

  private decayDf(now: number): void {
    if (this.dfAt === -Infinity) {
      this.dfAt = now
      return
    }
    if (now <= this.dfAt) return
    const f = Math.pow(2, -(now - this.dfAt) / this.opts.termHalfLifeMs)
    if (f > 0.98) return
    for (const [t, v] of this.df) {
      const nv = v * f
      if (nv < 0.01) this.df.delete(t)
      else this.df.set(t, nv)
    }
    this.docs *= f
    this.dfAt = now
  }

  private decayCluster(c: Cluster, now: number): void {
    if (now <= c.decayAt) return
    const f = Math.pow(2, -(now - c.decayAt) / this.opts.termHalfLifeMs)
    if (f > 0.999) return
    c.mult *= f
    c.decayAt = now
    if (c.mult < 1e-6) {
      for (const [t, v] of c.terms) c.terms.set(t, v * c.mult)
      c.mult = 1
      c.norm = -1
    }
  }

  /** Cosine between a weighted query and a cluster's idf-weighted centroid (scale-free, so `mult` cancels). */
  private cosineTo(q: ReadonlyMap<string, number>, c: Cluster): number {
    if (c.norm < 0 || Math.abs(this.docs - c.normDocs) > 0.05 * c.normDocs) {
      let n = 0
      for (const [t, v] of c.terms) {
        const w = v * this.idf(t)
        n += w * w
      }
      c.norm = Math.sqrt(n)
      c.normDocs = this.docs
    }
    let dot = 0
    let nq = 0
    for (const [t, v] of q) {
      nq += v * v
      const raw = c.terms.get(t)
      if (raw !== undefined) dot += v * raw * this.idf(t)
    }
    return nq > 0 && c.norm > 0 ? dot / (Math.sqrt(nq) * c.norm) : 0
  }

  private idf(t: string): number {
    return Math.log(1 + (this.docs + 1) / ((this.df.get(t) ?? 0) + 1))
  }

  /** Keeps a big cluster's centroid to its `maxTerms` heaviest terms (the rest barely move the cosine). */
  private capTerms(c: Cluster): void {
    const max = this.opts.maxTerms
    if (c.terms.size <= 2 * max) return
    const keep = [...c.terms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    for (const [t] of keep.slice(max)) {
      c.terms.delete(t)
      this.inverted.get(t)?.delete(c.id)
    }
  }

  private rollWindow(c: Cluster, now: number): void {
    const o = this.opts
    const cutoff = now - o.windowMs
    let moved = 0
    while (c.recentTimes.length > 0 && c.recentTimes[0]! < cutoff) {
      c.recentTimes.shift()
      moved++
    }
    if (now > c.olderAt) {
      c.older *= Math.pow(2, -(now - c.olderAt) / o.baselineHalfLifeMs)
      c.olderAt = now
    }
    c.older += moved
  }
}
