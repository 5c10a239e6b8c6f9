/**
 * Rules of the sieve: intent cues (question, suggestion, praise, first person) used to build weak training
 * labels, the spam scorer (promotional, bot-like, scam) and the urgency scorer with its flags (risk to life,
 * safety, vulnerable person, outage). Plain regular expressions over lower-cased text, so they are cheap and
 * easy to read and extend.
 */
import type { UrgencyFlag } from '@civicpulse/core'

const Q_OPEN =
  /^(?:@\w+\s+)*(?:who|what|when|where|why|how|which|whose|is|are|was|were|do|does|did|can|could|will|would|should|has|have|any ?one|anybody|any idea)\b/i
const Q_PHRASE =
  /\b(?:does anyone know|do you know|can (?:someone|anyone|you) tell|any (?:idea|news|update)s?\b|how (?:do|can|long|much)|when (?:will|is|does|are)|where (?:can|do|is))/i

const COMPLAINT_CUE =
  /\b(?:not|never|still|again|yet again|no ?one|nobody|nothing|useless|joke|disgrace(?:ful)?|ridiculous|appalling|pathetic|shocking|terrible|awful|disgusting|fed up|sick of|waiting|weeks|months|broken|cancelled|delayed|ignored|rubbish service)\b|n't\b|🙄|😡|😠|🤬|😤|👎/i

/** True when a post carries complaint cues (negation, "still", "again", "useless", angry emoji, …). */
export function hasComplaintCue(text: string): boolean {
  return COMPLAINT_CUE.test(text)
}

const RHETORICAL =
  /^(?:@\w+\s+)*(?:why|how come|what is the point|seriously)\b|\bwhy (?:do|does|did|is|are|has|have|can't|won't)\b[^?]*\b(?:not|never|still|again|pay)\b/i

/**
 * True when a post asks something (a `?` with a question opening, a question phrase, or ending in `?`), except
 * rhetorical complaints ("why has my bin still not been emptied?").
 */
