/**
 * Simulated people and accounts: per platform a pool of residents (each with a home ward, a usual
 * language and a heavy-tailed activity level), a few spam bots, and the council's official accounts.
 */
import type { IdFactory } from './ids.js'
import { Weighted, type Rng } from './prng.js'
import type { SimGazetteer } from './places.js'
import type { SimPlatform } from './types.js'

/** One account. */
export interface SimAuthor {
  platform: SimPlatform
  /** X user id, Mastodon account id, Bluesky DID, Reddit `t2_` suffix. */
  id: string
  handle: string
  name: string
  lang: string
  ward: string
  createdMs: number
  /** Mastodon home server. */
  instance: string
  kind: 'resident' | 'bot' | 'official'
  /** For official accounts: council, waste, parks, housing… */
  role?: string
  /** Per-format cache of the serialised profile. */
  cache?: string
}

const FIRST: Record<string, string[]> = {
  en: [
    'Jess',
    'Tom',
    'Amara',
    'Kwame',
    'Sophie',
    'Dan',
    'Priya',
    'Mo',
    'Chloe',
    'Femi',
    'Ellie',
    'Jamal',
    'Hannah',
    'Leon',
    'Aisha',
    'Rob',
    'Grace',
    'Tunde',
    'Zara',
    'Olly',
    'Nadia',
    'Sam',
    'Becky',
    'Dev',
    'Kemi',
    'Liam',
    'Ruth',
    'Yusuf',
    'Maya',
    'Joe',
  ],
  pl: ['Kasia', 'Tomek', 'Ania', 'Piotr', 'Magda', 'Marek', 'Ola', 'Kuba'],
  es: ['Lucía', 'Carlos', 'Marta', 'Javi', 'Sofía', 'Diego', 'Valentina', 'Andrés'],
  pt: ['João', 'Ana', 'Rafael', 'Beatriz', 'Tiago', 'Mariana', 'Lucas', 'Inês'],
  tr: ['Elif', 'Mehmet', 'Zeynep', 'Emre', 'Ayşe', 'Can', 'Deniz', 'Burak'],
  fr: ['Amélie', 'Julien', 'Fatou', 'Mamadou', 'Claire', 'Hugo', 'Aminata', 'Léa'],
}
const LAST = [
  'Smith',
  'Okafor',
  'Patel',
  'Jones',
  'Mensah',
  'Nowak',
  'Garcia',
  'Silva',
  'Yilmaz',
  'Diallo',
  'Brown',
  'Ahmed',
  'Kowalski',
  'Martin',
  'Campbell',
  'Osei',
  'Taylor',
  'Khan',
  'Lewis',
  'Adeyemi',
]
const TAGS = [
  'mum',
  'dad',
  'runs',
  'cycles',
  'eats',
  'local',
  'ldn',
  'se',
  'fan',
  'cat',
  'dog',
  'art',
  'music',
  'writes',
  '',
]
const INSTANCES = [
  'mastodon.social',
  'mas.to',
  'mastodon.online',
  'mstdn.social',
  'social.coop',
  'mastodon.green',
  'toot.community',
  'mastodon.london',
]

/** Accounts of one run, by platform. */
export class AuthorPool {
  private readonly residents = new Map<SimPlatform, Weighted<SimAuthor>>()
  private readonly byLang = new Map<string, Weighted<SimAuthor>>()
  private readonly bots = new Map<SimPlatform, SimAuthor[]>()
  private readonly officials: SimAuthor[] = []
  private readonly used = new Set<string>()
  private readonly handles: Record<SimPlatform, Map<string, SimAuthor>> = {
    x: new Map(),
    mastodon: new Map(),
    bluesky: new Map(),
    reddit: new Map(),
  }

