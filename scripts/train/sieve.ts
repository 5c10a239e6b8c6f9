/**
 * `npm run train`: trains the sieve's text heads from ../shared/data with a fixed seed, writes
 * packages/adapters/models/*.cplm, prints the test figures and writes them to docs/sieve-eval.json.
 * Skips with a message when the shared data folder is absent. `SIEVE_HEADS=sentiment,abuse` trains a subset
 * (heads: sentiment, abuse, relevant, intent, language, rules, service).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDir, REPO_ROOT } from '../../packages/adapters/src/shared-data.ts'
import {
  LinearModel,
  scoresFrom,
  emptyConfusion,
  macroF1,
  positiveF1,
  nbScales,
  scaleExamples,
  unscale,
  type Example,
  type Scores,
  type TrainOptions,
} from '../../packages/adapters/src/sieve/linear/index.ts'
import { postFeatures } from '../../packages/adapters/src/sieve/features.ts'
import {
  readRows,
  sample,
  hashUnit,
  taxonomyRows,
  splitPublicServiceInbound,
  type Row,
} from './sieve-data.ts'
import {
  buildIntentData,
  INTENT_LABELS,
  civicTemplates,
  serviceTweetTemplates,
  unseenAirlineComplaints,
} from './sieve-intent.ts'
import { evaluateLanguage } from './sieve-language.ts'
import { evaluateRules } from './sieve-rules.ts'

const SEED = 20261125
const MODELS = join(REPO_ROOT, 'packages/adapters/models')
const EVAL_JSON = join(REPO_ROOT, 'docs/sieve-eval.json')

type Figures = Record<string, unknown>

function round(x: number): number {
  return Math.round(x * 10000) / 10000
}

function summary(s: Scores): Figures {
  return {
    n: s.n,
    accuracy: round(s.accuracy),
    macroF1: round(s.macroF1),
    macroRecall: round(s.macroRecall),
    perClass: Object.fromEntries(
      s.perClass.map((c) => [
        c.label,
        { p: round(c.precision), r: round(c.recall), f1: round(c.f1), n: c.support },
      ]),
    ),
    confusion: s.confusion,
  }
}

/** Evaluates a model on examples; `map` folds the model's class index into the evaluation's classes. */
function evaluate(
  m: LinearModel,
  data: Example[],
  labels: string[] = m.labels,
  map: (k: number) => number = (k) => k,
): Scores {
  const conf = emptyConfusion(labels.length)
  for (const ex of data) {
    const p = m.predict(ex.f)
    let best = 0
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k
    conf[ex.y]![map(best)]! += 1
  }
  return scoresFrom(conf, labels)
}

function ex(rows: Row[], labelOf: (r: Row) => number | undefined, w = 1): Example[] {
  const out: Example[] = []
  for (const r of rows) {
    const y = labelOf(r)
    if (y === undefined || y < 0) continue
    out.push({ f: postFeatures(r.text), y, w })
  }
  return out
}

/** Class-balances one dataset's examples: each keeps its weight × n / (K · n_class). */
function balanced(data: Example[], K: number): Example[] {
  const n = new Array<number>(K).fill(0)
  for (const e of data) n[e.y] = (n[e.y] as number) + 1
  return data.map((e) => ({ ...e, w: ((e.w ?? 1) * data.length) / (K * (n[e.y] as number)) }))
}

function train(
  name: string,
  labels: string[],
  trainEx: Example[],
  valEx: Example[],
  opts: TrainOptions,
  metric?: (c: number[][]) => number,
  afterTrain?: (m: LinearModel) => void,
): LinearModel {
  const t0 = Date.now()
  const m = LinearModel.train(labels, trainEx, { seed: SEED, ...opts }, name)
  afterTrain?.(m)
  m.fitTemperature(valEx)
  if (metric) m.fitBias(valEx, metric)
  console.log(
    `  ${name}: trained on ${trainEx.length} examples in ${((Date.now() - t0) / 1000).toFixed(1)} s (T=${m.temperature.toFixed(2)}, bias=${Array.from(
      m.calibBias,
    )
      .map((b) => b.toFixed(1))
      .join('/')})`,
  )
  return m
}

