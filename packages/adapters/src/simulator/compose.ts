/**
 * Turns one planned post into its text and truth (the builder makes the payload), and plans what
 * follows it (replies, the council's answer, reposts, copy-paste duplicates, thread continuations).
 */
import type { AuthorPool, SimAuthor } from './authors.js'
import { PostBuilder } from './builder.js'
import { EN } from './grammar/index.js'
import type { Intent } from './grammar/types.js'
import type { IdFactory } from './ids.js'
import type { SimGazetteer } from './places.js'
import type { Emitted, Plan } from './plan.js'
import { Weighted, type Rng } from './prng.js'
import type { Scenario } from './scenario.js'
import { serviceCode } from './services.js'
import type { SimEvent, SimPlatform, SimTruth } from './types.js'
import { Writer, type Written } from './writer.js'

const BASE_INTENTS = new Weighted<Intent>([
  ['complaint', 0.55],
  ['question', 0.2],
  ['information', 0.1],
  ['suggestion', 0.08],
  ['praise', 0.07],
])
const FOLLOW_FACTOR: Record<SimTruth['kind'], number> = {
  chatter: 0.8,
  civic: 1.6,
  failure: 2,
  campaign: 0.8,
  council: 0.2,
  spam: 0,
}

/** Writes posts for one run. */
export class Composer {
  private readonly writer: Writer
  private readonly builder: PostBuilder
  private readonly wardNames: string[]

  constructor(
    private readonly rng: Rng,
    private readonly gz: SimGazetteer,
    private readonly pool: AuthorPool,
    private readonly ids: IdFactory,
    private readonly platforms: Weighted<SimPlatform>,
    private readonly services: Weighted<string>,
    noise: number,
  ) {
    this.wardNames = gz.wards.map((w) => w.name)
    this.writer = new Writer(
      rng,
      gz,
      { councilHandle: (p, role) => pool.official(p, role)?.handle },
      noise,
    )
    this.builder = new PostBuilder(rng, gz, pool, ids)
  }

  /** Writes one planned post; undefined when it cannot exist (e.g. no official account there). */
  emit(p: Plan): { event: SimEvent; emitted: Emitted } | undefined {
    const rng = this.rng
    switch (p.t) {
      case 'chatter': {
        const platform = this.platforms.draw(rng)
        const a = this.pool.resident(platform)
        const w = this.writer.chatter(this.langOf(a), platform, a.ward)
        return this.builder.finish(
          p.at,
          platform,
          a,
          w,
          { civic: false, kind: 'chatter', lang: w.lang },
          a.ward,
          {},
        )
      }
      case 'spam': {
        const platform = this.platforms.draw(rng)
        const a = this.pool.bot(platform)
        const w = this.writer.spam(
          rng.chance(0.85) ? 'en' : this.langOf(this.pool.resident(platform)),
          platform,
          a.ward,
        )
        return this.builder.finish(
          p.at,
          platform,
          a,
          w,
          { civic: false, kind: 'spam', spam: true, lang: w.lang },
          a.ward,
          {},
        )
      }
      case 'civic': {
        const platform = this.platforms.draw(rng)
        const a = this.pool.resident(platform)
        const ward = rng.chance(0.8) ? a.ward : rng.pick(this.wardNames)
        const key = this.services.draw(rng)
        const w = this.writer.civic({
          lang: this.langOf(a),
          platform,
          service: key,
          intent: BASE_INTENTS.draw(rng),
          place: { ward },
        })
        return this.builder.finish(
          p.at,
          platform,
          a,
          w,
          this.civicTruth('civic', key, w.intent, w),
          ward,
          {
            serviceKey: key,
          },
        )
      }
      case 'failure': {
        const platform = this.platforms.draw(rng)
        const ward = rng.pick(p.f.wards)
        const a = this.pool.resident(platform)
        const s = p.f.spec
        // A failure `kind` may name a service lexicon instead of a failure lexicon.
        const phrasing = EN.services[s.kind] ? s.kind : s.service
        const w = this.writer.civic({
          lang: this.langOf(a),
          platform,
          service: phrasing,
          intent: p.intent,
          place: { ward, street: s.street, mention: 0.85 },
          failureKind: s.kind,
          route: s.route,
        })
        const truth = { ...this.civicTruth('failure', s.service, w.intent, w), failureId: s.id }
        return this.builder.finish(p.at, platform, a, w, truth, ward, {
          serviceKey: phrasing,
          failure: p.f,
        })
      }
      case 'launch': {
        const a = this.pool.official(p.platform, 'council')
        if (!a) return undefined
        const text = this.writer.announce(
          `${p.c.spec.question} ${p.c.spec.hashtags.map((h) => `#${h}`).join(' ')}`,
          p.platform,
          this.wardNames[0] ?? '',
        )
        const truth: Partial<SimTruth> = {
          civic: true,
          kind: 'council',
          intent: 'information',
          sentiment: 'neutral',
          campaignId: p.c.spec.id,
          lang: 'en',
        }
        const out = this.builder.finish(
          p.at,
          p.platform,
          a,
          { text, lang: 'en', placeInText: false },
          truth,
          a.ward,
          {},
        )
        p.c.launched.set(p.platform, out.emitted)
        return out
      }
      case 'campaign': {
        const theme = p.c.themes.draw(rng)
        const platform = this.platforms.draw(rng)
        const a = this.pool.resident(platform)
        const launch = p.c.launched.get(platform)
        const asReply =
          launch !== undefined && (platform === 'reddit' || rng.chance(p.c.spec.replyShare))
        const tags = p.c.spec.hashtags
        const hashtag = asReply ? undefined : rng.chance(0.75) ? tags[0] : rng.pick(tags)
        const w = this.writer.theme({
          template: rng.pick(theme.templates),
          platform,
          service: theme.service,
          place: { ward: a.ward, mention: 0.5 },
          hashtag,
        })
        const truth = {
          ...this.civicTruth('campaign', theme.service, theme.intent, w),
          campaignId: p.c.spec.id,
          themeId: theme.id,
        }
        return this.builder.finish(p.at, platform, a, w, truth, a.ward, {
          serviceKey: theme.service,
          replyTo: asReply ? launch : undefined,
        })
      }
      case 'reply':
        return this.reply(p)
      case 'repost':
      case 'copy':
        return this.repeat(p)
    }
  }

