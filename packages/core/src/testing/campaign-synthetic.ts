/**
 * Synthetic campaign contributions for tests and benchmarks: five planted topics (toilets, bins,
 * lights, dogs, play), each phrased several ways, in six parks, with every tenth post abusive; the
 * truth (each item's topic) comes with them. Deterministic per seed.
 */
import type { ThemeInput } from '../campaign/index.js'

const T0 = Date.parse('2026-07-14T09:00:00Z')

/** A small generator of contributions on planted topics, each phrased several ways. */
export function syntheticContributions(
  n: number,
  seed = 7,
  t0 = T0,
): { items: ThemeInput[]; truth: string[] } {
  let a = seed
  const rand = (): number => {
    a = (a * 1103515245 + 12345) % 2147483648
    return a / 2147483648
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const topics: Record<string, string[][]> = {
    toilets: [
      ['open', 'unlock', 'clean'],
      ['toilets', 'loos', 'public toilets'],
      ['all day', 'at weekends', 'past 4pm'],
    ],
    bins: [
      ['more', 'bigger', 'extra'],
      ['bins', 'litter bins', 'recycling bins'],
      ['emptied more often', 'overflowing', 'rubbish everywhere'],
    ],
    lights: [
      ['better', 'more', 'brighter'],
      ['lighting', 'lights', 'path lights'],
      ['after dark', 'feel unsafe', 'pitch black'],
    ],
    dogs: [
      ['dog mess', 'dog poo', 'dogs off lead'],
      ['everywhere', 'by the playground', 'on the pitches'],
      ['fine the owners', 'dog-free area', 'more dog bins'],
    ],
    play: [
      ['fix', 'repair', 'replace'],
      ['swings', 'playground', 'climbing frame'],
      ['for the kids', 'broken for months', 'teenagers need a skate park'],
    ],
  }
  const parks = [
    'Hilly Fields',
    'Ladywell Fields',
    'Mountsfield Park',
    'Blythe Hill',
    'Manor House Gardens',
    'Beckenham Place',
  ]
  const names = Object.keys(topics)
  const items: ThemeInput[] = []
  const truth: string[] = []
  for (let i = 0; i < n; i++) {
    const t = names[i % names.length]!
    const text = `${topics[t]!.map((slot) => pick(slot)).join(' ')} in ${pick(parks)} ${pick(['please', 'thanks', '!!', '', 'tbh'])} #LewishamParksReview`
    const abuse = i % 10 === 0
    items.push({
      id: String(i),
      text: abuse ? `${text} you useless idiots` : text,
      createdAtMs: t0 + i * 60_000,
      sentiment: pick(['negative', 'neutral', 'positive']),
      abuse,
    })
    truth.push(t)
  }
  return { items, truth }
}
