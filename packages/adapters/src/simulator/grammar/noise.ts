/**
 * Surface noise applied after a phrasing is rendered: typos, slang, dropped apostrophes, case,
 * stretched words, extra punctuation. Words holding @, # or a link are never touched, so entities
 * stay valid.
 */
import type { Rng } from '../prng.js'

const SLANG: Record<string, string[]> = {
  you: ['u', 'ya'],
  your: ['ur', 'yr'],
  are: ['r'],
  because: ['cos', 'coz', 'bc'],
  please: ['pls', 'plz', 'pleaseee'],
  people: ['ppl'],
  really: ['rly', 'realy'],
  though: ['tho'],
  tonight: ['tonite', '2nite'],
  about: ['abt'],
  with: ['w/'],
  thanks: ['thx', 'ta', 'cheers'],
  before: ['b4'],
  tomorrow: ['tmrw', '2moro'],
  probably: ['prob', 'prolly'],
  nothing: ['nuffin', 'nothin'],
  something: ['summat', 'smth'],
  honestly: ['tbh', 'ngl'],
  what: ['wot', 'wat'],
  minutes: ['mins'],
  week: ['wk'],
}

const KEYS = 'qwertyuiopasdfghjklzxcvbnm'

const SLANG_RE = new RegExp(`(?<![@#/\\w])(${Object.keys(SLANG).join('|')})(?![\\w])`, 'gi')

/** Applies a random amount of noise to a post's text (English slang only when `lang` is `en`). */
export function addNoise(text: string, lang: string, rng: Rng, level = 1): string {
  let out = text
  if (lang === 'en' && rng.chance(0.6 * level)) {
    const p = 0.4 * level
    out = out.replace(SLANG_RE, (m: string) =>
      rng.chance(p) ? rng.pick(SLANG[m.toLowerCase()] as string[]) : m,
    )
  }
  if (rng.chance(0.3 * level)) out = out.replace(/(\w)['’](\w)/g, '$1$2')
  // Typos: about one word in fifty, never inside handles, hashtags or links.
  const typos = rng.poisson(out.length * 0.004 * level)
  for (let k = 0; k < typos; k++) {
    const i = rng.int(out.length)
    const a = out.lastIndexOf(' ', i) + 1
    let b = out.indexOf(' ', i)
    if (b < 0) b = out.length
    // Only the letters of the word: trailing punctuation stays where it is.
    while (b > a && !/\p{L}/u.test(out[b - 1] as string)) b--
    const w = out.slice(a, b)
    if (w.length > 3 && !/[@#/\d]/.test(w)) out = out.slice(0, a) + typo(w, rng) + out.slice(b)
  }
  const r = rng.next()
  if (r < 0.22 * level) out = out.toLowerCase()
  else if (r < 0.25 * level) out = shout(out, rng)
  if (rng.chance(0.08 * level))
    out = out.replace(/[.!?]?$/, rng.pick(['!!', '!!!', '??', '?!', '...', ' !!']))
  if (rng.chance(0.15 * level)) out = out.replace(/[.]$/, '')
  if (rng.chance(0.05 * level))
    out = out.replace(
      /\b(so|really|please|no|sort)\b/i,
      (m) => m + m.slice(-1).repeat(2 + rng.int(3)),
    )
  return out
}

function typo(w: string, rng: Rng): string {
  const i = 1 + rng.int(w.length - 2)
  switch (rng.int(4)) {
    case 0:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)
    case 1:
      return w.slice(0, i) + w.slice(i + 1)
    case 2:
      return w.slice(0, i) + w[i] + w.slice(i)
    default: {
      const k = KEYS.indexOf((w[i] as string).toLowerCase())
      if (k < 0) return w
      return w.slice(0, i) + (KEYS[k + (rng.chance(0.5) ? 1 : -1)] ?? 'e') + w.slice(i + 1)
    }
  }
}

function shout(s: string, rng: Rng): string {
  const words = s.split(' ')
  const i = rng.int(words.length)
  const w = words[i] as string
  if (!/[@#/]/.test(w)) words[i] = w.toUpperCase()
  return words.join(' ')
}