function save(m: LinearModel, file: string): number {
  mkdirSync(MODELS, { recursive: true })
  const bytes = m.serialise('int8')
  writeFileSync(join(MODELS, file), bytes)
  return bytes.length
}

const SENT = ['negative', 'neutral', 'positive']

async function main(): Promise<void> {
  const shared = sharedDir()
  if (!shared) {
    console.log(
      'Training skipped: the shared data folder (../shared/data, or CIVICPULSE_SHARED) is not here. The committed models in packages/adapters/models are used as they are.',
    )
    return
  }
  const data = join(shared, 'data')
  const only = process.env['SIEVE_HEADS']?.split(',')
  const want = (h: string): boolean => !only || only.includes(h)
  const figures: Figures = existsSync(EVAL_JSON)
    ? (JSON.parse(readFileSync(EVAL_JSON, 'utf8')) as Figures)
    : {}
  figures['seed'] = SEED
  const t0 = Date.now()

  // ---------------- sentiment ----------------
  if (want('sentiment')) {
    console.log('sentiment')
    const tw = readRows(data, 'tweeteval/sentiment.ndjson')
    const um = readRows(data, 'umsab-xlmt-multilingual-sentiment/umsab.ndjson')
    const air = readRows(data, 'airline-sentiment/airline.ndjson')
    const y = (r: Row): number => SENT.indexOf(String(r['label']))
    // Each dataset is class-balanced on its own (its weight × n / (3 · n_class)) rather than the mixture as a
    // whole: on validation +0.016 TweetEval macro-recall, UMSAB unchanged.
    const trainEx = [
      ...balanced(
        ex(
          tw.filter((r) => r['split'] === 'train'),
          y,
        ),
        SENT.length,
      ),
      ...balanced(
        ex(
          um.filter((r) => r['split'] === 'train'),
          y,
          2,
        ),
        SENT.length,
      ),
      ...balanced(
        ex(
          air.filter((r) => r['split'] === 'train'),
          y,
          0.5,
        ),
        SENT.length,
      ),
    ]
    // UMSAB's English train split is largely TweetEval's validation split: keep only the validation tweets that
    // are not trained on (normalised text), or the temperature would be fitted on training data.
    const norm = (t: string): string =>
      t
        .toLowerCase()
        .replace(/@\w+|http\S+/g, '')
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()
    const umTrain = new Set(um.filter((r) => r['split'] === 'train').map((r) => norm(r.text)))
    const valTw = ex(
      tw.filter((r) => r['split'] === 'val' && !umTrain.has(norm(r.text))),
      y,
    )
    const valUm = ex(
      um.filter((r) => r['split'] === 'val'),
      y,
    )
    // Balanced classes (per dataset, above) target macro-recall (TweetEval's metric); a prior shift fitted on
    // validation over-fitted TweetEval's small validation split, so only the temperature is fitted.
    // NB log-count-ratio scaling (sieve/linear/nbscale.ts): on validation +0.004 TweetEval macro-recall and +0.011
    // UMSAB macro-F1; folded back into the weights, so the shipped model reads the usual features.
    const scales = nbScales(trainEx, SENT.length, 18, 0.5, 0.5)
    const m = train(
      'sentiment',
      SENT,
      scaleExamples(trainEx, scales),
      [...valTw, ...valUm],
      {
        bits: 18,
        epochs: 5,
        lr: 0.05,
        l2: 3e-5,
        average: true,
      },
      undefined,
      (model) => unscale(model, scales),
    )
    const testTw = evaluate(
      m,
      ex(
        tw.filter((r) => r['split'] === 'test'),
        y,
      ),
    )
    const umTest = um.filter((r) => r['split'] === 'test')
    const testUm = evaluate(m, ex(umTest, y))
    const perLang: Figures = {}
    for (const lang of [...new Set(umTest.map((r) => String(r['lang'])))])
      perLang[lang] = round(
        evaluate(
          m,
          ex(
            umTest.filter((r) => r['lang'] === lang),
            y,
          ),
        ).macroF1,
      )
    const airTest = evaluate(
      m,
      ex(
        air.filter((r) => r['split'] === 'test'),
        y,
      ),
    )
    console.log(
      `  tweeteval test macro-recall ${testTw.macroRecall.toFixed(4)} (macro-F1 ${testTw.macroF1.toFixed(4)}); umsab test macro-F1 ${testUm.macroF1.toFixed(4)}; airline test macro-F1 ${airTest.macroF1.toFixed(4)}`,
    )
    const bytes = save(m, 'sentiment.cplm')
    figures['sentiment'] = {
      tweeteval_test: summary(testTw),
      umsab_test: { ...summary(testUm), perLanguageMacroF1: perLang },
      airline_test: summary(airTest),
      modelBytes: bytes,
    }
  }

  // ---------------- abuse: offensive + hate ----------------
  if (want('abuse')) {
    console.log('abuse')
    const off = readRows(data, 'tweeteval/offensive.ndjson')
    const hate = readRows(data, 'tweeteval/hate.ndjson')
    const yo = (r: Row): number => (r['label'] === 'offensive' ? 1 : 0)
    const yh = (r: Row): number => (r['label'] === 'hate' ? 1 : 0)
    // Civic reports are (almost always) not abusive: without them, 34% of FixMyStreet reports came out as
    // abusive. Reports before 2025, Boston 311 and the taxonomy's examples join the "not" class (weight 0.5).
    const fmsAll = readRows(data, 'fms-lewisham/lewisham_fms_reports.ndjson')
    const civicOk = [
      ...sample(
        fmsAll.filter((r) => String(r['datetime']) < '2025'),
        3000,
        'abuse',
      ),
      ...sample(
        readRows(data, 'boston-311-descriptions/boston_311_descriptions.ndjson').filter(
          (r) => hashUnit(String(r['id'])) < 0.8,
        ),
        1000,
        'abuse',
      ),
      ...taxonomyRows(),
    ]
    const civicHeld = sample(
      fmsAll.filter((r) => String(r['datetime']) >= '2025'),
      2000,
      'abuse-t',
    )
    const abuseOpts: TrainOptions = {
      bits: 18,
      epochs: 5,
      lr: 0.05,
      l2: 3e-5,
      classWeights: 'balanced',
      average: true,
    }
    const split = (rows: Row[], name: string): Row[] => rows.filter((r) => r['split'] === name)
    const mo = train(
      'offensive',
      ['not-offensive', 'offensive'],
      [...ex(split(off, 'train'), yo), ...ex(civicOk, () => 0, 0.5)],
      ex(split(off, 'val'), yo),
      abuseOpts,
      macroF1,
    )
    const mh = train(
      'hate',
      ['not-hate', 'hate'],
      [...ex(split(hate, 'train'), yh), ...ex(civicOk, () => 0, 0.5)],
      ex(split(hate, 'val'), yh),
      abuseOpts,
      macroF1,
    )
    const so = evaluate(mo, ex(split(off, 'test'), yo))
    const sh = evaluate(mh, ex(split(hate, 'test'), yh))
    const civicFlagged =
      ex(civicHeld, () => 0).filter((e) => (mo.predict(e.f)[1] as number) >= 0.5).length /
      Math.max(1, civicHeld.length)
    console.log(
      `  tweeteval offensive test macro-F1 ${so.macroF1.toFixed(4)}; hate test macro-F1 ${sh.macroF1.toFixed(4)}; offensive on held-out FixMyStreet 2025-26 reports ${(civicFlagged * 100).toFixed(1)}%`,
    )
    figures['abuse'] = {
      offensive_test: summary(so),
      hate_test: summary(sh),
      civicReportsFlaggedOffensive: round(civicFlagged),
      modelBytes: save(mo, 'offensive.cplm') + save(mh, 'hate.cplm'),
    }
  }

  // ---------------- relevant ----------------
  if (want('relevant')) {
    console.log('relevant')
    const dsm = readRows(data, 'disasters-on-social-media/dsm.ndjson').filter(
      (r) => r['label'] !== 'cant_decide',
    )
    const fms = readRows(data, 'fms-lewisham/lewisham_fms_reports.ndjson')
    const bos = readRows(data, 'boston-311-descriptions/boston_311_descriptions.ndjson')
    const blr = readRows(data, 'civic-issues-bengaluru/civic_issues.ndjson')
    const drm = readRows(data, 'disaster-response-messages/disaster_response.ndjson').filter(
      (r) => r['label'] !== 'unsure',
    )
    const tw = readRows(data, 'tweeteval/sentiment.ndjson')
    // Inbound customer-support tweets: those to rail operators and TfL are real tweet-style posts about a public
    // service (positives, ×2; DSM val F1 +0.003 averaged over three seeds); the rest (shops, phones, airlines…)
    // are negatives.
    const twcs = splitPublicServiceInbound(
      readRows(data, 'customer-support-twitter-sample/twcs_all_tweets.ndjson'),
    )
    const fmsTrain = fms.filter((r) => String(r['datetime']) < '2025')
    const fmsTest = fms.filter((r) => String(r['datetime']) >= '2025')
    const bosTrain = bos.filter((r) => hashUnit(String(r['id'])) < 0.8)
    const bosTest = bos.filter((r) => hashUnit(String(r['id'])) >= 0.9)
    const pos = (rows: Row[], w = 1): Example[] => ex(rows, () => 1, w)
    const neg = (rows: Row[], w = 1): Example[] => ex(rows, () => 0, w)
    const yd = (r: Row): number =>
      r['label'] === 'relevant' || r['label'] === 'related' || r['civic_issue'] === true ? 1 : 0
    const trainEx = [
      ...pos(sample(fmsTrain, 6000, 'rel')),
      ...pos(sample(bosTrain, 4000, 'rel')),
      ...ex(
        blr.filter((r) => r['split'] === 'train'),
        yd,
        0.5,
      ),
      ...ex(
        drm.filter((r) => r['split'] === 'val'),
        yd,
      ),
      ...ex(
        dsm.filter((r) => r['split'] === 'train'),
        yd,
        2,
      ),
      ...neg(
        sample(
          tw.filter((r) => r['split'] === 'train'),
          12000,
          'rel',
        ),
      ),
      ...neg(sample(twcs.other, 2000, 'rel')),
      ...pos(twcs.publicService, 2),
      // Taxonomy example phrasings (every language) are the product's own meaning of "relevant".
      ...pos(taxonomyRows(), 2),
      // Tweet-style civic templates (our own phrasing), so that style alone does not decide relevance.
      ...pos(
        [...civicTemplates().map((t) => t.text), ...serviceTweetTemplates()].map((text, i) => ({
          id: `tpl${i}`,
          text,
        })),
        1,
      ),
    ]
    const valEx = ex(
      dsm.filter((r) => r['split'] === 'val'),
      yd,
    )
    const m = train(
      'relevant',
      ['not-relevant', 'relevant'],
      trainEx,
      valEx,
      { bits: 18, epochs: 5, lr: 0.1, l2: 1e-5, average: true },
      positiveF1,
    )
    const sd = evaluate(
      m,
      ex(
        dsm.filter((r) => r['split'] === 'test'),
        yd,
      ),
    )
    const civicTest = evaluate(m, [
      ...pos(sample(fmsTest, 1000, 'relt')),
      ...pos(sample(bosTest, 1000, 'relt')),
      ...ex(
        blr.filter((r) => r['split'] === 'test'),
        yd,
      ),
      ...neg(
        sample(
          tw.filter((r) => r['split'] === 'test'),
          2000,
          'relt',
        ),
      ),
    ])
    const drmTest = evaluate(
      m,
      ex(
        drm.filter((r) => r['split'] === 'test'),
        yd,
      ),
    )
    console.log(
      `  dsm test F1(relevant) ${sd.perClass[1]!.f1.toFixed(4)}; civic held-out F1 ${civicTest.perClass[1]!.f1.toFixed(4)}; disaster-response test F1 ${drmTest.perClass[1]!.f1.toFixed(4)}`,
    )
    figures['relevant'] = {
      dsm_test: summary(sd),
      civic_heldout: summary(civicTest),
      disaster_response_test: summary(drmTest),
      modelBytes: save(m, 'relevant.cplm'),
    }
  }

  // ---------------- intent ----------------
  if (want('intent')) {
    console.log('intent')
    const d = buildIntentData(data, postFeatures)
    // No prior shift: the weak validation mix is not the product's mix (balanced class weights instead).
    const m = train('intent', [...INTENT_LABELS], d.train, d.val, {
      bits: 18,
      epochs: 5,
      lr: 0.1,
      l2: 1e-5,
      classWeights: 'balanced',
      average: true,
    })
    const held = evaluate(m, d.test)
    const hand = evaluate(m, d.hand)
    console.log(
      `  weakly-labelled held-out macro-F1 ${held.macroF1.toFixed(4)}; hand-written set macro-F1 ${hand.macroF1.toFixed(4)} (accuracy ${hand.accuracy.toFixed(4)}, n=${hand.n})`,
    )
    // Real complaint tweets never trained on: complaint precision and recall of the head alone.
    const cmp = INTENT_LABELS.indexOf('complaint')
    let tp = 0
    let fp = 0
    let fn = 0
    const unseen = unseenAirlineComplaints(data)
    for (const u of unseen) {
      const said = m.top(postFeatures(u.text)).index === cmp
      if (said && u.complaint) tp++
      else if (said) fp++
      else if (u.complaint) fn++
    }
    const airline = {
      n: unseen.length,
      complaints: tp + fn,
      precision: round(tp / Math.max(1, tp + fp)),
      recall: round(tp / Math.max(1, tp + fn)),
      f1: round((2 * tp) / Math.max(1, 2 * tp + fp + fn)),
    }
    console.log(
      `  complaint on ${airline.n} never-seen airline tweets: precision ${airline.precision}, recall ${airline.recall}`,
    )
    figures['intent'] = {
      weak_heldout: summary(held),
      handwritten: summary(hand),
      airline_unseen_complaint: airline,
      sources: d.sources,
      modelBytes: save(m, 'intent.cplm'),
    }
  }

  // ---------------- language ----------------
  if (want('language')) {
    console.log('language')
    const r = await evaluateLanguage(data, postFeatures, SEED)
    save(r.model, 'language.cplm')
    figures['language'] = r.figures
  }

  // ---------------- spam + urgency (rules) ----------------
  if (want('rules')) {
    console.log('spam and urgency (rules)')
    figures['rules'] = evaluateRules(data)
  }

  // ---------------- service (the other half of the sieve: scripts/train/service.ts) ----------------
  if (want('service') && existsSync(join(import.meta.dirname, 'service.ts'))) {
    console.log('service (scripts/train/service.ts; figures in docs/service-eval.json)')
    const mod = (await import('./service.ts')) as {
      trainService?: (o: { write?: boolean; log?: (s: string) => void }) => Promise<unknown>
    }
    if (mod.trainService)
      await mod.trainService({ write: true, log: (line) => console.log(`  ${line}`) })
  }

  figures['trainSeconds'] = Math.round((Date.now() - t0) / 1000)
  mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true })
  writeFileSync(EVAL_JSON, JSON.stringify(figures, null, 1) + '\n')
  console.log(`wrote ${EVAL_JSON} (${figures['trainSeconds']} s)`)
}

await main()
