/**
 * A multinomial logistic-regression (softmax) model over hashed sparse features: deterministic seeded AdaGrad
 * training with L2, calibrated probabilities (temperature + per-class bias fitted on a validation split),
 * incremental learning from a few corrections, and a compact binary format (JSON header + Int8 or Float32 weights).
 */
import type { Features } from './featurise.js'
import { mulberry32, shuffleInPlace } from './hash.js'

/** One training example: features, the class index, and an optional weight. */
export interface Example {
  f: Features
  y: number
  w?: number
}

/** Training options; every default is deterministic. */
export interface TrainOptions {
  /** log2 of the number of hash buckets (default 18). */
  bits?: number
  /** Passes over the data (default 5). */
  epochs?: number
  /** AdaGrad base learning rate (default 0.5). */
  lr?: number
  /** L2 penalty applied to touched weights (default 1e-6). */
  l2?: number
  /** Seed for the shuffling order (default 42). */
  seed?: number
  /** `balanced` weighs classes by inverse frequency; or explicit per-class weights. */
  classWeights?: 'balanced' | number[]
  /** Return the average of the weights at the end of each epoch (Polyak-style; default false). */
  average?: boolean
}

/** How the weights are stored on disk. */
export type WeightFormat = 'int8' | 'float32'

interface Header {
  format: 'civicpulse-linear'
  version: 1
  name: string
  labels: string[]
  bits: number
  weights: WeightFormat
  temperature: number
  bias: number[]
  calibBias: number[]
  scales?: number[]
  meta?: Record<string, unknown>
}

const MAGIC = 0x4d4c5043 // "CPLM"

/** A softmax classifier over hashed features; `predict` returns calibrated class probabilities. */
export class LinearModel {
  /** Class names, in index order. */
  readonly labels: string[]
  /** log2 of the bucket count. */
  readonly bits: number
  /** A short name (the head) kept in the file header. */
  name: string
  /** Float32 weights, bucket-major: `w[bucket * K + k]` (materialised on first use for a model read from Int8). */
  get w(): Float32Array {
    if (!this._w) {
      const w = new Float32Array((1 << this.bits) * this.K)
      const qz = this.quantised
      if (qz) {
        const sc = Float64Array.from(qz.scales)
        const K = this.K
        for (let j = 0; j < w.length;)
          for (let k = 0; k < K; k++, j++) w[j] = (qz.q[j] as number) * (sc[k] as number)
      }
      this._w = w
    }
    return this._w
  }
  private _w: Float32Array | undefined
  /** Per-class bias learnt in training. */
  readonly b: Float32Array
  /** Calibration: logits are divided by this temperature. */
  temperature = 1
  /** Calibration: per-class offsets added after the temperature (prior shift fitted on validation). */
  readonly calibBias: Float32Array
  /** Free-form metadata (training figures, data used). */
  meta: Record<string, unknown> = {}
  /** The Int8 weights and per-class scales this model was read from (reused by fused inference; dropped on learn). */
  quantised: { q: Int8Array; scales: number[] } | undefined
  private readonly mask: number
  private readonly K: number

  /** Creates an empty (all-zero) model for the given classes; `lazy` leaves the weights to be read later. */
  constructor(labels: string[], bits = 18, name = 'model', lazy = false) {
    if (labels.length < 2) throw new Error('A model needs at least two classes.')
    this.labels = labels
    this.bits = bits
    this.name = name
    this.K = labels.length
    this.mask = (1 << bits) - 1
    if (!lazy) this._w = new Float32Array((1 << bits) * this.K)
    this.b = new Float32Array(this.K)
    this.calibBias = new Float32Array(this.K)
  }

