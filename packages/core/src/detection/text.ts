/**
 * Text normalisation shared by near-duplicate detection and clustering: lower-case, drop URLs,
 * @mentions, hashtags and retweet prefixes, split into words; plus a small stop-word list.
 */

/** Common English words that carry no topic (kept short on purpose). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but by
can could did do does doing during each few for from further had has have having he her here hers him his how i
if in into is it its just me more most my no nor not now of on once only or other our over own same she
should so some still such than that the their them then there these they this those through to too under until
very was we were what when where which while who whom why will with would you your yours yet get got im ive dont near
cant wont its thats theres us please thanks thank today yesterday week again already still one two`.split(
    /\s+/,
  ),
)

/** Lower-cased words of a post with URLs, @mentions, hashtags and a leading "RT" removed. */
export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/(^|\s)rt\s+@\w+:?/g, ' ')
    .replace(/[@#][\p{L}\p{N}_]+/gu, ' ')
    .replace(/[’']/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
}

/** Topic tokens of a post: normalised words without stop words or very short words, with a light plural strip. */
export function topicTokens(text: string): string[] {
  const out: string[] = []
  for (const w of normaliseWords(text)) {
    if (w.length < 3 || STOP_WORDS.has(w) || /^\d+$/.test(w)) continue
    out.push(
      w.length >= 4 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')
        ? w.slice(0, -1)
        : w,
    )
  }
  return out
}