export function isQuestion(text: string): boolean {
  const t = text.trim()
  if (RHETORICAL.test(t) && COMPLAINT_CUE.test(t)) return false
  if (!t.includes('?')) return Q_PHRASE.test(t) && t.length < 200 && /\b(know|tell)\b/i.test(t)
  return /\?\s*(?:[#@]\S+\s*)*$/.test(t) || Q_OPEN.test(t) || Q_PHRASE.test(t)
}

const SUGGEST =
  /\b(?:it would be (?:great|nice|good|better|helpful|lovely)(?: if)?|would be (?:great|nice|good|helpful) (?:if|to)|(?:please|pls|kindly) (?:consider|add|install|put|provide|introduce|make|bring|open|create)|(?:i|we) (?:suggest|propose|recommend)|suggestion:?|why (?:not|don't (?:you|they|we))|how about|what about (?:adding|putting|a\b)|(?:could|can) (?:you|the council|they|we) (?:please )?(?:add|install|put|provide|introduce|consider|create|make)|(?:should|ought to) (?:add|install|introduce|provide|plant|build|put|open|consider|have more)|(?:i'?d|we'?d) (?:love|like) to see|(?:needs?|need) more (?:bins|benches|trees|lights|crossings|parking|buses|staff)|i wish (?:the council|they|you|someone|there (?:was|were)) would|i wish there (?:was|were)|would be (?:good|better|nice) if|(?:could|can) we (?:have|get))\b/i

/** True when a post proposes something ("it would be great if…", "please add…", "why not…"). */
export function isSuggestion(text: string): boolean {
  return SUGGEST.test(text)
}

const PRAISE =
  /\b(?:thanks?(?: you| u)?|thank ?you|thx|ty|cheers|well done|great (?:job|work|service|team)|good (?:job|work|service)|brilliant|fantastic|amazing (?:job|work|service|staff|team)|kudos|shout ?out|impressed|appreciate(?:d)?|grateful|hats off|props to|love (?:the|this|that|how|our)|excellent|(?:lovely|great|nice|good|so good) to see|(?:really )?pleased (?:with|to see)|delighted)\b/i
const NOT_PRAISE = /\b(?:thanks for nothing|no thanks|thanks a lot for nothing)\b/i

/** True when a post thanks or commends someone, without complaint cues (so "thanks for nothing 🙄" is not praise). */
export function isPraise(text: string): boolean {
  return PRAISE.test(text) && !NOT_PRAISE.test(text) && !COMPLAINT_CUE.test(text)
}

/** True when a post speaks in the first or second person (so it is not a neutral news line). */
export function isFirstPerson(text: string): boolean {
  return /\b(?:i|i'm|im|i've|my|me|we|our|us|you|your|u)\b/i.test(text)
}

// ---------------- spam ----------------

const SPAM_STRONG =
  /\b(?:free (?:gift|iphone|money|followers|trial)|click (?:here|the link|link in bio)|dm (?:me|us) (?:for|to)|promo ?code|discount code|use code \w+|limited (?:time )?offer|act now|winner|you(?:'ve| have) won|claim (?:your|now)|giveaway|earn \$?\d+|make money|work from home|crypto|bitcoin|btc|forex|nft|airdrop|investment opportunity|guaranteed (?:returns|profit)|follow (?:me|back|for follow)|f4f|follow4follow|100% free|buy now|order now|shop now|sale ends|% off|cheap (?:followers|likes)|loan approved|casino|betting tips|onlyfans|sugar daddy|whatsapp (?:me|\+?\d))\b/gi
const SPAM_WEAK =
  /\b(?:subscribe|check out my|new video|link in bio|visit (?:our|my) (?:site|website|shop)|sign up|register now|book now|don't miss|exclusive|offer|deal|sale)\b/gi

function count(re: RegExp, text: string): number {
  re.lastIndex = 0
  let n = 0
  while (re.exec(text)) n++
  return n
}

/** Spam evidence in a post: a score (logit) from rules; about −4 for an ordinary post. */
export function spamScore(text: string): number {
  let s = -4
  const strong = SPAM_STRONG.test(text) ? count(SPAM_STRONG, text) : 0
  SPAM_STRONG.lastIndex = 0
  const weak = SPAM_WEAK.test(text) ? count(SPAM_WEAK, text) : 0
  SPAM_WEAK.lastIndex = 0
  s += 2.5 * Math.min(strong, 3) + 0.8 * Math.min(weak, 3)
  // One pass for URLs, hashtags, mentions, capitals and long runs of one character.
  let urls = 0
  let tags = 0
  let mentions = 0
  let letters = 0
  let caps = 0
  let run = 0
  let longRun = false
  let money = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (i > 0 && c === text.charCodeAt(i - 1)) {
      if (++run >= 5) longRun = true
    } else run = 0
    if (c >= 65 && c <= 90) {
      letters++
      caps++
    } else if (c >= 97 && c <= 122) {
      letters++
      if (
        (c === 104 &&
          text.startsWith('http', i) &&
          (text.startsWith('://', i + 4) || text.startsWith('s://', i + 4))) ||
        (c === 119 && text.startsWith('www.', i))
      )
        urls++
    } else if (c === 35 || c === 64) {
      const n = text.charCodeAt(i + 1)
      if ((n >= 48 && n <= 57) || (n >= 65 && n <= 90) || (n >= 97 && n <= 122) || n === 95) {
        if (c === 35) tags++
        else mentions++
      }
    } else if ((c === 36 || c === 163 || c === 8364) && i + 1 < text.length) {
      const n = text.charCodeAt(i + 1) === 32 ? text.charCodeAt(i + 2) : text.charCodeAt(i + 1)
      if (n >= 48 && n <= 57) money = true
    }
  }
  if (urls >= 2) s += 0.8
  if (urls >= 1 && (strong > 0 || weak > 0)) s += 0.8
  if (tags >= 5) s += 1.2 + 0.2 * Math.min(tags - 5, 5)
  if (mentions >= 5) s += 1
  if (money && (strong > 0 || weak > 0)) s += 0.8
  if (longRun) s += 0.3
  if (letters > 20 && caps / letters > 0.7) s += 0.6
  return s
}

// ---------------- urgency ----------------

const FLAG_RULES: [UrgencyFlag, RegExp][] = [
  [
    'risk_to_life',
    /\b(?:fire|on fire|blaze|smoke (?:pouring|everywhere)|gas (?:leak|smell)|smell(?:s|ing)? (?:of )?gas|carbon monoxide|explosion|collaps(?:e|ed|ing)|trapped|drown(?:ing|ed)?|unconscious|not breathing|cardiac|heart attack|overdose|suicid(?:e|al)|kill (?:my|him|her)self|stabb(?:ed|ing)|shooting|shot|gun|knife|bleeding|dying|dead body|died|death|fatal|life[- ]threatening|ambulance|999|emergency services|sos|rescue|help us|swept away)\b/i,
  ],
  [
    'safety',
    /\b(?:danger(?:ous)?|hazard(?:ous)?|unsafe|exposed (?:wire|wiring|cable)s?|live (?:wire|cable)|sparking|electric shock|open (?:manhole|drain)|missing (?:manhole|drain) cover|sinkhole|subsidence|falling (?:tree|branch|masonry)|fallen (?:tree|branch|cable|wire)|tree (?:down|fell)|broken glass|needles?|syringes?|asbestos|flood(?:ing|ed|s)?|burst (?:main|pipe)|black ice|icy|slippery|crash(?:ed)?|collision|accident|hit and run|speeding|assault(?:ed)?|attack(?:ed)?|violen(?:t|ce)|threaten(?:ed|ing)|unsafe building|structural damage|crack(?:s|ed)? in (?:the )?wall|loose (?:slab|paving|railing)|trip hazard|blind corner|no street ?lights?|pitch black)\b/i,
  ],
  [
    'vulnerable_person',
    /\b(?:elderly|old (?:lady|man|woman|people|person)|pensioner|disabled|disability|wheelchair|blind (?:man|woman|person)|deaf|pregnant|baby|babies|infant|toddler|newborn|child(?:ren)?|kids?|vulnerable|carer|dementia|alzheimer|mental health|homeless|rough sleep(?:er|ing)|sleeping rough|refugee|asylum|care home|oxygen|dialysis|medication|bed[- ]?bound|housebound|special needs|autistic|frail)\b/i,
  ],
  [
    'outage',
    /\b(?:no (?:water|power|electricity|heating|hot water|gas|internet|phone|signal)|without (?:water|power|electricity|heating|hot water)|power (?:cut|outage|failure)|blackout|outage|lights? (?:are |is )?out|water (?:off|cut|supply)|low water pressure|heating (?:broken|not working|off)|boiler (?:broken|not working|down)|lifts? (?:broken|not working|out of (?:order|service))|(?:system|website|site|app|portal|phone line|line)s? (?:is |are )?(?:down|not working|crashed|offline)|service (?:down|suspended|disruption)|not been collected|no (?:bin|rubbish) collection|no buses|trains? cancelled|road closed)\b/i,
  ],
]
const INTENSE =
  /\b(?:urgent(?:ly)?|asap|emergency|immediately|right now|now!|help!|please help|critical|serious(?:ly)?|desperate|days? (?:without|with no)|weeks? (?:without|with no))\b/i

/**
 * Services of the taxonomy whose reports are urgent by nature: a logit boost (scaled by the service probability)
 * and the flag they imply when the service is likely (p ≥ 0.5). Matched on the service code or its parent.
 */
export const SERVICE_URGENCY: Record<string, { boost: number; flag?: UrgencyFlag }> = {
  'env-health.dangerous-structures': { boost: 1.8, flag: 'safety' },
  'drainage.flooding': { boost: 1.5, flag: 'safety' },
  'drainage.manholes': { boost: 1.2, flag: 'safety' },
  'roads.safety': { boost: 1.2, flag: 'safety' },
  'roads.traffic-signals': { boost: 1, flag: 'safety' },
  'cleaning.syringes': { boost: 1.2, flag: 'safety' },
  'waste.hazardous': { boost: 1.2, flag: 'safety' },
  'housing.homelessness': { boost: 1.2, flag: 'vulnerable_person' },
  'social-care': { boost: 1, flag: 'vulnerable_person' },
  'housing.repairs': { boost: 0.4 },
  'lighting.street-lights': { boost: 0.3 },
}

/**
 * Urgency of a post (0..1) and the flags it raises, from rules; `negativity` (0..1) nudges the score, and the
 * post's service (code and probability), when given, adds the boost of `SERVICE_URGENCY`.
 */
export function urgencyOf(
  text: string,
  negativity = 0,
  service?: { code: string; p: number },
): { score: number; flags: UrgencyFlag[] } {
  const flags: UrgencyFlag[] = []
  for (const [flag, re] of FLAG_RULES) if (re.test(text)) flags.push(flag)
  let z = -3 + 1.2 * negativity
  if (service) {
    const rule =
      SERVICE_URGENCY[service.code] ?? SERVICE_URGENCY[service.code.split('.')[0] as string]
    if (rule) {
      z += rule.boost * service.p
      if (rule.flag && service.p >= 0.5 && !flags.includes(rule.flag)) flags.push(rule.flag)
    }
  }
  if (flags.includes('risk_to_life')) z += 3
  if (flags.includes('safety')) z += 1.8
  if (flags.includes('vulnerable_person')) z += 1.2
  if (flags.includes('outage')) z += 1.5
  if (INTENSE.test(text)) z += 1.2
  if (/!{2,}/.test(text)) z += 0.3
  return { score: Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000, flags }
}