  /** Raw (uncalibrated) logits for a post's features, written into `out` (length K). */
  logits(f: Features, out: Float64Array = new Float64Array(this.K)): Float64Array {
    const K = this.K
    const w = this.w
    const mask = this.mask
    for (let k = 0; k < K; k++) out[k] = this.b[k] as number
    const idx = f.idx
    const val = f.val
    const n = idx.length
    if (K === 2) {
      let a = out[0] as number
      let c = out[1] as number
      for (let i = 0; i < n; i++) {
        const o = ((idx[i] as number) & mask) * 2
        const v = val[i] as number
        a += (w[o] as number) * v
        c += (w[o + 1] as number) * v
      }
      out[0] = a
      out[1] = c
      return out
    }
    for (let i = 0; i < n; i++) {
      const o = ((idx[i] as number) & mask) * K
      const v = val[i] as number
      for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (w[o + k] as number) * v
    }
    return out
  }

  /** Calibrated class probabilities for a post (sum to 1, in `labels` order). */
  predict(f: Features, out: Float64Array = new Float64Array(this.K)): Float64Array {
    this.logits(f, out)
    const T = this.temperature
    for (let k = 0; k < this.K; k++) out[k] = (out[k] as number) / T + (this.calibBias[k] as number)
    return softmaxInPlace(out)
  }

  /** The most probable class and its probability. */
  top(f: Features): { label: string; p: number; index: number } {
    const p = this.predict(f)
    let best = 0
    for (let k = 1; k < this.K; k++) if ((p[k] as number) > (p[best] as number)) best = k
    return { label: this.labels[best] as string, p: p[best] as number, index: best }
  }

  /** Trains a new model on examples with seeded AdaGrad SGD; the same data and options give the same weights. */
  static train(
    labels: string[],
    data: Example[],
    opts: TrainOptions = {},
    name = 'model',
  ): LinearModel {
    const m = new LinearModel(labels, opts.bits ?? 18, name)
    const K = labels.length
    const epochs = opts.epochs ?? 5
    const lr = opts.lr ?? 0.5
    const l2 = opts.l2 ?? 1e-6
    const rand = mulberry32(opts.seed ?? 42)
    const cw = classWeightsFor(labels.length, data, opts.classWeights)
    const G = new Float32Array(m.w.length)
    const Gb = new Float32Array(K)
    const order = data.map((_, i) => i)
    const z = new Float64Array(K)
    const g = new Float64Array(K)
    const avgW = opts.average ? new Float64Array(m.w.length) : undefined
    const avgB = opts.average ? new Float64Array(K) : undefined
    for (let ep = 0; ep < epochs; ep++) {
      shuffleInPlace(order, rand)
      for (const i of order) {
        const ex = data[i] as Example
        const weight = (ex.w ?? 1) * (cw[ex.y] as number)
        m.logits(ex.f, z)
        softmaxInPlace(z)
        for (let k = 0; k < K; k++) g[k] = ((z[k] as number) - (k === ex.y ? 1 : 0)) * weight
        m.applyGradient(ex.f, g, G, Gb, lr, l2)
      }
      if (avgW && avgB) {
        for (let j = 0; j < avgW.length; j++) avgW[j] = (avgW[j] as number) + (m.w[j] as number)
        for (let k = 0; k < K; k++) avgB[k] = (avgB[k] as number) + (m.b[k] as number)
      }
    }
    if (avgW && avgB) {
      for (let j = 0; j < avgW.length; j++) m.w[j] = (avgW[j] as number) / epochs
      for (let k = 0; k < K; k++) m.b[k] = (avgB[k] as number) / epochs
    }
    return m
  }

  private applyGradient(
    f: Features,
    g: Float64Array,
    G: Float32Array,
    Gb: Float32Array,
    lr: number,
    l2: number,
  ): void {
    const K = this.K
    const w = this.w
    const mask = this.mask
    for (let k = 0; k < K; k++) {
      const gk = g[k] as number
      Gb[k] = (Gb[k] as number) + gk * gk
      this.b[k] = (this.b[k] as number) - (lr * gk) / Math.sqrt((Gb[k] as number) + 1e-8)
    }
    const idx = f.idx
    const val = f.val
    for (let i = 0; i < idx.length; i++) {
      const o = ((idx[i] as number) & mask) * K
      const v = val[i] as number
      for (let k = 0; k < K; k++) {
        const j = o + k
        const wj = w[j] as number
        const grad = (g[k] as number) * v + l2 * wj
        const acc = (G[j] as number) + grad * grad
        G[j] = acc
        w[j] = wj - (lr * grad) / Math.sqrt(acc + 1e-8)
      }
    }
  }

