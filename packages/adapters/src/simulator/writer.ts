/**
 * Writes the text of one post: picks a template for the language, service and intent, fills its
 * slots (places from the gazetteer, the council's handle on that platform, numbers, emoji), adds
 * hashtags or mentions, then surface noise. Reports which place the text names, for the truth.
 */
import { EN, GRAMMARS, SPAM_SLOTS } from './grammar/index.js'
import type { Intent, LanguageGrammar, ServiceLexicon } from './grammar/index.js'
import { addNoise } from './grammar/noise.js'
import { render } from './grammar/template.js'
import { Weighted, type Rng } from './prng.js'
import type { SimGazetteer, SimStreet } from './places.js'
import type { SimPlatform } from './types.js'

/** Where a post is about: a ward, optionally a fixed street (a burst main). */
export interface PlaceSpec {
  ward: string
  street?: string | undefined
  /** Probability that the text names a place at all. */
  mention?: number
}

/** The text and what the generator knows about the place it names. */
export interface Written {
  text: string
  lang: string
  street?: string
  /** True when the text names the street, locality, ward or postcode district. */
  placeInText: boolean
}

/** Handles and names that depend on the platform. */
export interface Voices {
  /** The council's handle on that platform for a role, or undefined (plain words are used). */
  councilHandle(platform: SimPlatform, role: string): string | undefined
}

const BUS_ROUTES = [
  '185',
  '171',
  '47',
  '225',
  '199',
  '136',
  '122',
  '181',
  '284',
  '202',
  '54',
  '75',
  '160',
  '208',
  '21',
  '436',
  '321',
  '273',
  '124',
  '261',
  '178',
  '180',
  'P4',
  'P12',
]
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const ROLE_BY_SERVICE: Record<string, string> = {
  waste: 'waste',
  parks: 'parks',
  housing: 'housing',
}
const STREET_PREP: Record<string, string[]> = {
  en: ['on', 'on', 'on', 'along', 'near', 'at the end of', 'by', 'on'],
  pl: ['na', 'na', 'przy'],
  es: ['en', 'en', 'cerca de'],
  pt: ['na', 'na', 'perto da'],
  fr: ['sur', 'sur', 'près de'],
}
const AREA_PREP: Record<string, string[]> = {
  en: ['in', 'in', 'in', 'around', 'over in', 'near'],
  pl: ['w', 'w', 'koło'],
  es: ['en', 'en', 'por'],
  pt: ['em', 'em', 'perto de'],
  fr: ['à', 'à', 'vers'],
}
const ABBREV: [RegExp, string][] = [
  [/ Road$/, ' Rd'],
  [/ Street$/, ' St'],
  [/ Avenue$/, ' Ave'],
  [/ Lane$/, ' Ln'],
  [/ Park$/, ' Pk'],
]

/** Composes post texts for one run. */
export class Writer {
  private readonly streetPick = new Map<string, Weighted<SimStreet>>()

  constructor(
    private readonly rng: Rng,
    private readonly gz: SimGazetteer,
    private readonly voices: Voices,
    private readonly noiseLevel: number,
  ) {}

  /** The lexicon of a service or failure kind in a language, or undefined. */
  lexicon(lang: string, key: string, failureKind?: string): ServiceLexicon | undefined {
    const g = GRAMMARS[lang] ?? EN
    if (failureKind && g.failures?.[failureKind]) {
      const svc = g.services[key]
      return svc && this.rng.chance(0.35) ? svc : g.failures[failureKind]
    }
    return g.services[key]
  }

  /** A civic post about a service (or a planted failure kind). Falls back to English when the language lacks it. */
  civic(o: {
    lang: string
    platform: SimPlatform
    service: string
    intent: Intent
    place: PlaceSpec
    failureKind?: string | undefined
    route?: string | undefined
  }): Written & { intent: Intent } {
    let lang = o.lang
    let lex = this.lexicon(lang, o.service, o.failureKind)
    if (!lex || (o.intent !== 'complaint' && !lex[o.intent])) {
      if (lang !== 'en' && lex && this.rng.chance(0.5)) {
        // Keep the language; fall back to a complaint.
      } else {
        lang = 'en'
        lex =
          this.lexicon('en', o.service, o.failureKind) ??
          (EN.services['waste.missed-collection'] as ServiceLexicon)
      }
    }
    const intent: Intent = lex[o.intent] ? o.intent : 'complaint'
    const templates = (lex[intent] ?? lex.complaint) as string[]
    const role = ROLE_BY_SERVICE[o.service.split('.')[0] ?? ''] ?? 'council'
    const st = this.state(lang, o.platform, o.place, role, o.route)
    let text = this.fill(this.rng.pick(templates), lang, lex.slots, st)
    text = this.extras(text, o.platform, 0.14, st)
    return { text: this.noise(text, lang, o.platform), lang, ...this.placeOut(st), intent }
  }

