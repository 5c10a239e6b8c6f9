/**
 * Weak supervision for the intent head (complaint, question, suggestion, praise, information, other). There is
 * no in-domain labelled set, so examples come from what exists, labelled by source and by rules:
 * - complaint: airline tweets with a negative reason; civic reports (FixMyStreet Lewisham before 2025, Boston 311
 *   free text, Bengaluru civic reports); inbound customer-support tweets with negative lexicon and no question.
 * - question: inbound customer-support and airline tweets, and generic tweets, that ask (a `?` with a wh-/auxiliary
 *   opening or a final `?`).
 * - suggestion: any source sentence matching suggestion rules ("it would be great if", "please add", "should …").
 * - praise: positive airline / customer-support / generic tweets that thank or commend.
 * - information: news headlines (disaster-response, genre news), relevant disaster tweets without first person.
 * - other: generic personal tweets (TweetEval, Bengaluru non-civic) matching none of the above.
 * - civic templates (our own phrasing; suggestion, praise, question about bins, benches, lights…; weight 0.5),
 *   always in training, never in the held-out set.
 * Held-out pieces of each source form the weak test set; the hand-written set (fixtures/) is the clean check.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Example, Features } from '../../packages/adapters/src/sieve/linear/index.ts'
import { INTENTS } from '../../packages/core/src/labels/labels.ts'
import {
  isQuestion,
  isSuggestion,
  isPraise,
  isFirstPerson,
} from '../../packages/adapters/src/sieve/heads/rules.ts'
import { afinnScore } from '../../packages/adapters/src/sieve/heads/lexicon.ts'
import { tokenise, normaliseText } from '../../packages/adapters/src/sieve/linear/index.ts'
import { readRows, sample, hashUnit, taxonomyRows, type Row } from './sieve-data.ts'

/** The intent classes, in model order. */
export const INTENT_LABELS = INTENTS

type Intent = (typeof INTENTS)[number]

function lex(text: string): number {
  let s = 0
  for (const t of tokenise(normaliseText(text))) s += afinnScore(t)
  return s
}