  /**
   * Learns from one correction: plain SGD steps on this post towards `label` until the model gives it
   * at least `target` probability (at most `maxSteps`). Later posts sharing its features move the same way.
   */
  learn(
    f: Features,
    label: string | number,
    weight = 1,
    opts: { lr?: number; target?: number; maxSteps?: number } = {},
  ): void {
    const y = typeof label === 'number' ? label : this.labels.indexOf(label)
    if (y < 0 || y >= this.K)
      throw new Error(`Unknown class "${String(label)}" for model ${this.name}.`)
    void this.w // materialise the Float32 weights before they diverge from the Int8 ones
    this.quantised = undefined
    const lr = (opts.lr ?? 1) * weight
    const target = opts.target ?? 0.9
    const maxSteps = opts.maxSteps ?? 20
    const K = this.K
    const z = new Float64Array(K)
    const mask = this.mask
    for (let step = 0; step < maxSteps; step++) {
      this.predict(f, z)
      if ((z[y] as number) >= target) return
      for (let i = 0; i < f.idx.length; i++) {
        const o = ((f.idx[i] as number) & mask) * K
        const v = f.val[i] as number
        for (let k = 0; k < K; k++) {
          const gk = (z[k] as number) - (k === y ? 1 : 0)
          this.w[o + k] = (this.w[o + k] as number) - lr * gk * v * this.temperature
        }
      }
    }
  }

  /** Fits the temperature on a validation set by minimising negative log-likelihood (golden-section search). */
  fitTemperature(val: Example[]): number {
    const Z = val.map((ex) => Array.from(this.logits(ex.f)))
    const nll = (T: number): number => {
      let s = 0
      for (let i = 0; i < Z.length; i++) {
        const z = (Z[i] as number[]).map((v, k) => v / T + (this.calibBias[k] as number))
        const p = softmaxInPlace(Float64Array.from(z))
        s -= Math.log(Math.max(1e-12, p[(val[i] as Example).y] as number))
      }
      return s
    }
    let lo = Math.log(0.05)
    let hi = Math.log(20)
    const phi = (Math.sqrt(5) - 1) / 2
    for (let it = 0; it < 40; it++) {
      const a = hi - phi * (hi - lo)
      const b = lo + phi * (hi - lo)
      if (nll(Math.exp(a)) < nll(Math.exp(b))) hi = b
      else lo = a
    }
    this.temperature = Math.exp((lo + hi) / 2)
    return this.temperature
  }

  /**
   * Fits per-class calibration offsets on a validation set to maximise a metric of the confusion matrix
   * (e.g. macro-recall or macro-F1) by coordinate search; used to correct label priors between datasets.
   */
  fitBias(
    val: Example[],
    metric: (conf: number[][]) => number,
    grid: number[] = defaultGrid(),
  ): number {
    const K = this.K
    const Z = val.map((ex) => {
      const z = this.logits(ex.f)
      for (let k = 0; k < K; k++) z[k] = (z[k] as number) / this.temperature
      return z
    })
    const bias = new Float64Array(K)
    const score = (): number => {
      const conf = Array.from({ length: K }, () => new Array<number>(K).fill(0))
      for (let i = 0; i < Z.length; i++) {
        const z = Z[i] as Float64Array
        let best = 0
        let bv = -Infinity
        for (let k = 0; k < K; k++) {
          const v = (z[k] as number) + (bias[k] as number)
          if (v > bv) {
            bv = v
            best = k
          }
        }
        ;(conf[(val[i] as Example).y] as number[])[best]! += 1
      }
      return metric(conf)
    }
    let best = score()
    for (let round = 0; round < 3; round++) {
      for (let k = 1; k < K; k++) {
        const keep = bias[k] as number
        let bk = keep
        for (const d of grid) {
          bias[k] = d
          const s = score()
          if (s > best + 1e-9) {
            best = s
            bk = d
          }
        }
        bias[k] = bk
      }
    }
    for (let k = 0; k < K; k++) this.calibBias[k] = bias[k] as number
    return best
  }

