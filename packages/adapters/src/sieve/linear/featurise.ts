/**
 * The sieve's featuriser: one pass over a post gives hashed word unigrams + bigrams and character n-grams
 * (inside word boundaries, fastText-style), lower-cased, with URLs and @mentions normalised and emoji kept as
 * tokens. Every head (sentiment, relevance, intent, service, …) reads the same `Features`, so a post is
 * featurised once. Indices are full 32-bit hashes; each model masks them to its own bucket count.
 */
import { FNV_OFFSET, FNV_PRIME, fnv1a, mix } from './hash.js'

/** Options for the featuriser; the defaults are what every shipped model was trained with. */
export interface FeaturiserOptions {
  /** Smallest character n-gram (default 2). */
  charMin?: number
  /** Largest character n-gram (default 5). */
  charMax?: number
  /** Emit word bigrams (default true). */
  bigrams?: boolean
  /**
   * Return views of an internal buffer instead of fresh arrays (no allocation); they are overwritten by the next
   * call, so use only when the features do not outlive the caller's step.
   */
  reuse?: boolean
}

/** A featurised post: sparse hashed feature indices with values, plus the normalised tokens. */
export interface Features {
  /** Full 32-bit feature hashes (a model masks them to its bucket count). */
  idx: Uint32Array
  /** Feature values, aligned with `idx` (each group L2-normalised to 1). */
  val: Float32Array
  /** The normalised tokens (lower-case words, `@user`, `httpurl`, emoji, `!`, `?`). */
  tokens: string[]
}

/** The token a URL becomes. */
export const URL_TOKEN = 'httpurl'
/** The token an @mention becomes. */
export const MENTION_TOKEN = '@user'

const SEED_WORD = FNV_OFFSET
const SEED_BIGRAM = 0x3c6ef372
const SEED_CHAR = 0x5bd1e995
const SEED_EXTRA = 0x27d4eb2f

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/g
const MENTION_RE = /@[\p{L}\p{N}_]+/gu
const WORDCHAR_RE = /[\p{L}\p{N}\p{M}]/u

// Lazily filled class table for the Basic Multilingual Plane: 0 unknown, 1 word char, 2 not.
const bmpClass = new Uint8Array(65536)
for (let c = 0; c < 128; c++) {
  bmpClass[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 2
}

function isWordCode(cp: number): boolean {
  if (cp < 65536) {
    const k = bmpClass[cp]
    if (k === 1) return true
    if (k === 2) return false
    const w = WORDCHAR_RE.test(String.fromCharCode(cp))
    bmpClass[cp] = w ? 1 : 2
    return w
  }
  return WORDCHAR_RE.test(String.fromCodePoint(cp))
}

function isEmoji(cp: number): boolean {
  if (cp >= 0x1f3fb && cp <= 0x1f3ff) return false // skin-tone modifiers
  return (
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2b00 && cp <= 0x2bff)
  )
}

/** Lower-cases a post and replaces URLs and @mentions by fixed tokens (the text every head sees). */
export function normaliseText(text: string): string {
  let t = text.toLowerCase()
  if (t.includes('http') || t.includes('www.')) t = t.replace(URL_RE, ` ${URL_TOKEN} `)
  if (t.includes('@')) t = t.replace(MENTION_RE, ` ${MENTION_TOKEN} `)
  return t
}

/** Splits normalised text into tokens: words (letters/digits, runs of a repeated letter capped at 3), emoji, `!`, `?`. */
export function tokenise(norm: string): string[] {
  const out: string[] = []
  // The current word is `cur` + norm[seg, i): slices instead of per-character concatenation.
  let cur = ''
  let seg = -1
  let last = -1
  let rep = 0
  const n = norm.length
  for (let i = 0; i < n; i++) {
    let cp = norm.charCodeAt(i)
    let width = 1
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      cp = norm.codePointAt(i) ?? cp
      width = 2
    }
    if (
      isWordCode(cp) ||
      (cp === 64 && seg < 0 && cur === '' && norm.startsWith(MENTION_TOKEN, i))
    ) {
      if (seg < 0) seg = i
      if (cp === last) {
        rep++
        if (rep >= 3) {
          // Drop the 4th+ repeat of a letter ("soooo" → "sooo").
          cur += norm.slice(seg, i)
          seg = i + width
          i += width - 1
          continue
        }
      } else {
        rep = 0
        last = cp
      }
    } else {
      if (seg >= 0 || cur !== '') {
        out.push(seg >= 0 ? cur + norm.slice(seg, i) : cur)
        cur = ''
        seg = -1
      }
      last = -1
      rep = 0
      if (cp === 39 || cp === 0x2019) {
        // apostrophe: join "don't" → "dont"
        if (
          out.length > 0 &&
          i + 1 < n &&
          isWordCode(norm.charCodeAt(i + 1)) &&
          isWordCode(norm.charCodeAt(i - 1))
        ) {
          cur = out.pop() as string
          seg = i + 1
        }
      } else if (cp === 33 || cp === 63) {
        const p = cp === 33 ? '!' : '?'
        if (out[out.length - 1] !== p) out.push(p)
      } else if (isEmoji(cp)) {
        out.push(String.fromCodePoint(cp))
      }
    }
    i += width - 1
  }
  if (seg >= 0 || cur !== '') out.push(seg >= 0 ? cur + norm.slice(seg) : cur)
  return out
}

