/**
 * Fused inference for several heads over the same features: their weights are interleaved into one Int8
 * table (`q[bucket * Ktotal + k]`), so each feature costs one memory fetch for all heads instead of one per
 * head. This is what makes labelling every post with every head fast. Heads must share `bits`.
 */
import type { Features } from './featurise.js'
import { type LinearModel, softmaxInPlace } from './model.js'
import { simdKernel, type SumKernel } from './simd.js'

const IDX_CAP = 16384

/** Interleaved Int8 weights of several models sharing `bits`; `predict(i)` gives head i's calibrated probabilities. */
export class FusedHeads {
  /** The models fused, in order. */
  readonly models: LinearModel[]
  private readonly q: Int8Array
  private readonly scale: Float32Array
  private readonly offset: number[]
  private readonly K: number
  private readonly mask: number
  private readonly acc: Float64Array
  private readonly tmp: Int32Array
  // WebAssembly SIMD path: the table padded to Kp classes per row, feature indices and Int32 sums in wasm memory.
  private readonly kernel: SumKernel | undefined
  private readonly Kp: number
  private readonly idxOff: number
  private readonly accOff: number
  private readonly idxView: Uint32Array | undefined
  private readonly accView: Int32Array | undefined

  /** Fuses the models (all must have the same `bits`); `simd: false` forces the plain JavaScript loop. */
  constructor(models: LinearModel[], opts: { simd?: boolean } = {}) {
    if (models.length === 0) throw new Error('Nothing to fuse.')
    const bits = (models[0] as LinearModel).bits
    if (models.some((m) => m.bits !== bits))
      throw new Error('Fused heads must share the same number of hash bits.')
    this.models = models
    this.offset = []
    let K = 0
    for (const m of models) {
      this.offset.push(K)
      K += m.labels.length
    }
    this.K = K
    this.mask = (1 << bits) - 1
    this.scale = new Float32Array(K)
    this.acc = new Float64Array(K)
    this.tmp = new Int32Array(K)
    const D = 1 << bits
    this.Kp = Math.ceil(K / 16) * 16
    const tableBytes = D * this.Kp
    this.idxOff = tableBytes
    this.accOff = tableBytes + IDX_CAP * 4
    const wasm = opts.simd !== false ? simdKernel(this.accOff + this.Kp * 4) : undefined
    // The table: in wasm memory with rows padded to Kp classes (SIMD), else a plain Int8Array with K per row.
    const stride = wasm ? this.Kp : K
    this.q = wasm ? new Int8Array(wasm.memory.buffer, 0, tableBytes) : new Int8Array(D * K)
    models.forEach((m, h) => {
      const Km = m.labels.length
      const o = this.offset[h] as number
      let src: Int8Array
      if (m.quantised) {
        src = m.quantised.q
        for (let k = 0; k < Km; k++) this.scale[o + k] = m.quantised.scales[k] as number
      } else {
        const w = m.w
        for (let k = 0; k < Km; k++) {
          let max = 0
          for (let j = k; j < w.length; j += Km) {
            const a = Math.abs(w[j] as number)
            if (a > max) max = a
          }
          this.scale[o + k] = max > 0 ? max / 127 : 1
        }
        src = new Int8Array(w.length)
        for (let j = 0; j < src.length; j++)
          src[j] = Math.round((w[j] as number) / (this.scale[o + (j % Km)] as number))
      }
      const q = this.q
      for (let d = 0, s = 0, t = o; d < D; d++, t += stride - Km) {
        for (let k = 0; k < Km; k++) q[t++] = src[s++] as number
      }
    })
    let kernel: SumKernel | undefined
    let idxView: Uint32Array | undefined
    let accView: Int32Array | undefined
    if (wasm) {
      kernel = wasm.sum
      idxView = new Uint32Array(wasm.memory.buffer, this.idxOff, IDX_CAP)
      accView = new Int32Array(wasm.memory.buffer, this.accOff, this.Kp)
    }
    this.kernel = kernel
    this.idxView = idxView
    this.accView = accView
  }

  /**
   * Computes every head's raw dot products for a post; call before `predict`. Feature values come in runs of
   * equal value (the featuriser normalises each group with one weight), so Int8 weights are summed as integers
   * within a run and multiplied by the run's value once.
   */
  run(f: Features): void {
    if (this.kernel) return this.runSimd(f)
    const K = this.K
    const acc = this.acc
    const tmp = this.tmp
    const q = this.q
    const mask = this.mask
    acc.fill(0)
    const idx = f.idx
    const val = f.val
    const n = idx.length
    let i = 0
    while (i < n) {
      const v = val[i] as number
      tmp.fill(0)
      let j = i
      for (; j < n && val[j] === v; j++) {
        const o = ((idx[j] as number) & mask) * K
        for (let k = 0; k < K; k++) tmp[k] = (tmp[k] as number) + (q[o + k] as number)
      }
      for (let k = 0; k < K; k++) acc[k] = (acc[k] as number) + (tmp[k] as number) * v
      i = j
    }
  }

  private runSimd(f: Features): void {
    const K = this.K
    const acc = this.acc
    const sums = this.accView as Int32Array
    const idxView = this.idxView as Uint32Array
    const kernel = this.kernel as SumKernel
    acc.fill(0)
    const val = f.val
    const n = f.idx.length
    for (let base = 0; base < n; base += IDX_CAP) {
      const end = Math.min(n, base + IDX_CAP)
      idxView.set(f.idx.subarray(base, end))
      let i = base
      while (i < end) {
        const v = val[i] as number
        let j = i + 1
        while (j < end && val[j] === v) j++
        sums.fill(0)
        kernel(0, this.idxOff + (i - base) * 4, j - i, this.mask, this.Kp, this.accOff)
        for (let k = 0; k < K; k++) acc[k] = (acc[k] as number) + (sums[k] as number) * v
        i = j
      }
    }
  }

  /** Raw dot products of the last `run` (for tests: SIMD and JavaScript paths must agree). */
  rawSums(): Float64Array {
    return this.acc.slice()
  }

  /** Calibrated probabilities of head `h` for the post given to the last `run`. */
  predict(h: number, out: Float64Array): Float64Array {
    const m = this.models[h] as LinearModel
    const o = this.offset[h] as number
    const T = m.temperature
    for (let k = 0; k < m.labels.length; k++) {
      const z = (this.acc[o + k] as number) * (this.scale[o + k] as number) + (m.b[k] as number)
      out[k] = z / T + (m.calibBias[k] as number)
    }
    return softmaxInPlace(out)
  }
}
