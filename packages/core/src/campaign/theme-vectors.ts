/**
 * Vectorising contributions for theme grouping: topic tokens, document frequencies, a vocabulary
 * (terms in at least 0.2 % and at most 60 % of the posts) and binary TF-IDF rows, L2-normalised.
 */
import type { Sparse } from './theme-math.js'
import { tokensWithSurface } from './theme-text.js'

/** The vectorised corpus. */
export interface Vectorised {
  /** Posts per token. */
  readonly df: ReadonlyMap<string, number>
  /** Surface words per token, with counts (for readable labels). */
  readonly surface: ReadonlyMap<string, ReadonlyMap<string, number>>
  readonly nDocs: number
  /** Token → column. */
  readonly vocab: ReadonlyMap<string, number>
  readonly dim: number
  /** One row per post that has at least one vocabulary token. */
  readonly vecs: Sparse[]
  /** The index (into the given texts) of each row. */
  readonly vecDoc: number[]
}

/** Vectorises texts (one per post); words in `extraStop` are never features. */
export function vectorise(texts: readonly string[], extraStop: ReadonlySet<string>): Vectorised {
  const docTokens: string[][] = []
  const df = new Map<string, number>()
  const surface = new Map<string, Map<string, number>>()
  for (const text of texts) {
    const seen = new Set<string>()
    for (const [t, w] of tokensWithSurface(text, extraStop)) {
      seen.add(t)
      let s = surface.get(t)
      if (!s) surface.set(t, (s = new Map()))
      s.set(w, (s.get(w) ?? 0) + 1)
    }
    const toks = [...seen]
    docTokens.push(toks)
    for (const t of toks) df.set(t, (df.get(t) ?? 0) + 1)
  }
  const nDocs = texts.length
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
  const vecDoc: number[] = [] // index into the texts
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
  return { df, surface, nDocs, vocab, dim, vecs, vecDoc }
}
