/**
 * Throughput of text place matching (gazetteer trie, no geotag): synthetic posts of realistic length
 * built from the pack's own names and our own filler sentences. Run alone:
 * `npx tsx packages/adapters/src/sieve/places/bench.ts [n]`.
 */
import { pathToFileURL } from 'node:url'
import { loadPlaceResolver, type PlaceResolver } from './index.js'

const FILLERS = [
  'the bins have not been collected for two weeks and the foxes have torn the bags open',
  'someone has dumped a mattress again, this happens every single weekend',
  'huge pothole near the bus stop, cyclists keep swerving into traffic',
  'street light out for a month, it is pitch dark walking home from the station',
  '@LewishamCouncil when will you fix this? reported three times already #fail',
  'lovely to see the park so clean today, thank you to the team',
]

/** Builds `n` synthetic posts; about half name a street (in varied case and abbreviation), some a ward. */
export function benchTexts(resolver: PlaceResolver, n: number): string[] {
  const streets = resolver.jurisdiction.streets.map((s) => s.name)
  const wards = resolver.jurisdiction.wards.map((w) => w.name)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const f = FILLERS[i % FILLERS.length]!
    const s = streets[(i * 7919) % Math.max(1, streets.length)] ?? ''
    const variant = i % 4
    const street =
      variant === 0
        ? s
        : variant === 1
          ? s.toUpperCase()
          : variant === 2
            ? s.replace(/Road$/, 'Rd').replace(/Street$/, 'St.')
            : ''
    const ward = i % 5 === 0 ? ` in ${wards[i % wards.length] ?? ''}` : ''
    out.push(street ? `${f} on ${street}${ward}.` : `${f}${ward}`)
  }
  return out
}

/** Measures text-only place resolution in texts per second over `n` synthetic posts (after a warm-up). */
export function benchPlaces(n = 200_000, resolver: PlaceResolver = loadPlaceResolver()): number {
  const texts = benchTexts(resolver, Math.min(n, 20_000))
  let sink = 0
  for (let i = 0; i < 20_000; i++) sink += resolver.resolve(texts[i % texts.length]!).length
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) sink += resolver.resolve(texts[i % texts.length]!).length
  const s = Number(process.hrtime.bigint() - t0) / 1e9
  if (sink < 0) console.log(sink)
  return n / s
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 500_000)
  const rate = benchPlaces(n)
  console.log(
    `places: ${Math.round(rate).toLocaleString('en-GB')} texts/s (text matching, one core, n=${n})`,
  )
}