  /** A campaign contribution from one of the scenario's theme templates. */
  theme(o: {
    template: string
    platform: SimPlatform
    service: string
    place: PlaceSpec
    hashtag?: string | undefined
  }): Written {
    const st = this.state('en', o.platform, o.place, 'parks', undefined)
    const local = { ...EN.services['parks.maintenance']?.slots, ...EN.services[o.service]?.slots }
    let text = this.fill(o.template, 'en', local, st)
    if (o.hashtag) text = this.rng.chance(0.5) ? `${text} #${o.hashtag}` : `#${o.hashtag} ${text}`
    return { text: this.noise(text, 'en', o.platform), lang: 'en', ...this.placeOut(st) }
  }

  /** Background chatter in a language. */
  chatter(lang: string, platform: SimPlatform, ward: string): Written {
    const g = GRAMMARS[lang] ?? EN
    const st = this.state(lang, platform, { ward }, 'council', undefined)
    let text = this.fill(this.rng.pick(g.chatter.templates), lang, g.chatter.slots, st)
    text = this.extras(text, platform, 0.08, st)
    return { text: this.noise(text, lang, platform), lang, placeInText: false }
  }

  /** Spam or a scam. */
  spam(lang: string, platform: SimPlatform, ward: string): Written {
    const g = GRAMMARS[lang] ?? EN
    const st = this.state(lang, platform, { ward }, 'council', undefined)
    const text = this.fill(
      this.rng.pick(g.spam.length > 0 ? g.spam : EN.spam),
      lang,
      SPAM_SLOTS,
      st,
    )
    return { text, lang, placeInText: false }
  }

  /** A reply: agreement with a civic post, small talk, or the council's answer. */
  reply(
    kind: 'agree' | 'chatter' | 'council',
    lang: string,
    platform: SimPlatform,
    place: PlaceSpec,
  ): Written {
    const g: LanguageGrammar = kind === 'council' ? EN : (GRAMMARS[lang] ?? EN)
    const useLang = kind === 'council' ? 'en' : lang
    const st = this.state(useLang, platform, place, 'council', undefined)
    const list = (kind === 'council' ? EN.replies.council : g.replies[kind]) ?? EN.replies.chatter
    const text = this.fill(this.rng.pick(list), useLang, undefined, st)
    return {
      text: kind === 'council' ? text : this.noise(text, useLang, platform),
      lang: useLang,
      ...this.placeOut(st),
    }
  }

  /** Renders a council announcement (campaign launch) with the council's slots. */
  announce(template: string, platform: SimPlatform, ward: string): string {
    const st = this.state('en', platform, { ward, mention: 0 }, 'council', undefined)
    return this.fill(template, 'en', undefined, st)
  }

  private state(
    lang: string,
    platform: SimPlatform,
    place: PlaceSpec,
    role: string,
    route: string | undefined,
  ): SlotState {
    return {
      lang,
      platform,
      place,
      role,
      route,
      street: undefined,
      placeInText: false,
      placeDecided: false,
    }
  }

  private placeOut(st: SlotState): { street?: string; placeInText: boolean } {
    return st.street !== undefined
      ? { street: st.street, placeInText: st.placeInText }
      : { placeInText: st.placeInText }
  }

  private fill(
    template: string,
    lang: string,
    local: Record<string, string[]> | undefined,
    st: SlotState,
  ): string {
    const g = GRAMMARS[lang] ?? EN
    const rng = this.rng
    return render(template, rng, (name) => {
      const l = local?.[name] ?? g.common[name] ?? EN.common[name]
      if (l) return rng.pick(l)
      return this.dynamic(name, st)
    })
  }