  /** Plans the posts that follow an emitted one. */
  followUps(e: Emitted, p: Plan, vol: Scenario['volume']): Plan[] {
    const rng = this.rng
    const out: Plan[] = []
    if (p.t === 'repost' || p.t === 'copy' || p.t === 'launch' || e.truth.spam) return out
    const f = FOLLOW_FACTOR[e.truth.kind] * (e.depth > 0 ? 0.3 : 1)
    const n = rng.poisson(vol.replyRate * f)
    const civicish = e.truth.civic && e.truth.kind !== 'council'
    for (let i = 0; i < n; i++) {
      const r = rng.next()
      const mode = !civicish
        ? 'chatter'
        : r < 0.55
          ? 'agree'
          : r < 0.85 || e.depth > 0
            ? 'chatter'
            : 'council'
      out.push({
        t: 'reply',
        at: e.post.at + delay(rng, mode === 'council' ? 90 : 35),
        target: e,
        mode,
      })
    }
    if (e.depth === 0 && rng.chance(0.03))
      out.push({ t: 'reply', at: e.post.at + 60_000 + rng.int(600_000), target: e, mode: 'thread' })
    if (
      e.depth === 0 &&
      (e.post.platform === 'x' || e.post.platform === 'mastodon') &&
      rng.chance(vol.repostRate * f)
    ) {
      out.push({ t: 'repost', at: e.post.at + delay(rng, 45), target: e })
    }
    const copyF =
      e.truth.kind === 'failure'
        ? 2.5
        : e.truth.kind === 'campaign'
          ? 2
          : e.truth.kind === 'civic'
            ? 1
            : 0.5
    if (e.depth === 0 && rng.chance(vol.duplicateRate * copyF))
      out.push({ t: 'copy', at: e.post.at + delay(rng, 60), target: e })
    return out
  }