const wordCodes = new Int32Array(40)
let scratchIdx = new Uint32Array(4096)
let scratchVal = new Float32Array(4096)

function grow(need: number): void {
  if (need <= scratchIdx.length) return
  let size = scratchIdx.length
  while (size < need) size *= 2
  const i2 = new Uint32Array(size)
  i2.set(scratchIdx)
  const v2 = new Float32Array(size)
  v2.set(scratchVal)
  scratchIdx = i2
  scratchVal = v2
}

/** Hashes an extra named feature (e.g. a lexicon score) into the feature space. */
export function extraFeatureIndex(name: string): number {
  return fnv1a(name, SEED_EXTRA)
}

/**
 * Featurises a post: hashed word unigrams, word bigrams and character n-grams of each word (with `<`/`>`
 * boundaries), each group L2-normalised; extras (name → value, or a function of the tokens giving them) are
 * appended unscaled.
 */
export function featurise(
  text: string,
  opts: FeaturiserOptions = {},
  extrasIn?: Record<string, number> | ((tokens: string[]) => Record<string, number>),
): Features {
  const charMin = opts.charMin ?? 2
  const charMax = opts.charMax ?? 5
  const bigrams = opts.bigrams ?? true
  const tokens = tokenise(normaliseText(text))
  const extras = typeof extrasIn === 'function' ? extrasIn(tokens) : extrasIn
  let n = 0
  grow(tokens.length * 2 + 8)
  // Words and bigrams.
  let prev = 0
  for (let t = 0; t < tokens.length; t++) {
    const h = fnv1a(tokens[t] as string, SEED_WORD)
    scratchIdx[n++] = h
    if (bigrams && t > 0) scratchIdx[n++] = mix(prev, h) ^ SEED_BIGRAM
    prev = h
  }
  if (bigrams && tokens.length > 0) {
    // Sentence boundary bigrams: first and last words matter ("thanks …", "… ?").
    scratchIdx[n++] = mix(SEED_BIGRAM, fnv1a(tokens[0] as string, SEED_WORD))
    scratchIdx[n++] = mix(prev, SEED_BIGRAM)
  }
  const nWord = n
  // Character n-grams.
  for (let t = 0; t < tokens.length; t++) {
    const w = tokens[t] as string
    const L = w.length
    if (L < 2 && w.charCodeAt(0) < 128) continue
    if (w === MENTION_TOKEN || w === URL_TOKEN) continue
    const P = Math.min(L, 30) + 2
    grow(n + P * (charMax - charMin + 1) + 8)
    const codes = wordCodes
    codes[0] = 60
    for (let i = 1; i < P - 1; i++) codes[i] = w.charCodeAt(i - 1)
    codes[P - 1] = 62
    const out = scratchIdx
    for (let s = 0; s < P; s++) {
      let h = SEED_CHAR
      const end = s + charMax < P ? s + charMax : P
      for (let e = s; e < end; e++) {
        h = Math.imul(h ^ (codes[e] as number), FNV_PRIME)
        if (e - s + 1 >= charMin) out[n++] = h >>> 0
      }
    }
  }
  const nChar = n - nWord
  const extraKeys = extras ? Object.keys(extras) : []
  const total = n + extraKeys.length
  grow(total)
  const ww = nWord > 0 ? 1 / Math.sqrt(nWord) : 0
  const wc = nChar > 0 ? 1 / Math.sqrt(nChar) : 0
  scratchVal.fill(ww, 0, nWord)
  scratchVal.fill(wc, nWord, n)
  for (let k = 0; k < extraKeys.length; k++) {
    const key = extraKeys[k] as string
    scratchIdx[n + k] = extraIndexCached(key)
    scratchVal[n + k] = (extras as Record<string, number>)[key] ?? 0
  }
  if (opts.reuse)
    return { idx: scratchIdx.subarray(0, total), val: scratchVal.subarray(0, total), tokens }
  return { idx: scratchIdx.slice(0, total), val: scratchVal.slice(0, total), tokens }
}

const extraCache = new Map<string, number>()
function extraIndexCached(name: string): number {
  let h = extraCache.get(name)
  if (h === undefined) {
    h = extraFeatureIndex(name)
    if (extraCache.size < 10000) extraCache.set(name, h)
  }
  return h
}
