/**
 * The service classifier: which public service of the taxonomy a post is about, with a calibrated
 * probability and the top 3. A softmax model over the shared hashed features (sieve/linear), trained by
 * scripts/train/service.ts on FixMyStreet Lewisham reports plus the taxonomy's keywords and examples
 * (so services without reports, such as council tax or schools, are reachable).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Labels } from '@civicpulse/core'
import { LinearModel, extraFeatureIndex, featurise, type Features } from '../linear/index.js'
import { TokenTrie } from '../places/gazetteer.js'
import { loadTaxonomy, type ResolvedService, type Taxonomy } from '../taxonomy/index.js'

/** Path of the committed service model. */
export const DEFAULT_SERVICE_MODEL = fileURLToPath(
  new URL('../../../models/service.cplm', import.meta.url),
)

/** The `service` part of a post's labels. */
export type ServiceLabel = Labels['service']

/** Options for `loadServiceClassifier`. */
export interface ServiceClassifierOptions {
  /** Model file (default: packages/adapters/models/service.cplm). */
  modelPath?: string
  /** An already loaded model (wins over `modelPath`). */
  model?: LinearModel
  /** Taxonomy giving names and SHEF groups (default: the UK one). */
  taxonomy?: Taxonomy
}

/** Classifies a post into a public service. */
export interface ServiceClassifier {
  /** The service label of a text. */
  classify(text: string): ServiceLabel
  /** The same from features already computed by the shared featuriser (featurise once per post). */
  classifyFeatures(f: Features): ServiceLabel
  /** Probabilities over `codes`, for evaluation and aggregation. */
  probabilities(f: Features): Float64Array
  /** Service codes in model order. */
  codes: string[]
  /** Probability mass per SHEF group (`b` or `c`), for comparison at those levels. */
  shefMass(p: Float64Array, level: 'b' | 'c'): Map<string, number>
  model: LinearModel
  taxonomy: Taxonomy
}

/**
 * A matcher of the taxonomy's keywords (every language) over a post's tokens. Each service whose keyword
 * appears adds one named feature `kw:<code>` to the post's features; the model learns how much that is
 * worth, and keywords a deployment adds later take effect without retraining.
 */
export class ServiceKeywords {
  private readonly trie = new TokenTrie<number>()
  constructor(taxonomy: Taxonomy) {
    for (const s of taxonomy.services) {
      const ix = extraFeatureIndex(`kw:${s.code}`)
      for (const list of Object.values(s.keywords)) for (const k of list) this.trie.add(k, ix)
    }
  }

  /** The features with one `kw:<service>` feature (value 1) per service whose keyword occurs. */
  augment(f: Features): Features {
    const hits = this.trie.matches(f.tokens.join(' '))
    if (!hits.length) return f
    const extra: number[] = []
    for (const list of hits) for (const ix of list) if (!extra.includes(ix)) extra.push(ix)
    const idx = new Uint32Array(f.idx.length + extra.length)
    const val = new Float32Array(f.idx.length + extra.length)
    idx.set(f.idx)
    val.set(f.val)
    for (let i = 0; i < extra.length; i++) {
      idx[f.idx.length + i] = extra[i]!
      val[f.idx.length + i] = 1
    }
    return { idx, val, tokens: f.tokens }
  }
}

/** Builds a classifier from a model and a taxonomy; model classes unknown to the taxonomy keep their code as name. */
export function makeServiceClassifier(model: LinearModel, taxonomy: Taxonomy): ServiceClassifier {
  const codes = model.labels
  const services: (ResolvedService | undefined)[] = codes.map((c) => taxonomy.byCode.get(c))
  const shefB = services.map((s) => s?.shefB)
  const shefC = services.map((s) => s?.shefC)
  const keywords = new ServiceKeywords(taxonomy)
  const probabilities = (f: Features): Float64Array => model.predict(keywords.augment(f))
  const classifyFeatures = (f: Features): ServiceLabel => {
    const p = probabilities(f)
    const order = [0, 1, 2, 3].slice(0, Math.min(3, p.length))
    // top-3 by partial selection (K is small)
    const top: number[] = []
    for (let r = 0; r < order.length; r++) {
      let best = -1
      for (let k = 0; k < p.length; k++)
        if (!top.includes(k) && (best < 0 || p[k]! > p[best]!)) best = k
      top.push(best)
    }
    const k0 = top[0] ?? 0
    const s = services[k0]
    const label: ServiceLabel = {
      code: codes[k0] ?? taxonomy.fallback,
      name: s?.name ?? codes[k0] ?? taxonomy.fallback,
      p: round(p[k0] ?? 0),
      top: top.map((k) => ({
        code: codes[k]!,
        name: services[k]?.name ?? codes[k]!,
        p: round(p[k]!),
      })),
    }
    if (s?.shefB) label.shefB = s.shefB
    if (s?.shefC) label.shefC = s.shefC
    return label
  }
  const shefMass = (p: Float64Array, level: 'b' | 'c'): Map<string, number> => {
    const groups = level === 'b' ? shefB : shefC
    const m = new Map<string, number>()
    for (let k = 0; k < p.length; k++) {
      const g = groups[k]
      if (g) m.set(g, (m.get(g) ?? 0) + p[k]!)
    }
    return m
  }
  return {
    classify: (text) => classifyFeatures(featurise(text)),
    classifyFeatures,
    probabilities,
    codes,
    shefMass,
    model,
    taxonomy,
  }
}

const round = (x: number): number => Math.round(x * 10000) / 10000

/** Loads the committed service model and the taxonomy. */
export function loadServiceClassifier(opts: ServiceClassifierOptions = {}): ServiceClassifier {
  const model =
    opts.model ??
    LinearModel.deserialise(new Uint8Array(readFileSync(opts.modelPath ?? DEFAULT_SERVICE_MODEL)))
  return makeServiceClassifier(model, opts.taxonomy ?? loadTaxonomy())
}
