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
 */
import { normaliseWords, STOP_WORDS } from '../detection/text.js'

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

/** A small deterministic PRNG (mulberry32) so that grouping is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function stem(w: string): string {
  return w.length >= 4 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')
    ? w.slice(0, -1)
    : w
}

/** Topic tokens with the surface word each came from. */
function tokensWithSurface(text: string, extraStop: ReadonlySet<string>): [string, string][] {
  const out: [string, string][] = []
  for (const w of normaliseWords(text)) {
    if (w.length < 3 || STOP_WORDS.has(w) || /^\d+$/.test(w)) continue
    const t = stem(w)
    if (extraStop.has(t) || extraStop.has(w)) continue
    out.push([t, w])
  }
  return out
}

/** Makes a post's text fit to quote: @handles, links and line breaks removed, length capped. */
export function quoteText(text: string, maxChars = 280): string {
  const t = text
    .replace(/https?:\/\/\S+|www\.\S+/g, '')
    .replace(/(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.@-]+/gu, '$1')
    .replace(/^\s*RT\s*:?\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
  return t.length > maxChars ? `${t.slice(0, maxChars - 1).trimEnd()}…` : t
}

interface Sparse {
  idx: Int32Array
  val: Float32Array
}

/** Row-wise dot product of a dense row with a centroid row. */
function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, r: number): number {
  let s = 0
  for (let j = 0; j < r; j++) s += a[ai + j]! * b[bi + j]!
  return s
}

/**
 * Latent semantic embedding (randomised truncated SVD of the TF-IDF matrix, Halko et al.): words
 * used in the same contexts ("toilets", "loos") land close together. Rows are L2-normalised.
 */