/** Builds weakly-labelled train/val/test sets and the hand-written check set. */
export function buildIntentData(
  data: string,
  feats: (t: string) => Features,
  opts: { negativeQuestionsAreComplaints?: boolean } = {},
): {
  train: Example[]
  val: Example[]
  test: Example[]
  hand: Example[]
  sources: Record<string, number>
} {
  const items: { text: string; y: Intent; id: string; w: number; src: string }[] = []
  const add = (r: Row, y: Intent, src: string, w = 1): void => {
    items.push({ text: r.text, y, id: String(r['id'] ?? r.text), w, src })
  }
  // Suggestion and question rules win over source labels (they describe the sentence, not the source).
  // A question from a complaint source that carries negative words ("why is my flight delayed AGAIN?") stays a
  // complaint: real complaint tweets often ask.
  const negQ = opts.negativeQuestionsAreComplaints ?? true
  const ruled = (r: Row, fallback: Intent | undefined, src: string, w = 1): void => {
    if (isSuggestion(r.text)) add(r, 'suggestion', src + ':rule', w)
    else if (isQuestion(r.text) && !(negQ && fallback === 'complaint' && lex(r.text) < 0))
      add(r, 'question', src + ':rule', w)
    else if (fallback) add(r, fallback, src, w)
  }
  const air = readRows(data, 'airline-sentiment/airline.ndjson')
  for (const r of sample(air, 9000, 'int')) {
    if (r['label'] === 'negative' && r['negativereason']) ruled(r, 'complaint', 'airline-negative')
    else if (r['label'] === 'positive')
      ruled(r, isPraise(r.text) ? 'praise' : undefined, 'airline-positive')
    else ruled(r, undefined, 'airline-neutral')
  }
  const twcs = readRows(data, 'customer-support-twitter-sample/twcs_all_tweets.ndjson').filter(
    (r) => r['inbound'] === true,
  )
  for (const r of twcs) {
    const s = lex(r.text)
    ruled(
      r,
      s < 0 ? 'complaint' : isPraise(r.text) && s > 0 ? 'praise' : undefined,
      'customer-support',
    )
  }
  const fms = readRows(data, 'fms-lewisham/lewisham_fms_reports.ndjson').filter(
    (r) => String(r['datetime']) < '2025',
  )
  for (const r of sample(fms, 2500, 'int'))
    ruled(
      { ...r, text: String(r['title'] ?? r.text) + ' ' + String(r['detail'] ?? '') },
      'complaint',
      'fms-lewisham',
      0.7,
    )
  const bos = readRows(data, 'boston-311-descriptions/boston_311_descriptions.ndjson').filter(
    (r) => !r.text.includes('|'),
  )
  for (const r of sample(bos, 1200, 'int')) ruled(r, 'complaint', 'boston-311', 0.7)
  const blr = readRows(data, 'civic-issues-bengaluru/civic_issues.ndjson')
  for (const r of sample(
    blr.filter((x) => x['civic_issue'] === true),
    2500,
    'int',
  ))
    ruled(r, 'complaint', 'bengaluru-civic', 0.7)
  for (const r of sample(
    blr.filter((x) => x['civic_issue'] === false),
    2500,
    'int',
  ))
    ruled(r, isPraise(r.text) ? undefined : 'other', 'bengaluru-noncivic')
  const drm = readRows(data, 'disaster-response-messages/disaster_response.ndjson')
  for (const r of drm) {
    if (r['genre'] === 'news') add(r, 'information', 'disaster-news')
    else if ((r['categories'] as string[] | undefined)?.includes('request'))
      ruled(r, 'complaint', 'disaster-request', 0.5)
  }
  const dsm = readRows(data, 'disasters-on-social-media/dsm.ndjson')
  for (const r of sample(dsm, 6000, 'int')) {
    if (r['label'] === 'relevant' && !isFirstPerson(r.text) && !r.text.includes('?'))
      add(r, 'information', 'dsm-relevant')
    else if (r['label'] === 'not_relevant') ruled(r, 'other', 'dsm-not-relevant')
  }
  const tw = readRows(data, 'tweeteval/sentiment.ndjson').filter((r) => r['split'] === 'train')
  for (const r of sample(tw, 14000, 'int')) {
    if (r['label'] === 'positive' && isPraise(r.text)) ruled(r, 'praise', 'tweeteval-praise')
    else if (r['label'] === 'neutral' && !isFirstPerson(r.text))
      ruled(r, 'information', 'tweeteval-neutral', 0.5)
    else ruled(r, 'other', 'tweeteval-other')
  }
  // The taxonomy's example phrasings: civic reports and questions in several languages.
  for (const r of taxonomyRows())
    ruled(r, isPraise(r.text) ? 'praise' : 'complaint', 'taxonomy-examples', 0.7)
  // Civic templates (our own phrasing) so that suggestions, praise and questions about public services exist
  // in the training data at all; weight 0.5.
  for (const t of civicTemplates())
    add({ text: t.text, id: 'tpl:' + t.text }, t.y, 'civic-template', 0.5)
  const sources: Record<string, number> = {}
  for (const it of items) sources[`${it.src}→${it.y}`] = (sources[`${it.src}→${it.y}`] ?? 0) + 1
  const train: Example[] = []
  const val: Example[] = []
  const test: Example[] = []
  for (const it of items) {
    const u = hashUnit('intent:' + it.id)
    const e: Example = { f: feats(it.text), y: INTENTS.indexOf(it.y), w: it.w }
    if (u < 0.8 || it.src === 'civic-template')
      train.push(e) // templates never count as held-out evidence
    else if (u < 0.9) val.push(e)
    else test.push(e)
  }
  const hand = readFileSync(join(import.meta.dirname, 'fixtures/intent-handwritten.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; label: Intent })
    .map((h) => ({ f: feats(h.text), y: INTENTS.indexOf(h.label) }))
  return { train, val, test, hand, sources }
}

/** Generated civic posts for the classes the sources barely have (suggestion, praise, civic questions). */
export function civicTemplates(): { text: string; y: Intent }[] {
  const things = [
    'bins',
    'benches',
    'trees',
    'street lights',
    'cycle racks',
    'recycling points',
    'crossings',
    'bus shelters',
    'public toilets',
    'water fountains',
    'dog bins',
    'speed bumps',
    'planters',
    'EV chargers',
    'litter pickers',
    'parking bays',
    'bike lanes',
    'play areas',
    'library hours',
    'youth clubs',
  ]
  const places = [
    'the park',
    'the high street',
    'our road',
    'the estate',
    'the station',
    'the market',
    'the river path',
    'the school',
    'the town centre',
    'the common',
  ]
  const sugg = [
    (x: string, p: string) => `it would be great to have more ${x} near ${p}`,
    (x: string, p: string) => `please can the council think about adding ${x} by ${p}`,
    (x: string, p: string) => `we really need more ${x} around ${p}`,
    (x: string, p: string) => `idea: put some ${x} at ${p}`,
    (x: string, p: string) => `why not install ${x} outside ${p}?`,
    (x: string, p: string) => `could you look at putting ${x} in ${p}`,
    (x: string, p: string) => `${p} could really do with some ${x}`,
    (x: string, p: string) => `would love it if there were ${x} at ${p}`,
    (x: string, p: string) => `my suggestion for ${p}: more ${x}`,
    (x: string, p: string) => `the council ought to consider ${x} for ${p}`,
  ]
  const praise = [
    (x: string, p: string) => `thank you for the new ${x} at ${p}, they look great`,
    (x: string, p: string) => `really pleased with the ${x} at ${p}, nice work council`,
    (x: string, p: string) => `the ${x} by ${p} have made such a difference, thanks`,
    (x: string, p: string) => `credit where it's due, ${p} looks brilliant with the new ${x}`,
    (x: string, p: string) => `so happy to see ${x} fixed at ${p} so fast, well done`,
  ]
  const question = [
    (x: string, p: string) => `when are the ${x} at ${p} going to be fixed?`,
    (x: string, p: string) => `who is responsible for the ${x} near ${p}?`,
    (x: string, p: string) => `is anyone dealing with the ${x} at ${p}?`,
    (x: string, p: string) => `how do I report broken ${x} at ${p}`,
    (x: string, p: string) => `does the council plan to replace the ${x} at ${p}?`,
  ]
  const out: { text: string; y: Intent }[] = []
  things.forEach((x, i) => {
    places.forEach((p, j) => {
      out.push({ text: sugg[(i + j) % sugg.length]!(x, p), y: 'suggestion' })
      if ((i + j) % 2 === 0)
        out.push({ text: praise[(i * 3 + j) % praise.length]!(x, p), y: 'praise' })
      if ((i + j) % 2 === 1)
        out.push({ text: question[(i + 2 * j) % question.length]!(x, p), y: 'question' })
    })
  })
  return out
}

/**
 * Tweet-style posts about public services (our own phrasing) for the relevance head, whose other positives are
 * mostly report-style texts: transport, council services, housing, schools, libraries, with @mentions and slang.
 */
export function serviceTweetTemplates(): string[] {
  const subjects = [
    'the 47 bus',
    'the 185',
    'the overground',
    'the train to London Bridge',
    'the bin lorry',
    'the recycling collection',
    'the council tax office',
    'the housing repairs line',
    'the library',
    'the leisure centre',
    'the school admissions team',
    'the parking permit website',
    'the street cleaners',
    'the planning portal',
    'the benefits team',
    'the council website',
    'the lift in our block',
    'the community centre',
    'the GP surgery',
    'the food bank',
  ]
  const frames = [
    (x: string) => `${x} is a joke again today`,
    (x: string) => `@council ${x} let us down again`,
    (x: string) => `anyone know what is going on with ${x}?`,
    (x: string) => `${x} cancelled again, how are people meant to cope`,
    (x: string) => `shout out to ${x}, sorted in a day`,
    (x: string) => `been waiting two weeks for ${x} to get back to me`,
    (x: string) => `I wish ${x} would open longer hours`,
    (x: string) => `is ${x} running normally this week?`,
    (x: string) => `${x} still not sorted, third time I've chased`,
    (x: string) => `honestly ${x} has been great lately`,
  ]
  const out: string[] = []
  subjects.forEach((x, i) =>
    frames.forEach((f, j) => {
      if ((i + j) % 2 === 0) out.push(f(x))
    }),
  )
  return out
}

/**
 * Airline tweets the intent head never saw (outside its 9,000-tweet sample, or in the held-out slice), with the
 * dataset's own judgement of a complaint: a negative tweet with a negative reason. The check on real complaint
 * tweets.
 */
export function unseenAirlineComplaints(data: string): { text: string; complaint: boolean }[] {
  const air = readRows(data, 'airline-sentiment/airline.ndjson')
  const seen = new Set(sample(air, 9000, 'int').map((r) => String(r['id'])))
  return air
    .filter((r) => !seen.has(String(r['id'])) || hashUnit('intent:' + String(r['id'])) >= 0.9)
    .map((r) => ({ text: r.text, complaint: r['label'] === 'negative' && !!r['negativereason'] }))
}
