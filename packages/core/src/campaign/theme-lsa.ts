/**
 * The latent semantic (LSA) embedding of theme grouping: a randomised truncated SVD of the TF-IDF
 * matrix (Halko et al.) with a small cyclic-Jacobi eigen-solver.
 */
import type { Sparse } from './theme-math.js'

/**
 * Latent semantic embedding (randomised truncated SVD of the TF-IDF matrix, Halko et al.): words
 * used in the same contexts ("toilets", "loos") land close together. Rows are L2-normalised.
 */
/** Power iterations of the randomised SVD: enough for the leading subspace to settle (stable groupings). */
const POWER_ITERS = 6
export function lsaEmbed(
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
