/**
 * The words of a contribution as theme grouping sees them (topic tokens with a light plural
 * stem, and the surface word each came from), quotable text (no @handles, no links) and the
 * plain-words label made of a theme's distinctive words.
 */
import { normaliseWords, STOP_WORDS } from '../detection/text.js'

/** Folds a simple English plural ("toilets" → "toilet"). */
export function stem(w: string): string {
  return w.length >= 4 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')
    ? w.slice(0, -1)
    : w
}

/** Topic tokens with the surface word each came from. */
export function tokensWithSurface(
  text: string,
  extraStop: ReadonlySet<string>,
): [string, string][] {
  const out: [string, string][] = []
  for (const w of normaliseWords(text)) {
    if (w.length < 3 || STOP_WORDS.has(w) || /^\d+$/.test(w)) continue
    const t = stem(w)
    if (extraStop.has(t) || extraStop.has(w)) continue
    out.push([t, w])
  }
  return out
}

/** Makes a post's text fit to quote: @handles, links and line breaks removed, length capped. */
export function quoteText(text: string, maxChars = 280): string {
  const t = text
    .replace(/https?:\/\/\S+|www\.\S+/g, '')
    .replace(/(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_.@-]+/gu, '$1')
    .replace(/^\s*RT\s*:?\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
  return t.length > maxChars ? `${t.slice(0, maxChars - 1).trimEnd()}…` : t
}
/** "toilets", "loos", "open" → "Toilets, loos and open". */
export function plainLabel(words: readonly string[]): string {
  if (words.length === 0) return 'Other comments'
  const w = [...words]
  w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1)
  return w.length === 1 ? w[0]! : `${w.slice(0, -1).join(', ')} and ${w[w.length - 1]!}`
}
