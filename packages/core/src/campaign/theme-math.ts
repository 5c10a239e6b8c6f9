/**
 * Small numeric helpers of theme grouping: a fixed-seed PRNG, sparse TF-IDF rows and the dot
 * product of dense embedding rows.
 */

/** A small deterministic PRNG (mulberry32) so that grouping is reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A sparse, L2-normalised TF-IDF row: sorted term indices and their weights. */
export interface Sparse {
  idx: Int32Array
  val: Float32Array
}

/** Row-wise dot product of a dense row with a centroid row. */
export function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, r: number): number {
  let s = 0
  for (let j = 0; j < r; j++) s += a[ai + j]! * b[bi + j]!
  return s
}
