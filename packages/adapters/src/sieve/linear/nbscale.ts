/**
 * Naive-Bayes log-count-ratio feature scaling (after Wang & Manning's NB-SVM), for the softmax heads.
 *
 * Each hash bucket b gets a scale s_b from the class-balanced, smoothed naive-Bayes log-probabilities of the
 * training data: s_b = (max_k |log p(b|k) − mean_k log p(b|k)| / mean over buckets)^power. The head is trained on
 * features multiplied by s, and afterwards its weights are multiplied by s (`unscale`), so the shipped model reads
 * the usual features: no run-time cost. Buckets that separate the classes get larger steps and a weaker L2 pull.
 */
import type { Example, LinearModel } from './model.js'

/** Per-bucket scales for a bucket count of 2^bits. */
export function nbScales(
  data: Example[],
  K: number,
  bits: number,
  alpha = 0.5,
  power = 0.5,
): Float32Array {
  const D = 1 << bits
  const mask = D - 1
  const count = new Array<number>(K).fill(0)
  for (const e of data) count[e.y] = (count[e.y] as number) + 1
  const cw = count.map((c) => (c > 0 ? data.length / (K * c) : 0))
  const N = new Float64Array(D * K)
  const tot = new Float64Array(K)
  for (const e of data) {
    const w = (e.w ?? 1) * (cw[e.y] as number)
    const { idx, val } = e.f
    for (let i = 0; i < idx.length; i++) {
      const v = Math.max(0, val[i] as number) * w
      const j = ((idx[i] as number) & mask) * K + e.y
      N[j] = (N[j] as number) + v
      tot[e.y] = (tot[e.y] as number) + v
    }
  }
  const s = new Float32Array(D)
  const l = new Float64Array(K)
  let mean = 0
  for (let b = 0; b < D; b++) {
    let avg = 0
    for (let k = 0; k < K; k++) {
      l[k] = Math.log(((N[b * K + k] as number) + alpha) / ((tot[k] as number) + alpha * D))
      avg += l[k] as number
    }
    avg /= K
    let mx = 0
    for (let k = 0; k < K; k++) mx = Math.max(mx, Math.abs((l[k] as number) - avg))
    s[b] = mx
    mean += mx
  }
  mean /= D
  for (let b = 0; b < D; b++) s[b] = Math.pow((s[b] as number) / mean, power)
  return s
}

/** The examples with every feature value multiplied by its bucket's scale (new objects). */
export function scaleExamples(data: Example[], s: Float32Array): Example[] {
  const mask = s.length - 1
  return data.map((e) => ({
    ...e,
    f: {
      ...e.f,
      val: Float32Array.from(e.f.val, (v, i) => v * (s[(e.f.idx[i] as number) & mask] as number)),
    },
  }))
}

/** Folds the scales into a model trained on scaled features, so it reads unscaled features. */
export function unscale(m: LinearModel, s: Float32Array): void {
  const K = m.labels.length
  const w = m.w
  for (let b = 0; b < s.length; b++)
    for (let k = 0; k < K; k++) w[b * K + k] = (w[b * K + k] as number) * (s[b] as number)
}
