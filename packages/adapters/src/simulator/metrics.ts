/**
 * Measurements of a simulated stream: volume per simulated day, civic/spam/language/platform
 * shares, day-versus-night volume, and per service the distinct word-trigram ratio and vocabulary
 * size of the civic posts (how varied the generator's phrasing is). Used by tests and
 * `civicpulse simulate --stats`.
 */
import type { SimEvent } from './types.js'

/** The text of a payload line, as a reader of that platform would see it (HTML stripped). */
export function textOf(e: Pick<SimEvent, 'format' | 'line'>): string {
  const o = JSON.parse(e.line) as Record<string, any>
  switch (e.format) {
    case 'x-v2':
      return String(o['data']?.text ?? '')
    case 'mastodon': {
      const s = o['reblog'] ?? o
      return String(s.content ?? '')
        .replace(/<br \/>/g, '\n')
        .replace(/<\/p><p>/g, '\n\n')
        .replace(/<[^>]+>/g, '')
        .replace(
          /&(amp|lt|gt|quot|#39);/g,
          (_m: string, x: string) =>
            ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[x] as string,
        )
    }
    case 'bluesky-jetstream':
      return String(o['commit']?.record?.text ?? '')
    case 'reddit': {
      const d = o['data']?.children?.[0]?.data ?? {}
      return d.body !== undefined
        ? String(d.body)
        : [d.title, d.selftext].filter(Boolean).join('\n\n')
    }
  }
}

/** Per-service variety of civic posts. */
export interface ServiceVariety {
  posts: number
  /** Distinct word trigrams divided by all word trigrams. */
  trigramRatio: number
  /** The same ratio over the first 300 posts only, comparable across services and run lengths. */
  trigramRatio300: number
  /** Distinct words. */
  vocabulary: number
}

/** Summary figures of a stream. */
export interface StreamStats {
  posts: number
  days: number
  postsPerDay: number
  civicShare: number
  spamShare: number
  duplicateShare: number
  replyShare: number
  languages: Record<string, number>
  platforms: Record<string, number>
  /** Mean posts per hour at night (01:00–05:00 UTC) and by day (10:00–18:00 UTC). */
  nightPerHour: number
  dayPerHour: number
  services: Record<string, ServiceVariety>
}

const WORD = /[\p{L}\p{N}']+/gu

/** Accumulates stream statistics event by event (memory bounded by the vocabulary). */
export class StatsCollector {
  private n = 0
  private civic = 0
  private spam = 0
  private dups = 0
  private replies = 0
  private first = Infinity
  private last = -Infinity
  private readonly langs = new Map<string, number>()
  private readonly plats = new Map<string, number>()
  private readonly byHour = new Float64Array(24)
  private readonly hoursSeen = new Set<number>()
  private readonly svc = new Map<
    string,
    {
      posts: number
      tri: number
      triSet: Set<string>
      vocab: Set<string>
      tri300: number
      set300: number
    }
  >()

  /** Adds one event. */
  add(e: SimEvent): void {
    const t = e.truth
    const at = Date.parse(e.at)
    this.n++
    this.first = Math.min(this.first, at)
    this.last = Math.max(this.last, at)
    this.langs.set(t.lang, (this.langs.get(t.lang) ?? 0) + 1)
    this.plats.set(e.format, (this.plats.get(e.format) ?? 0) + 1)
    const h = new Date(at).getUTCHours()
    this.byHour[h] = (this.byHour[h] as number) + 1
    this.hoursSeen.add(Math.floor(at / 3_600_000))
    if (t.civic) this.civic++
    if (t.spam) this.spam++
    if (t.duplicateOf) this.dups++
    if (t.replyTo) this.replies++
    if (!t.civic || !t.service || t.duplicateOf || t.kind === 'council') return
    let s = this.svc.get(t.service)
    if (!s)
      this.svc.set(
        t.service,
        (s = { posts: 0, tri: 0, triSet: new Set(), vocab: new Set(), tri300: 0, set300: 0 }),
      )
    s.posts++
    const words = textOf(e).toLowerCase().match(WORD) ?? []
    for (const w of words) s.vocab.add(w)
    for (let i = 0; i + 2 < words.length; i++) {
      s.tri++
      s.triSet.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`)
    }
    if (s.posts <= 300) {
      s.tri300 = s.tri
      s.set300 = s.triSet.size
    }
  }

  /** The figures so far. */
  result(): StreamStats {
    const days = Math.max(1 / 24, (this.last - this.first) / 86_400_000)
    const share = (m: Map<string, number>): Record<string, number> =>
      Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / this.n)]))
    const nDays = Math.max(1, Math.round(this.hoursSeen.size / 24))
    const hours = (hs: number[]): number =>
      hs.reduce((a, h) => a + (this.byHour[h] as number), 0) / hs.length / nDays
    return {
      posts: this.n,
      days: round(days),
      postsPerDay: Math.round(this.n / days),
      civicShare: round(this.civic / this.n),
      spamShare: round(this.spam / this.n),
      duplicateShare: round(this.dups / this.n),
      replyShare: round(this.replies / this.n),
      languages: share(this.langs),
      platforms: share(this.plats),
      nightPerHour: Math.round(hours([1, 2, 3, 4])),
      dayPerHour: Math.round(hours([10, 11, 12, 13, 14, 15, 16, 17])),
      services: Object.fromEntries(
        [...this.svc]
          .sort((a, b) => b[1].posts - a[1].posts)
          .map(([k, s]) => [
            k,
            {
              posts: s.posts,
              trigramRatio: round(s.tri ? s.triSet.size / s.tri : 0),
              trigramRatio300: round(s.tri300 ? s.set300 / s.tri300 : 0),
              vocabulary: s.vocab.size,
            },
          ]),
      ),
    }
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