  private dynamic(name: string, st: SlotState): string | undefined {
    const rng = this.rng
    switch (name) {
      case 'at_loc':
        return this.atLoc(st)
      case 'loc':
      case 'area':
        return this.area(st)
      case 'street': {
        const s = st.place.street ?? this.streetIn(st.place.ward)?.name
        if (!s) return this.area(st)
        st.street = s
        st.placeInText = true
        return this.streetForm(s, st.lang)
      }
      case 'council': {
        const h = this.voices.councilHandle(st.platform, st.role)
        if (h && st.platform !== 'reddit') return `@${h}`
        return rng.pick(['Lewisham Council', 'Lewisham Council', 'Lewisham council', 'LBL'])
      }
      case 'council_name':
        return rng.pick(['Lewisham Council', 'the council', 'LBL', 'Lewisham council'])
      case 'utility':
        return st.platform === 'x' ? '@thameswater' : rng.pick(['Thames Water', 'thames water'])
      case 'route':
        return st.route ?? rng.pick(BUS_ROUTES)
      case 'n':
        return String(2 + rng.int(5))
      case 'ref':
        return rng.chance(0.5)
          ? String(rng.range(1000000, 9999999))
          : `LBL-${rng.range(100000, 999999)}`
      case 'weekday':
        return rng.pick(WEEKDAYS)
      default:
        return undefined
    }
  }

  private atLoc(st: SlotState): string {
    const rng = this.rng
    if (st.placeDecided && !st.placeInText) return ''
    const mention = st.place.mention ?? 0.88
    if (!st.placeDecided && !rng.chance(mention)) {
      st.placeDecided = true
      return ''
    }
    st.placeDecided = true
    const r = rng.next()
    const lang = st.lang
    if (st.place.street || r < 0.5) {
      const s = st.place.street ?? this.streetIn(st.place.ward)?.name
      if (s) {
        st.street = s
        st.placeInText = true
        const form = this.streetForm(s, lang)
        if (lang === 'tr') return turkishLocative(form)
        return `${rng.pick(STREET_PREP[lang] ?? (STREET_PREP['en'] as string[]))} ${form}`
      }
    }
    const a = this.area(st)
    if (lang === 'tr') return turkishLocative(a)
    return `${rng.pick(AREA_PREP[lang] ?? (AREA_PREP['en'] as string[]))} ${a}`
  }

  private area(st: SlotState): string {
    const rng = this.rng
    st.placeInText = true
    st.placeDecided = true
    const ward = this.gz.wardByName.get(st.place.ward)
    const r = rng.next()
    const locs = this.gz.localitiesByWard.get(st.place.ward)
    if (locs && locs.length > 0 && r < 0.4) return rng.pick(locs)
    if (ward && ward.districts.length > 0 && r < 0.55) return rng.pick(ward.districts)
    return st.place.ward
  }

  private streetIn(ward: string): SimStreet | undefined {
    let w = this.streetPick.get(ward)
    if (!w) {
      const list = this.gz.streetsByWard.get(ward)
      if (!list || list.length === 0) return undefined
      w = new Weighted(list.map((s) => [s, s.weight] as const))
      this.streetPick.set(ward, w)
    }
    return w.draw(this.rng)
  }

  private streetForm(s: string, lang: string): string {
    if (lang === 'en' && this.rng.chance(0.25))
      for (const [re, to] of ABBREV) if (re.test(s)) return s.replace(re, to)
    return s
  }

  private extras(text: string, platform: SimPlatform, pTag: number, st: SlotState): string {
    const rng = this.rng
    if (platform === 'reddit') return text
    let t = text
    if (rng.chance(pTag) && this.gz.hashtags.length > 0) t += ` #${rng.pick(this.gz.hashtags)}`
    if (!t.includes('@') && rng.chance(0.06)) {
      const h = this.voices.councilHandle(platform, st.role)
      if (h) t = rng.chance(0.5) ? `@${h} ${t}` : `${t} @${h}`
    }
    return t
  }

  private noise(text: string, lang: string, platform: SimPlatform): string {
    let t = this.noiseLevel > 0 ? addNoise(text, lang, this.rng, this.noiseLevel) : text
    if (platform !== 'x') t = t.replace(/@(TfL|thameswater)\b/g, '$1')
    return t
  }
}

interface SlotState {
  lang: string
  platform: SimPlatform
  place: PlaceSpec
  role: string
  route: string | undefined
  street: string | undefined
  placeInText: boolean
  placeDecided: boolean
}

function turkishLocative(name: string): string {
  const vowels = name.toLowerCase().match(/[aeıioöuü]/g)
  const last = vowels ? vowels[vowels.length - 1] : 'a'
  const front = last !== undefined && 'eiöü'.includes(last)
  const hard = /[fstkçşhp]$/i.test(name)
  return `${name}'${hard ? 't' : 'd'}${front ? 'e' : 'a'}`
}