  private reply(
    p: Extract<Plan, { t: 'reply' }>,
  ): { event: SimEvent; emitted: Emitted } | undefined {
    const rng = this.rng
    const tg = p.target
    const platform = tg.post.platform
    const failure = tg.failure
    const ward = failure ? rng.pick(failure.wards) : tg.ward
    let author: SimAuthor | undefined
    let w: Written
    let truth: Partial<SimTruth>
    if (p.mode === 'council') {
      const role = tg.serviceKey?.startsWith('waste')
        ? 'waste'
        : tg.serviceKey?.startsWith('parks')
          ? 'parks'
          : 'council'
      author = this.pool.official(platform, role)
      if (!author) return undefined
      w = this.writer.reply('council', 'en', platform, { ward, mention: 0.6 })
      truth = {
        civic: true,
        kind: 'council',
        intent: 'information',
        sentiment: 'neutral',
        lang: 'en',
      }
      if (tg.truth.service) truth.service = tg.truth.service
      if (tg.truth.failureId) truth.failureId = tg.truth.failureId
    } else if (p.mode === 'thread') {
      // Campaign answers are not continued: their themes have no lexicon of their own.
      if (tg.truth.campaignId) return undefined
      author = tg.post.author
      const lang = tg.truth.lang
      if (tg.truth.civic && tg.serviceKey) {
        const c = this.writer.civic({
          lang,
          platform,
          service: tg.serviceKey,
          intent: tg.truth.intent ?? 'complaint',
          place: { ward, street: failure?.spec.street, mention: 0.5 },
          failureKind: failure?.spec.kind,
          route: failure?.spec.route,
        })
        const prefixes =
          c.lang === 'en'
            ? ['Update:', 'Also', '2/2', 'And', 'Edit:', '+']
            : ['2/2', '+', '…', 'Edit:']
        w = { ...c, text: `${rng.pick(prefixes)} ${c.text}` }
        truth = { ...tg.truth, ...this.placeTruth(w), intent: c.intent, lang: w.lang }
      } else {
        w = this.writer.chatter(lang, platform, ward)
        truth = { civic: false, kind: 'chatter', lang: w.lang }
      }
    } else {
      author = this.pool.resident(platform)
      if (author.id === tg.post.author.id) return undefined
      const lang = rng.chance(0.7) ? tg.truth.lang : this.langOf(author)
      w = this.writer.reply(p.mode, lang, platform, {
        ward,
        street: failure?.spec.street,
        mention: 0.6,
      })
      // Many agreeing replies add their own account of the problem.
      if (p.mode === 'agree' && tg.serviceKey && !tg.truth.campaignId && rng.chance(0.45)) {
        const c = this.writer.civic({
          lang: w.lang,
          platform,
          service: tg.serviceKey,
          intent: 'complaint',
          place: { ward, street: failure?.spec.street, mention: 0.7 },
          failureKind: failure?.spec.kind,
          route: failure?.spec.route,
        })
        if (c.lang === w.lang) {
          const street = w.street ?? c.street
          w = {
            text: /[.!?]$/.test(w.text) ? `${w.text} ${c.text}` : `${w.text}. ${c.text}`,
            lang: w.lang,
            placeInText: w.placeInText || c.placeInText,
            ...(street !== undefined ? { street } : {}),
          }
        }
      }
      truth =
        p.mode === 'agree'
          ? {
              ...pick(tg.truth, ['civic', 'kind', 'service', 'failureId', 'campaignId', 'themeId']),
              intent: 'complaint',
              sentiment: 'negative',
              lang: w.lang,
              ...this.placeTruth(w),
            }
          : { civic: false, kind: 'chatter', lang: w.lang }
    }
    return this.builder.finish(p.at, platform, author, w, truth, ward, {
      serviceKey: tg.serviceKey,
      failure: p.mode === 'agree' || p.mode === 'thread' ? failure : undefined,
      replyTo: tg,
    })
  }

  private repeat(
    p: Extract<Plan, { t: 'repost' | 'copy' }>,
  ): { event: SimEvent; emitted: Emitted } | undefined {
    const rng = this.rng
    const tg = p.target
    const platform = tg.post.platform
    const author = this.pool.resident(platform)
    if (author.id === tg.post.author.id) return undefined
    const base = { ...tg.truth, duplicateOf: tg.truth.postKey } as Partial<SimTruth>
    delete base.replyTo
    if (p.t === 'repost') {
      const text = platform === 'x' ? `RT @${tg.post.author.handle}: ${tg.post.text}` : ''
      return this.builder.finish(
        p.at,
        platform,
        author,
        { text, lang: tg.truth.lang, placeInText: tg.truth.place === 'text' },
        base,
        tg.ward,
        { serviceKey: tg.serviceKey, failure: tg.failure, repostOf: tg },
      )
    }
    const prefix = rng.pick(['', '', '', 'This 👇 ', 'Copying this: ', '+1 ', 'Same. '])
    const text =
      prefix + (tg.post.title !== undefined ? tg.post.text : tg.post.text).replace(/^(@\S+\s)+/, '')
    return this.builder.finish(
      p.at,
      platform,
      author,
      { text, lang: tg.truth.lang, placeInText: tg.truth.place === 'text' },
      base,
      tg.ward,
      { serviceKey: tg.serviceKey, failure: tg.failure },
    )
  }

  private civicTruth(
    kind: SimTruth['kind'],
    key: string,
    intent: Intent,
    w: Written,
  ): Partial<SimTruth> {
    return {
      civic: true,
      kind,
      service: serviceCode(key),
      intent,
      sentiment: sentimentOf(intent, this.rng),
      lang: w.lang,
      ...this.placeTruth(w),
    }
  }

  private placeTruth(w: Written): Partial<SimTruth> {
    return w.street !== undefined && w.placeInText ? { street: w.street } : {}
  }

  private langOf(a: SimAuthor): string {
    return a.lang !== 'en' && this.rng.chance(0.2) ? 'en' : a.lang
  }
}

function sentimentOf(intent: Intent, rng: Rng): NonNullable<SimTruth['sentiment']> {
  if (intent === 'complaint') return 'negative'
  if (intent === 'praise') return 'positive'
  if (intent === 'question') return rng.chance(0.35) ? 'negative' : 'neutral'
  return 'neutral'
}

function delay(rng: Rng, meanMinutes: number): number {
  return (
    60_000 + Math.min(12 * 3_600_000, Math.floor(-Math.log(1 - rng.next()) * meanMinutes * 60_000))
  )
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<T> {
  const out: Partial<T> = {}
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]
  return out
}
