/**
 * Near-duplicate detection with a 64-bit SimHash over normalised word bigrams (stack.md §2.4),
 * stored as two Uint32 halves in compact typed arrays, with LSH banding (4 bands of 16 bits) for
 * candidate lookup: by the pigeonhole principle every stored hash within Hamming distance 3 of a
 * query shares at least one band with it (recall is exact up to 3 and high but not certain beyond). Reposts and copy-paste campaigns collapse to one
 * canonical post while their membership is kept.
 */
import { normaliseWords } from './text.js'

/** A 64-bit SimHash as two unsigned 32-bit halves. */
export interface SimHash64 {
  readonly hi: number
  readonly lo: number
}

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  // final avalanche so that close strings spread over all bits
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return h >>> 0
}

const SEED_HI = 0x811c9dc5
const SEED_LO = 0x050c5d1f

/** The features hashed: word bigrams, or the single word of a one-word text. */
export function simhashFeatures(text: string): string[] {
  const w = normaliseWords(text)
  if (w.length < 2) return w
  const out: string[] = []
  for (let i = 0; i + 1 < w.length; i++) out.push(`${w[i]} ${w[i + 1]}`)
  return out
}

/** The 64-bit SimHash of a text (all zero for a text with no words). */
export function simhash(text: string): SimHash64 {
  const votes = new Int32Array(64)
  for (const f of simhashFeatures(text)) {
    const hi = fnv1a(f, SEED_HI)
    const lo = fnv1a(f, SEED_LO)
    for (let b = 0; b < 32; b++) {
      votes[b]! += (hi >>> b) & 1 ? 1 : -1
      votes[32 + b]! += (lo >>> b) & 1 ? 1 : -1
    }
  }
  let hi = 0
  let lo = 0
  for (let b = 0; b < 32; b++) {
    if (votes[b]! > 0) hi |= 1 << b
    if (votes[32 + b]! > 0) lo |= 1 << b
  }
  return { hi: hi >>> 0, lo: lo >>> 0 }
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

/** Number of differing bits between two SimHashes (0..64). */
export function hamming(a: SimHash64, b: SimHash64): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0)
}

/** The SimHash as 16 hexadecimal digits (for storage in a text column). */
export function simhashToHex(h: SimHash64): string {
  return h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0')
}

/** Parses 16 hexadecimal digits back into a SimHash. */
export function simhashFromHex(hex: string): SimHash64 {
  return { hi: parseInt(hex.slice(0, 8), 16) >>> 0, lo: parseInt(hex.slice(8, 16), 16) >>> 0 }
}

/** The four 16-bit LSH bands of a SimHash. */
export function simhashBands(h: SimHash64): [number, number, number, number] {
  return [h.hi >>> 16, h.hi & 0xffff, h.lo >>> 16, h.lo & 0xffff]
}

/** Result of adding a post to the near-duplicate index. */
export interface DuplicateVerdict {
  /** The id of the first post of its near-duplicate group (itself when it is new). */
  readonly canonicalId: string
  /** True when the post is a near-duplicate of an earlier one (count it once). */
  readonly duplicate: boolean
  /** Hamming distance to the canonical post (0 when it is new). */
  readonly distance: number
}

/** Options of the near-duplicate index. */
export interface NearDuplicateOptions {
  /** Largest Hamming distance that still counts as the same text (default 6; recall is exact up to 3). */
  readonly maxDistance?: number
  /** Posts older than this (ms before the newest) stop being matched and are dropped on compaction. */
  readonly maxAgeMs?: number
  /** Texts with fewer words than this are never matched (too short to call a copy). */
  readonly minWords?: number
}

/**
 * An in-memory near-duplicate index: typed arrays of hashes and times, band buckets for lookup,
 * and the membership of every duplicate group.
 */
export class NearDuplicateIndex {
  private hi = new Uint32Array(1024)
  private lo = new Uint32Array(1024)
  private times = new Float64Array(1024)
  private ids: string[] = []
  private canon: string[] = []
  private size = 0
  private readonly bands: Map<number, number[]>[] = [new Map(), new Map(), new Map(), new Map()]
  private readonly groups = new Map<string, string[]>()
  private newest = -Infinity
  private readonly maxDistance: number
  private readonly maxAgeMs: number
  private readonly minWords: number

