/**
 * Describing one cluster as a theme: its label (the most distinctive words — frequent in the
 * theme, rarer elsewhere — in their commonest surface form), its sentiment overall and per time
 * bucket, and representative quotes (closest to the centre first, never from abusive posts,
 * @handles and links removed, no near-duplicates).
 */
import { normaliseWords } from '../detection/text.js'
import type { SentimentCounts, Theme, ThemeBucket, ThemeInput } from './themes.js'
import { plainLabel, quoteText, tokensWithSurface } from './theme-text.js'

/** What describing a theme reads. */
export interface DescribeContext {
  readonly items: readonly ThemeInput[]
  /** Cluster per item (-1 for none); copies carry their original's cluster. */
  readonly clusterOfItem: Int32Array
  /** Similarity of each clustered item to its centre (0 for copies). */
  readonly simOfItem: Float64Array
  readonly extraStop: ReadonlySet<string>
  readonly vocab: ReadonlyMap<string, number>
  readonly df: ReadonlyMap<string, number>
  readonly nDocs: number
  readonly surface: ReadonlyMap<string, ReadonlyMap<string, number>>
  readonly bucketMs: number
  /** Quotes per theme. */
  readonly quotes: number
  /** Posts in any theme. */
  readonly grouped: number
}

/** The theme of cluster `c` (its `rank` gives the id) with member items `mem`. */
export function describeTheme(
  x: DescribeContext,
  c: number,
  rank: number,
  mem: readonly number[],
): Theme {
  // distinctive words: frequent in the theme, rarer elsewhere
  const counts = new Map<string, number>()
  for (const i of mem) {
    if (x.clusterOfItem[i] !== c) continue
    const seen = new Set(tokensWithSurface(x.items[i]!.text, x.extraStop).map(([t]) => t))
    for (const t of seen) if (x.vocab.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1)
  }
  const scored = [...counts]
    .map(([t, n]) => {
      const inside = n / mem.length
      const overall = (x.df.get(t) ?? 1) / x.nDocs
      return { t, score: inside * Math.log(inside / overall + 1e-9), inside }
    })
    .filter((s) => s.inside >= 0.05 && s.score > 0)
    .sort((a, b) => b.score - a.score || (a.t < b.t ? -1 : 1))
    .slice(0, 3)
  const words = scored.map(({ t }) => {
    const s = x.surface.get(t)
    if (!s) return t
    return [...s].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]
  })
  const label = plainLabel(words)

  const sentiment: SentimentCounts = { negative: 0, neutral: 0, positive: 0 }
  const buckets = new Map<number, ThemeBucket & SentimentCounts>()
  for (const i of mem) {
    const it = x.items[i]!
    const start = Math.floor(it.createdAtMs / x.bucketMs) * x.bucketMs
    let b = buckets.get(start) as ({ startMs: number; size: number } & SentimentCounts) | undefined
    if (!b)
      buckets.set(start, (b = { startMs: start, size: 0, negative: 0, neutral: 0, positive: 0 }))
    b.size++
    const s = it.sentiment
    if (s === 'negative' || s === 'neutral' || s === 'positive') {
      sentiment[s]++
      b[s]++
    }
  }

  const quotes: string[] = []
  const seenQuotes = new Set<string>()
  const candidates = mem
    .filter((i) => !x.items[i]!.abuse && x.clusterOfItem[i] === c && x.simOfItem[i]! > 0)
    .sort((a, b) => x.simOfItem[b]! - x.simOfItem[a]! || a - b)
  for (const i of candidates) {
    if (quotes.length >= x.quotes) break
    const q = quoteText(x.items[i]!.text)
    const key = normaliseWords(q).join(' ')
    if (q.length < 12 || seenQuotes.has(key)) continue
    seenQuotes.add(key)
    quotes.push(q)
  }

  return {
    id: `theme-${rank + 1}`,
    label,
    terms: words,
    size: mem.length,
    share: x.grouped > 0 ? mem.length / x.grouped : 0,
    memberIds: mem.map((i) => x.items[i]!.id),
    quotes,
    sentiment,
    overTime: [...buckets.values()].sort((a, b) => a.startMs - b.startMs),
  }
}
