/**
 * Theme grouping: clusters of similar campaign contributions, each with a plain-words label, a
 * size, representative quotes (never from posts flagged as abuse, never naming anyone) and its
 * sentiment over time.
 *
 * Method: topic tokens (core/detection/text.ts), binary TF-IDF vectors (L2-normalised, sparse), a
 * latent semantic (LSA) embedding by randomised SVD, spherical k-means (k-means++ seeding from a
 * fixed-seed PRNG, best of several restarts), k chosen in [kMin, kMax] (default 3..8) by the mean
 * silhouette on a sample, then themes with near TF-IDF centroids merged.
 * Copies (`duplicateOf`) take their original's theme without being clustered. Deterministic.
 *
 * This module orchestrates; each step has its own module: theme-text (tokens, quotes, labels),
 * theme-vectors (TF-IDF), theme-lsa (embedding), theme-kmeans (clustering, choosing k),
 * theme-merge (folding and merging clusters), theme-describe (label, sentiment trend, quotes).
 */
import { normaliseWords } from '../detection/text.js'
import { describeTheme } from './theme-describe.js'
import { kmeansBest, silhouette, type KMeans } from './theme-kmeans.js'
import { lsaEmbed } from './theme-lsa.js'
import { prng } from './theme-math.js'
import { foldSmallClusters, mergeSimilarClusters } from './theme-merge.js'
import { stem } from './theme-text.js'
import { vectorise } from './theme-vectors.js'

export { quoteText } from './theme-text.js'

/** One contribution to group. */
export interface ThemeInput {
  readonly id: string
  readonly text: string
  readonly createdAtMs: number
  /** negative | neutral | positive, when the sieve has labelled it. */
  readonly sentiment?: string | null | undefined
  /** True when the post is flagged as abuse: it is grouped and counted but never quoted. */
  readonly abuse?: boolean | undefined
  /** The id of the original this post repeats (repost or copy): it joins the original's theme. */
  readonly duplicateOf?: string | null | undefined
}

/** Options of {@link groupThemes}. */
export interface ThemeOptions {
  /** A fixed number of themes; when absent it is chosen in [kMin, kMax]. */
  readonly k?: number
  readonly kMin?: number
  readonly kMax?: number
  readonly seed?: number
  /** Width of the sentiment-over-time buckets (default one day). */
  readonly bucketMs?: number
  /** Representative quotes per theme (default 3). */
  readonly quotes?: number
  /** Words never used as features (campaign hashtags, place names…). */
  readonly stopWords?: Iterable<string>
  /** k-means runs per k, the best kept (default 15; 6 above 4,000 posts, to stay fast). */
  readonly restarts?: number
  /** Dimensions of the latent semantic space (default 12). */
  readonly rank?: number
  /**
   * When k is chosen from the data, themes whose TF-IDF centroids are at least this similar
   * (cosine) are merged (default 0.25; 1 turns merging off).
   */
  readonly mergeAbove?: number
  /** Themes smaller than this share of the grouped posts are folded into the others (default 0.01). */
  readonly minShare?: number
}

/** Counts of posts by sentiment. */
export interface SentimentCounts {
  negative: number
  neutral: number
  positive: number
}

/** A theme's sentiment in one time bucket. */
export interface ThemeBucket extends SentimentCounts {
  readonly startMs: number
  readonly size: number
}

/** A group of similar contributions. */
export interface Theme {
  /** `theme-1`, `theme-2`… by decreasing size. */
  readonly id: string
  /** A plain-words label made of the theme's most distinctive words. */
  readonly label: string
  /** The distinctive words behind the label, most distinctive first. */
  readonly terms: readonly string[]
  readonly size: number
  /** Size as a share of all grouped posts (0..1). */
  readonly share: number
  readonly memberIds: readonly string[]
  /** Representative quotes, handles and links removed. */
  readonly quotes: readonly string[]
  readonly sentiment: SentimentCounts
  readonly overTime: readonly ThemeBucket[]
}