  /** Creates an empty index. */
  constructor(options: NearDuplicateOptions = {}) {
    this.maxDistance = options.maxDistance ?? 6
    this.maxAgeMs = options.maxAgeMs ?? 7 * 24 * 3_600_000
    this.minWords = options.minWords ?? 4
  }

  /** Number of posts held. */
  get length(): number {
    return this.size
  }

  /** Adds a post and says whether it is a near-duplicate of one already held. Re-adding the same id is a no-op. */
  add(id: string, text: string, time: number): DuplicateVerdict {
    const existing = this.lookupId(id)
    if (existing !== undefined)
      return {
        canonicalId: this.canon[existing]!,
        duplicate: this.canon[existing] !== id,
        distance: 0,
      }
    const words = normaliseWords(text).length
    const h = simhash(text)
    this.newest = Math.max(this.newest, time)
    let best = -1
    let bestD = 65
    if (words >= this.minWords) {
      const b = simhashBands(h)
      for (let k = 0; k < 4; k++) {
        const list = this.bands[k]!.get(b[k]!)
        if (!list) continue
        for (const i of list) {
          if (this.times[i]! < time - this.maxAgeMs) continue
          const d = popcount32((this.hi[i]! ^ h.hi) >>> 0) + popcount32((this.lo[i]! ^ h.lo) >>> 0)
          if (d < bestD || (d === bestD && i < best)) {
            bestD = d
            best = i
          }
        }
      }
    }
    const match = best >= 0 && bestD <= this.maxDistance
    const canonicalId = match ? this.canon[best]! : id
    this.push(id, canonicalId, h, time, words >= this.minWords)
    if (match) this.groups.get(canonicalId)?.push(id)
    else this.groups.set(id, [id])
    return { canonicalId, duplicate: match, distance: match ? bestD : 0 }
  }

  /** All posts in the near-duplicate group of a canonical post (itself first). */
  members(canonicalId: string): readonly string[] {
    return this.groups.get(canonicalId) ?? []
  }

  /** Drops posts older than `maxAgeMs` before the newest one seen; returns how many were dropped. */
  compact(): number {
    const cutoff = this.newest - this.maxAgeMs
    const keep: number[] = []
    for (let i = 0; i < this.size; i++) if (this.times[i]! >= cutoff) keep.push(i)
    const dropped = this.size - keep.length
    if (dropped === 0) return 0
    const old = { hi: this.hi, lo: this.lo, times: this.times, ids: this.ids, canon: this.canon }
    this.hi = new Uint32Array(Math.max(1024, keep.length * 2))
    this.lo = new Uint32Array(this.hi.length)
    this.times = new Float64Array(this.hi.length)
    this.ids = []
    this.canon = []
    this.size = 0
    for (const m of this.bands) m.clear()
    const liveCanon = new Set<string>()
    for (const i of keep) {
      this.push(old.ids[i]!, old.canon[i]!, { hi: old.hi[i]!, lo: old.lo[i]! }, old.times[i]!, true)
      liveCanon.add(old.canon[i]!)
    }
    for (const key of [...this.groups.keys()]) if (!liveCanon.has(key)) this.groups.delete(key)
    this.idIndex = null
    return dropped
  }

  private idIndex: Map<string, number> | null = null

  private lookupId(id: string): number | undefined {
    if (!this.idIndex) {
      this.idIndex = new Map()
      this.ids.forEach((x, i) => this.idIndex!.set(x, i))
    }
    return this.idIndex.get(id)
  }

  private push(id: string, canonicalId: string, h: SimHash64, time: number, banded: boolean): void {
    if (this.size === this.hi.length) {
      const grow = <T extends Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2)
        b.set(a)
        return b
      }
      this.hi = grow(this.hi, (n) => new Uint32Array(n))
      this.lo = grow(this.lo, (n) => new Uint32Array(n))
      this.times = grow(this.times, (n) => new Float64Array(n))
    }
    const i = this.size++
    this.hi[i] = h.hi
    this.lo[i] = h.lo
    this.times[i] = time
    this.ids.push(id)
    this.canon.push(canonicalId)
    this.idIndex?.set(id, i)
    if (!banded) return
    const b = simhashBands(h)
    for (let k = 0; k < 4; k++) {
      const m = this.bands[k]!
      const list = m.get(b[k]!)
      if (list) list.push(i)
      else m.set(b[k]!, [i])
    }
  }
}