  constructor(
    private readonly rng: Rng,
    private readonly ids: IdFactory,
    gz: SimGazetteer,
    perPlatform: Record<SimPlatform, number>,
    languages: Weighted<string>,
    official: { platform: string; handle: string; kind: string }[],
    startMs: number,
  ) {
    const wards = gz.wards.map((w) => w.name)
    for (const platform of Object.keys(perPlatform) as SimPlatform[]) {
      const n = Math.max(50, Math.round(perPlatform[platform]))
      const entries: [SimAuthor, number][] = []
      const byLang = new Map<string, [SimAuthor, number][]>()
      for (let i = 0; i < n; i++) {
        const lang = languages.draw(rng)
        const a = this.make(platform, lang, rng.pick(wards), 'resident', startMs)
        // Heavy tail: a few accounts post a lot, most post rarely.
        const w = 1 / Math.pow(1 - rng.next() * 0.999, 0.8) - 0.9
        entries.push([a, w])
        const l = byLang.get(lang) ?? []
        l.push([a, w])
        byLang.set(lang, l)
      }
      this.residents.set(platform, new Weighted(entries))
      for (const [lang, l] of byLang) this.byLang.set(`${platform}:${lang}`, new Weighted(l))
      this.bots.set(
        platform,
        Array.from({ length: 6 }, () => this.make(platform, 'en', rng.pick(wards), 'bot', startMs)),
      )
    }
    for (const o of official) {
      const platform = o.platform as SimPlatform
      if (!perPlatform[platform]) continue
      const a = this.make(platform, 'en', wards[0] ?? '', 'official', startMs, o.handle)
      a.role = o.kind
      a.name =
        o.kind === 'council'
          ? gz.name.replace(/^London Borough of /, '') + ' Council'
          : `Lewisham ${o.kind}`
      this.officials.push(a)
    }
  }

  /** A resident of a platform, optionally of a given language (falls back to anyone). */
  resident(platform: SimPlatform, lang?: string): SimAuthor {
    const w = (lang && this.byLang.get(`${platform}:${lang}`)) || this.residents.get(platform)
    if (!w) throw new Error(`No authors for ${platform}`)
    return w.draw(this.rng)
  }

  /** A spam bot of a platform. */
  bot(platform: SimPlatform): SimAuthor {
    return this.rng.pick(this.bots.get(platform) ?? [])
  }

  /** The official account of a platform for a role (`council` when the role has none). */
  official(platform: SimPlatform, role = 'council'): SimAuthor | undefined {
    return (
      this.officials.find((a) => a.platform === platform && a.role === role) ??
      this.officials.find((a) => a.platform === platform && a.role === 'council')
    )
  }

  private make(
    platform: SimPlatform,
    lang: string,
    ward: string,
    kind: SimAuthor['kind'],
    startMs: number,
    handle?: string,
  ): SimAuthor {
    const rng = this.rng
    const first = rng.pick(FIRST[lang] ?? (FIRST['en'] as string[]))
    const last = rng.pick(LAST)
    const createdMs = startMs - (30 + rng.int(5000)) * 86_400_000
    let h = handle
    if (!h) {
      for (let tries = 0; ; tries++) {
        const base = rng.chance(0.5)
          ? `${first}${rng.chance(0.5) ? '_' : ''}${last}`
          : `${first}${rng.pick(TAGS)}${rng.chance(0.6) ? String(rng.int(100)) : ''}`
        h = base
          .normalize('NFD')
          .replace(/[^A-Za-z0-9_]/g, '')
          .slice(0, 15)
        if (kind === 'bot') h = `${h.slice(0, 9)}${rng.int(1_000_000)}`
        if (platform === 'bluesky') h = `${h.toLowerCase()}.bsky.social`
        if (platform === 'reddit')
          h = rng.chance(0.5)
            ? `${first}-${last}-${rng.int(9999)}`.normalize('NFD').replace(/[^A-Za-z0-9_-]/g, '')
            : h
        if (!this.used.has(`${platform}:${h}`) || tries > 5) break
        h = undefined
      }
    }
    const hh = h as string
    this.used.add(`${platform}:${hh}`)
    const id =
      platform === 'x'
        ? this.ids.xUser(createdMs)
        : platform === 'mastodon'
          ? this.ids.mastodonAccount(createdMs)
          : platform === 'bluesky'
            ? this.ids.did()
            : this.ids.redditUser()
    const a: SimAuthor = {
      platform,
      id,
      handle: hh,
      name: kind === 'bot' ? `${first} 💰` : rng.chance(0.7) ? `${first} ${last}` : first,
      lang,
      ward,
      createdMs,
      instance: handle?.includes('@') ? (handle.split('@')[1] as string) : rng.pick(INSTANCES),
      kind,
    }
    const byHandle = this.handles[platform]
    byHandle.set(hh, a)
    byHandle.set(hh.toLowerCase(), a)
    if (platform === 'mastodon')
      byHandle.set(`${hh.split('@')[0] ?? hh}@${a.instance}`.toLowerCase(), a)
    return a
  }

  /** The account with a handle on a platform (Mastodon: `user` or `user@server`), if it exists. */
  byHandle(platform: SimPlatform, handle: string): SimAuthor | undefined {
    const m = this.handles[platform]
    return m.get(handle) ?? m.get(handle.toLowerCase())
  }
}