/** The outcome of {@link groupThemes}. */
export interface ThemeResult {
  readonly themes: readonly Theme[]
  /** Theme index (into `themes`) per input id; -1 for posts in no theme (too short or off-topic). */
  readonly assignment: ReadonlyMap<string, number>
  /** Posts in no theme. */
  readonly unassigned: number
  /** The number of clusters chosen before small ones were folded. */
  readonly k: number
}
/** Groups contributions into themes. Fast: 10,000 posts take well under five seconds on one core. */
export function groupThemes(items: readonly ThemeInput[], options: ThemeOptions = {}): ThemeResult {
  const rand = prng(options.seed ?? 20260713)
  const bucketMs = options.bucketMs ?? 86_400_000
  const extraStop = new Set<string>()
  for (const s of options.stopWords ?? [])
    for (const w of normaliseWords(s)) extraStop.add(stem(w)).add(w)

  const byId = new Map(items.map((it, i) => [it.id, i]))
  const originals: number[] = []
  for (let i = 0; i < items.length; i++) {
    const d = items[i]!.duplicateOf
    if (d === undefined || d === null || !byId.has(d) || d === items[i]!.id) originals.push(i)
  }

  // tokens and vocabulary
  const { df, surface, nDocs, vocab, dim, vecs, vecDoc } = vectorise(
    originals.map((i) => items[i]!.text),
    extraStop,
  )

  const assignment = new Map<string, number>()
  for (const it of items) assignment.set(it.id, -1)
  if (vecs.length < 2 || dim === 0)
    return { themes: [], assignment, unassigned: items.length, k: 0 }

  // choose k
  const kMax = Math.max(1, Math.min(options.kMax ?? 8, vecs.length))
  const kMin = Math.max(1, Math.min(options.kMin ?? 3, kMax))
  const nv = vecs.length
  const { emb, r } = lsaEmbed(vecs, dim, options.rank ?? 12, rand)
  const restarts = Math.max(1, options.restarts ?? (nv > 4000 ? 6 : 15))
  let km: KMeans
  if (options.k !== undefined)
    km = kmeansBest(emb, nv, r, Math.max(1, Math.min(options.k, nv)), rand, restarts)
  else {
    let bestScore = -Infinity
    km = kmeansBest(emb, nv, r, kMin, rand, restarts)
    for (let k = kMin; k <= kMax; k++) {
      const cand = k === kMin ? km : kmeansBest(emb, nv, r, k, rand, restarts)
      const score = silhouette(emb, nv, r, cand)
      if (score > bestScore) {
        bestScore = score
        km = cand
      }
    }
  }

  // fold clusters that are too small into their nearest neighbour
  const alive = foldSmallClusters(km, emb, r, vecs.length, options.minShare ?? 0.01)

  // merge themes that say the same thing in the same words (only when k was chosen from the data)
  const mergeAbove = options.mergeAbove ?? 0.25
  if (options.k === undefined && alive.length > 1 && mergeAbove < 1)
    mergeSimilarClusters(km, vecs, dim, alive, mergeAbove)

  // collect members per cluster, copies follow their originals
  const clusterOfItem = new Int32Array(items.length).fill(-1)
  const simOfItem = new Float64Array(items.length)
  for (let v = 0; v < vecs.length; v++) {
    const i = originals[vecDoc[v]!]!
    clusterOfItem[i] = km.assign[v]!
    simOfItem[i] = km.sim[v]!
  }
  for (let i = 0; i < items.length; i++) {
    const d = items[i]!.duplicateOf
    if (d !== undefined && d !== null && d !== items[i]!.id) {
      const j = byId.get(d)
      if (j !== undefined) clusterOfItem[i] = clusterOfItem[j]!
    }
  }
  const members = new Map<number, number[]>()
  for (let i = 0; i < items.length; i++) {
    const c = clusterOfItem[i]!
    if (c < 0) continue
    let m = members.get(c)
    if (!m) members.set(c, (m = []))
    m.push(i)
  }
  const order = [...members.keys()].sort(
    (a, b) => members.get(b)!.length - members.get(a)!.length || a - b,
  )
  const grouped = order.reduce((s, c) => s + members.get(c)!.length, 0)

  const context = {
    items,
    clusterOfItem,
    simOfItem,
    extraStop,
    vocab,
    df,
    nDocs,
    surface,
    bucketMs,
    quotes: options.quotes ?? 3,
    grouped,
  }
  const themes: Theme[] = order.map((c, rank) => describeTheme(context, c, rank, members.get(c)!))
  const rankOf = new Map(order.map((c, r) => [c, r]))
  let unassigned = 0
  for (let i = 0; i < items.length; i++) {
    const c = clusterOfItem[i]!
    const r = c >= 0 ? rankOf.get(c) : undefined
    assignment.set(items[i]!.id, r ?? -1)
    if (r === undefined) unassigned++
  }
  return { themes, assignment, unassigned, k: km.k }
}