/** Power iterations of the randomised SVD: enough for the leading subspace to settle (stable groupings). */
const POWER_ITERS = 6
function lsaEmbed(
  vecs: Sparse[],
  dim: number,
  rank: number,
  rand: () => number,
): { emb: Float64Array; r: number } {
  const n = vecs.length
  const l = Math.max(1, Math.min(rank + 10, dim, n))
  const gauss = (): number => {
    const u = Math.max(rand(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
  }
  const omega = new Float64Array(dim * l)
  for (let i = 0; i < omega.length; i++) omega[i] = gauss()
  const xTimes = (m: Float64Array): Float64Array => {
    // (n × dim) · (dim × l)
    const y = new Float64Array(n * l)
    for (let i = 0; i < n; i++) {
      const v = vecs[i]!
      for (let j = 0; j < v.idx.length; j++) {
        const w = v.val[j]!
        const off = v.idx[j]! * l
        for (let c = 0; c < l; c++) y[i * l + c]! += w * m[off + c]!
      }
    }
    return y
  }
  const xtTimes = (y: Float64Array): Float64Array => {
    // (dim × n) · (n × l)
    const z = new Float64Array(dim * l)
    for (let i = 0; i < n; i++) {
      const v = vecs[i]!
      for (let j = 0; j < v.idx.length; j++) {
        const w = v.val[j]!
        const off = v.idx[j]! * l
        for (let c = 0; c < l; c++) z[off + c]! += w * y[i * l + c]!
      }
    }
    return z
  }
  const orth = (m: Float64Array, rows: number): void => {
    // modified Gram-Schmidt on the l columns
    for (let c = 0; c < l; c++) {
      for (let p = 0; p < c; p++) {
        let d = 0
        for (let i = 0; i < rows; i++) d += m[i * l + c]! * m[i * l + p]!
        for (let i = 0; i < rows; i++) m[i * l + c]! -= d * m[i * l + p]!
      }
      let norm = 0
      for (let i = 0; i < rows; i++) norm += m[i * l + c]! ** 2
      norm = Math.sqrt(norm) || 1
      for (let i = 0; i < rows; i++) m[i * l + c]! /= norm
    }
  }
  let q = xTimes(omega)
  orth(q, n)
  for (let it = 0; it < POWER_ITERS; it++) {
    const z = xtTimes(q)
    orth(z, dim)
    q = xTimes(z)
    orth(q, n)
  }
  const bt = xtTimes(q) // dim × l = (Qᵀ X)ᵀ
  const cm = new Float64Array(l * l) // B Bᵀ
  for (let d = 0; d < dim; d++)
    for (let a = 0; a < l; a++) {
      const x = bt[d * l + a]!
      if (x === 0) continue
      for (let b = 0; b < l; b++) cm[a * l + b]! += x * bt[d * l + b]!
    }
  const { values, vectors } = jacobiEigen(cm, l)
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!)
  const r = Math.max(1, Math.min(rank, l))
  const emb = new Float64Array(n * r)
  for (let i = 0; i < n; i++) {
    let norm = 0
    for (let k = 0; k < r; k++) {
      const e = order[k]!
      const sigma = Math.sqrt(Math.max(0, values[e]!))
      let s = 0
      for (let c = 0; c < l; c++) s += q[i * l + c]! * vectors[c * l + e]!
      emb[i * r + k] = s * sigma
      norm += (s * sigma) ** 2
    }
    norm = Math.sqrt(norm) || 1
    for (let k = 0; k < r; k++) emb[i * r + k]! /= norm
  }
  return { emb, r }
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi); eigenvectors are columns. */
function jacobiEigen(a0: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(a0)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2
    if (off < 1e-20) break
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!
        if (Math.abs(apq) < 1e-300) continue
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!
          const akq = a[k * n + q]!
          a[k * n + p] = c * akp - s * akq
          a[k * n + q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!
          const aqk = a[q * n + k]!
          a[p * n + k] = c * apk - s * aqk
          a[q * n + k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!
          const vkq = v[k * n + q]!
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
  }
  const values: number[] = []
  for (let i = 0; i < n; i++) values.push(a[i * n + i]!)
  return { values, vectors: v }
}

interface KMeans {
  assign: Int32Array
  sim: Float64Array
  centroids: Float64Array
  k: number
}

/** Best of several k-means runs (highest total similarity to the centroids). */
function kmeansBest(
  emb: Float64Array,
  n: number,
  r: number,
  k: number,
  rand: () => number,
  restarts: number,
): KMeans {
  let best: KMeans | undefined
  let bestObj = -Infinity
  for (let t = 0; t < restarts; t++) {
    const km = kmeans(emb, n, r, k, rand)
    let obj = 0
    for (let i = 0; i < n; i++) obj += km.sim[i]!
    if (obj > bestObj) {
      bestObj = obj
      best = km
    }
  }
  return best!
}

function kmeans(
  emb: Float64Array,
  n: number,
  r: number,
  k: number,
  rand: () => number,
  iters = 30,
): KMeans {
  const centroids = new Float64Array(k * r)
  const setCentre = (c: number, i: number): void => {
    for (let j = 0; j < r; j++) centroids[c * r + j] = emb[i * r + j]!
  }
  // k-means++ seeding on cosine distance
  const best = new Float64Array(n).fill(-1)
  setCentre(0, Math.floor(rand() * n))
  for (let c = 1; c < k; c++) {
    let total = 0
    const d2 = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      best[i] = Math.max(best[i]!, dot(emb, i * r, centroids, (c - 1) * r, r))
      const d = Math.max(0, 1 - best[i]!)
      d2[i] = d * d
      total += d2[i]!
    }
    let x = rand() * total
    let pick = n - 1
    for (let i = 0; i < n; i++) {
      x -= d2[i]!
      if (x <= 0) {
        pick = i
        break
      }
    }
    setCentre(c, pick)
  }
  const assign = new Int32Array(n).fill(-1)
  const sim = new Float64Array(n)
  for (let it = 0; it < iters; it++) {
    let changed = 0
    for (let i = 0; i < n; i++) {
      let bc = 0
      let bs = -Infinity
      for (let c = 0; c < k; c++) {
        const s = dot(emb, i * r, centroids, c * r, r)
        if (s > bs) {
          bs = s
          bc = c
        }
      }
      if (assign[i] !== bc) changed++
      assign[i] = bc
      sim[i] = bs
    }
    if (changed === 0 && it > 0) break
    centroids.fill(0)
    const sizes = new Int32Array(k)
    for (let i = 0; i < n; i++) {
      const c = assign[i]!
      sizes[c]!++
      for (let j = 0; j < r; j++) centroids[c * r + j]! += emb[i * r + j]!
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        // re-seed an empty cluster with the worst-fitting post
        let worst = 0
        for (let i = 1; i < n; i++) if (sim[i]! < sim[worst]!) worst = i
        setCentre(c, worst)
        sim[worst] = 1
        continue
      }
      let norm = 0
      for (let j = 0; j < r; j++) norm += centroids[c * r + j]! ** 2
      norm = Math.sqrt(norm) || 1
      for (let j = 0; j < r; j++) centroids[c * r + j]! /= norm
    }
  }
  return { assign, sim, centroids, k }
}

