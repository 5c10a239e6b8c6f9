/**
 * Lexicon features for the sieve: AFINN-165 word scores and emoji sentiment scores shipped by the `sentiment`
 * package (read once from its JSON files), with simple negation. They are added to every post's features as
 * dense extras, which helps the sentiment head on short English tweets.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

let afinn: Map<string, number> | undefined
let negators: Set<string> | undefined

function load(): void {
  if (afinn) return
  const require = createRequire(import.meta.url)
  const root = dirname(require.resolve('sentiment/package.json'))
  const labels = JSON.parse(readFileSync(join(root, 'languages/en/labels.json'), 'utf8')) as Record<
    string,
    number
  >
  const emoji = JSON.parse(readFileSync(join(root, 'build/emoji.json'), 'utf8')) as Record<
    string,
    number
  >
  afinn = new Map<string, number>()
  for (const [k, v] of Object.entries(labels)) afinn.set(k.replace(/'/g, ''), v)
  for (const [k, v] of Object.entries(emoji)) afinn.set(k, v)
  negators = new Set([
    'not',
    'no',
    'never',
    'cant',
    'dont',
    'doesnt',
    'wont',
    'isnt',
    'arent',
    'wasnt',
    'didnt',
    'aint',
    'nothing',
    'non',
    'hardly',
  ])
}

/** AFINN score of a token (0 when unknown). */
export function afinnScore(token: string): number {
  load()
  return (afinn as Map<string, number>).get(token) ?? 0
}

/** Dense lexicon extras for a post's tokens: positive and negative AFINN mass (negation-aware), scaled to about 0..1. */
export function lexiconExtras(tokens: string[]): Record<string, number> {
  load()
  const lex = afinn as Map<string, number>
  const neg = negators as Set<string>
  let pos = 0
  let negs = 0
  let excl = 0
  let q = 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string
    if (t === '!') excl = 1
    else if (t === '?') q = 1
    const s = lex.get(t)
    if (s === undefined) continue
    const flipped =
      (i > 0 && neg.has(tokens[i - 1] as string)) || (i > 1 && neg.has(tokens[i - 2] as string))
    const v = flipped ? -s * 0.5 : s
    if (v > 0) pos += v
    else negs -= v
  }
  return {
    lex_pos: Math.min(pos / 6, 1.5),
    lex_neg: Math.min(negs / 6, 1.5),
    lex_excl: excl * 0.3,
    lex_q: q * 0.3,
  }
}