  /** Serialises the model: "CPLM" magic, header length, JSON header, then Int8 (per-class scaled) or Float32 weights. */
  serialise(format: WeightFormat = 'int8'): Uint8Array {
    const K = this.K
    const D = 1 << this.bits
    let scales: number[] | undefined
    let body: Uint8Array
    if (format === 'int8') {
      scales = new Array<number>(K).fill(0)
      for (let j = 0; j < this.w.length; j++) {
        const k = j % K
        const a = Math.abs(this.w[j] as number)
        if (a > (scales[k] as number)) scales[k] = a
      }
      scales = scales.map((s) => (s > 0 ? s / 127 : 1))
      const q = new Int8Array(D * K)
      for (let j = 0; j < q.length; j++)
        q[j] = Math.round((this.w[j] as number) / (scales[j % K] as number))
      body = new Uint8Array(q.buffer)
    } else {
      body = new Uint8Array(this.w.buffer.slice(0))
    }
    const header: Header = {
      format: 'civicpulse-linear',
      version: 1,
      name: this.name,
      labels: this.labels,
      bits: this.bits,
      weights: format,
      temperature: this.temperature,
      bias: Array.from(this.b),
      calibBias: Array.from(this.calibBias),
      ...(scales ? { scales } : {}),
      meta: this.meta,
    }
    const json = new TextEncoder().encode(JSON.stringify(header))
    const headLen = 8 + json.length
    const pad = (4 - (headLen % 4)) % 4
    const out = new Uint8Array(headLen + pad + body.length)
    const dv = new DataView(out.buffer)
    dv.setUint32(0, MAGIC, true)
    dv.setUint32(4, json.length + pad, true)
    out.set(json, 8)
    out.fill(0x20, 8 + json.length, headLen + pad)
    out.set(body, headLen + pad)
    return out
  }

  /** Reads a model written by `serialise`. */
  static deserialise(bytes: Uint8Array): LinearModel {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    if (bytes.byteLength < 8 || dv.getUint32(0, true) !== MAGIC)
      throw new Error('Not a Civic Pulse linear model file.')
    const len = dv.getUint32(4, true)
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as Header
    if (header.format !== 'civicpulse-linear' || header.version !== 1)
      throw new Error('Unsupported linear model version.')
    const m = new LinearModel(header.labels, header.bits, header.name, header.weights === 'int8')
    const start = 8 + len
    const size = (1 << header.bits) * header.labels.length
    if (header.weights === 'int8') {
      m.quantised = {
        q: new Int8Array(bytes.buffer, bytes.byteOffset + start, size),
        scales: header.scales ?? [],
      }
    } else {
      const copy = bytes.slice(start, start + size * 4)
      m.w.set(new Float32Array(copy.buffer, copy.byteOffset, size))
    }
    m.b.set(header.bias)
    m.calibBias.set(header.calibBias)
    m.temperature = header.temperature
    m.meta = header.meta ?? {}
    return m
  }
}

/** Softmax in place (numerically stable). */
export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity
  for (let k = 0; k < z.length; k++) if ((z[k] as number) > max) max = z[k] as number
  let s = 0
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k] as number) - max)
    z[k] = e
    s += e
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) / s
  return z
}

function classWeightsFor(K: number, data: Example[], cw: TrainOptions['classWeights']): number[] {
  if (Array.isArray(cw)) return cw
  if (cw !== 'balanced') return new Array<number>(K).fill(1)
  const counts = new Array<number>(K).fill(0)
  for (const ex of data) counts[ex.y] = (counts[ex.y] as number) + 1
  return counts.map((c) => (c > 0 ? data.length / (K * c) : 0))
}

function defaultGrid(): number[] {
  const g: number[] = []
  for (let d = -2; d <= 2.0001; d += 0.1) g.push(Math.round(d * 10) / 10)
  return g
}
