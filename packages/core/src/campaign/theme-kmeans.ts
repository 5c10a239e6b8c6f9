/**
 * Spherical k-means for theme grouping: k-means++ seeding on cosine distance, the best of several
 * restarts, and the mean silhouette used to choose k.
 */
import { dot } from './theme-math.js'

/** A clustering: each row's cluster and similarity to its centre, and the centres. */
export interface KMeans {
  assign: Int32Array
  sim: Float64Array
  centroids: Float64Array
  k: number
}

/** Best of several k-means runs (highest total similarity to the centroids). */
export function kmeansBest(
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

/** One k-means run from a k-means++ seeding (empty clusters re-seeded with the worst-fitting row). */
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
export function silhouette(emb: Float64Array, n: number, r: number, km: KMeans): number {
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
