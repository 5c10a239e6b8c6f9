/**
 * Tidying a clustering before themes are described: clusters smaller than a share of the posts are
 * folded into their nearest neighbour, and clusters whose TF-IDF centroids say the same thing in
 * the same words are merged (agglomeratively, most similar pair first, while the cosine is above a
 * threshold).
 */
import type { KMeans } from './theme-kmeans.js'
import { dot, type Sparse } from './theme-math.js'

/** Folds clusters with fewer than `minSize` rows into their nearest surviving neighbour; returns the survivors. */
export function foldSmallClusters(
  km: KMeans,
  emb: Float64Array,
  r: number,
  nVecs: number,
  minShare: number,
): number[] {
  const sizes = new Int32Array(km.k)
  for (const c of km.assign) sizes[c]!++
  const minSize = Math.max(2, Math.ceil(nVecs * minShare))
  const alive: number[] = []
  for (let c = 0; c < km.k; c++) if (sizes[c]! >= minSize) alive.push(c)
  if (alive.length === 0) alive.push(sizes.indexOf(Math.max(...sizes)))
  const aliveSet = new Set(alive)
  for (let v = 0; v < nVecs; v++) {
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
  return alive
}

/** Merges the surviving clusters whose summed TF-IDF rows have a cosine of at least `mergeAbove` (in place). */
export function mergeSimilarClusters(
  km: KMeans,
  vecs: readonly Sparse[],
  dim: number,
  alive: readonly number[],
  mergeAbove: number,
): void {
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