/** Mean silhouette (cosine distance) over an evenly spaced sample of at most 1,500 posts (higher is better). */
function silhouette(emb: Float64Array, n: number, r: number, km: KMeans): number {
  const step = Math.max(1, Math.ceil(n / 1500))
  const sample: number[] = []
  for (let i = 0; i < n; i += step) sample.push(i)
  const sums = new Float64Array(km.k)
  const counts = new Int32Array(km.k)
  for (const i of sample) counts[km.assign[i]!]!++
  let total = 0
  for (const i of sample) {
    sums.fill(0)
    for (const j of sample) if (j !== i) sums[km.assign[j]!]! += 1 - dot(emb, i * r, emb, j * r, r)
    const own = km.assign[i]!
    if (counts[own]! <= 1) continue
    const a = sums[own]! / (counts[own]! - 1)
    let b = Infinity
    for (let c = 0; c < km.k; c++)
      if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!)
    if (!Number.isFinite(b)) continue
    const m = Math.max(a, b)
    total += m > 0 ? (b - a) / m : 0
  }
  return total / sample.length
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
  const docTokens: string[][] = []
  const df = new Map<string, number>()
  const surface = new Map<string, Map<string, number>>()
  for (const i of originals) {
    const seen = new Set<string>()
    for (const [t, w] of tokensWithSurface(items[i]!.text, extraStop)) {
      seen.add(t)
      let s = surface.get(t)
      if (!s) surface.set(t, (s = new Map()))
      s.set(w, (s.get(w) ?? 0) + 1)
    }
    const toks = [...seen]
    docTokens.push(toks)
    for (const t of toks) df.set(t, (df.get(t) ?? 0) + 1)
  }
  const nDocs = originals.length
  const minDf = Math.max(2, Math.floor(nDocs * 0.002))
  const vocab = new Map<string, number>()
  const terms: string[] = []
  for (const [t, n] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (n >= minDf && n <= nDocs * 0.6) {
      vocab.set(t, terms.length)
      terms.push(t)
    }
  const dim = terms.length
  const idf = new Float64Array(dim)
  for (let d = 0; d < dim; d++) idf[d] = Math.log(nDocs / df.get(terms[d]!)!)

  const vecs: Sparse[] = []
  const vecDoc: number[] = [] // index into originals
  docTokens.forEach((toks, o) => {
    const idx = toks.flatMap((t) => (vocab.has(t) ? [vocab.get(t)!] : [])).sort((a, b) => a - b)
    if (idx.length === 0) return
    const val = new Float32Array(idx.length)
    let norm = 0
    idx.forEach((d, j) => {
      val[j] = idf[d]!
      norm += idf[d]! ** 2
    })
    norm = Math.sqrt(norm)
    for (let j = 0; j < val.length; j++) val[j]! /= norm
    vecs.push({ idx: Int32Array.from(idx), val })
    vecDoc.push(o)
  })

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
  const sizes = new Int32Array(km.k)
  for (const c of km.assign) sizes[c]!++
  const minSize = Math.max(2, Math.ceil(vecs.length * (options.minShare ?? 0.01)))
  const alive: number[] = []
  for (let c = 0; c < km.k; c++) if (sizes[c]! >= minSize) alive.push(c)
  if (alive.length === 0) alive.push(sizes.indexOf(Math.max(...sizes)))
  const aliveSet = new Set(alive)
  for (let v = 0; v < vecs.length; v++) {
    if (aliveSet.has(km.assign[v]!)) continue
    let bc = -1
    let bs = 0
    for (const c of alive) {
      const s = dot(emb, v * r, km.centroids, c * r, r)
      if (s > bs) {
        bs = s
        bc = c
      }
    }
    km.assign[v] = bc
    km.sim[v] = bs
  }

  // merge themes that say the same thing in the same words (only when k was chosen from the data)
  const mergeAbove = options.mergeAbove ?? 0.25
  if (options.k === undefined && alive.length > 1 && mergeAbove < 1) {
    const sums = new Map<number, Float64Array>()
    for (const c of alive) sums.set(c, new Float64Array(dim))
    for (let v = 0; v < vecs.length; v++) {
      const sum = sums.get(km.assign[v]!)
      if (!sum) continue
      const x = vecs[v]!
      for (let j = 0; j < x.idx.length; j++) sum[x.idx[j]!]! += x.val[j]!
    }
    const cosine = (a: Float64Array, b: Float64Array): number => {
      let ab = 0
      let aa = 0
      let bb = 0
      for (let d = 0; d < dim; d++) {
        ab += a[d]! * b[d]!
        aa += a[d]! * a[d]!
        bb += b[d]! * b[d]!
      }
      return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0
    }
    for (;;) {
      const keys = [...sums.keys()]
      let best: [number, number, number] | undefined
      for (let i = 0; i < keys.length; i++)
        for (let j = i + 1; j < keys.length; j++) {
          const c = cosine(sums.get(keys[i]!)!, sums.get(keys[j]!)!)
          if (!best || c > best[2]) best = [keys[i]!, keys[j]!, c]
        }
      if (!best || best[2] < mergeAbove) break
      const [a, b] = best
      const sa = sums.get(a)!
      const sb = sums.get(b)!
      for (let d = 0; d < dim; d++) sa[d]! += sb[d]!
      sums.delete(b)
      for (let v = 0; v < vecs.length; v++) if (km.assign[v] === b) km.assign[v] = a
    }
  }

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

  const themes: Theme[] = order.map((c, rank) => {
    const mem = members.get(c)!
    // distinctive words: frequent in the theme, rarer elsewhere
    const counts = new Map<string, number>()
    for (const i of mem) {
      if (clusterOfItem[i] !== c) continue
      const seen = new Set(tokensWithSurface(items[i]!.text, extraStop).map(([t]) => t))
      for (const t of seen) if (vocab.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1)
    }
    const scored = [...counts]
      .map(([t, n]) => {
        const inside = n / mem.length
        const overall = (df.get(t) ?? 1) / nDocs
        return { t, score: inside * Math.log(inside / overall + 1e-9), inside }
      })
      .filter((s) => s.inside >= 0.05 && s.score > 0)
      .sort((a, b) => b.score - a.score || (a.t < b.t ? -1 : 1))
      .slice(0, 3)
    const words = scored.map(({ t }) => {
      const s = surface.get(t)
      if (!s) return t
      return [...s].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]
    })
    const label = plainLabel(words)

    const sentiment: SentimentCounts = { negative: 0, neutral: 0, positive: 0 }
    const buckets = new Map<number, ThemeBucket & SentimentCounts>()
    for (const i of mem) {
      const it = items[i]!
      const start = Math.floor(it.createdAtMs / bucketMs) * bucketMs
      let b = buckets.get(start) as
        ({ startMs: number; size: number } & SentimentCounts) | undefined
      if (!b)
        buckets.set(start, (b = { startMs: start, size: 0, negative: 0, neutral: 0, positive: 0 }))
      b.size++
      const s = it.sentiment
      if (s === 'negative' || s === 'neutral' || s === 'positive') {
        sentiment[s]++
        b[s]++
      }
    }

    const quotes: string[] = []
    const seenQuotes = new Set<string>()
    const candidates = mem
      .filter((i) => !items[i]!.abuse && clusterOfItem[i] === c && simOfItem[i]! > 0)
      .sort((a, b) => simOfItem[b]! - simOfItem[a]! || a - b)
    for (const i of candidates) {
      if (quotes.length >= (options.quotes ?? 3)) break
      const q = quoteText(items[i]!.text)
      const key = normaliseWords(q).join(' ')
      if (q.length < 12 || seenQuotes.has(key)) continue
      seenQuotes.add(key)
      quotes.push(q)
    }

    return {
      id: `theme-${rank + 1}`,
      label,
      terms: words,
      size: mem.length,
      share: grouped > 0 ? mem.length / grouped : 0,
      memberIds: mem.map((i) => items[i]!.id),
      quotes,
      sentiment,
      overTime: [...buckets.values()].sort((a, b) => a.startMs - b.startMs),
    }
  })
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

/** "toilets", "loos", "open" → "Toilets, loos and open". */
function plainLabel(words: readonly string[]): string {
  if (words.length === 0) return 'Other comments'
  const w = [...words]
  w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1)
  return w.length === 1 ? w[0]! : `${w.slice(0, -1).join(', ')} and ${w[w.length - 1]!}`
}
