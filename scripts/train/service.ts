/**
 * Trains the service classifier (packages/adapters/models/service.cplm) and measures it.
 *
 * Data: FixMyStreet Lewisham reports from ../shared (council category → taxonomy service through the
 * taxonomy's `categories`), with a TIME split: reports up to 2023 train, 2024 calibrates (temperature),
 * 2025–26 test; the shipped model is then retrained on everything up to 2024 with the same settings.
 * The taxonomy's keywords and example phrasings (all languages) are added as training data so that
 * services without reports (council tax, benefits, schools…) are reachable from social-media posts.
 * Out-of-domain checks: Boston 311 and the Bengaluru (Naagarik) civic reports, mapped to our services.
 * Deterministic (fixed seed). Writes docs/service-eval.json and prints the figures.
 *
 * Run alone: `npx tsx scripts/train/service.ts` (the sieve's `npm run train` calls `trainService()`).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT, sharedData } from '../../packages/adapters/src/shared-data.js'
import {
  LinearModel,
  featurise,
  type Example,
  type Scores,
} from '../../packages/adapters/src/sieve/linear/index.js'
import { loadTaxonomy, type Taxonomy } from '../../packages/adapters/src/sieve/taxonomy/index.js'
import {
  ServiceKeywords,
  makeServiceClassifier,
} from '../../packages/adapters/src/sieve/service/index.js'
import { loadJurisdiction } from '../../packages/adapters/src/sieve/places/jurisdiction.js'
import { scoreServices, scoreShef } from '../../packages/adapters/src/sieve/service/eval.js'

/** Where the model and the figures go. */
export const SERVICE_MODEL_OUT = join(REPO_ROOT, 'packages/adapters/models/service.cplm')
export const SERVICE_EVAL_OUT = join(REPO_ROOT, 'docs/service-eval.json')

/** Training settings (fixed; the seed makes runs identical). */
export const SERVICE_TRAIN = {
  bits: 16,
  epochs: 5,
  lr: 0.4,
  l2: 1e-7,
  seed: 20261125,
  average: true,
} as const
/** Weight of one taxonomy keyword/example relative to one report. */
const SYNTH_WEIGHT = 1.5
/** Class-weight exponent: weight ∝ (n_max / n)^alpha (0 = none, 1 = balanced). */
const CLASS_ALPHA = 0.5
/** Report-like framed copies of each taxonomy text. */
const FRAMED_COPIES = 2

interface FmsRow {
  id: string
  text: string
  label: string
  datetime: string
  shef_b?: string
  shef_c?: string
}

function readNdjson<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T)
}

const EN_TEMPLATES = [
  '{k}',
  '{k} on our road',
  'problem with {k} again',
  '@council {k} please sort it out',
  'who do I contact about {k}?',
]

const REPORT_FRAMES = [
  '{x} on {s}',
  '{s}\n{x}',
  '{x} outside number 14 {s}',
  '{x} near the junction of {s}',
  '{x}. Reported before, still not fixed',
  'Outside the shops on {s}. {x}',
  '{x}',
]

/**
 * Each taxonomy text plus `copies` variants framed like real reports (a street name from the jurisdiction
 * pack, an address, a follow-up sentence), so short phrasings also work inside longer posts.
 */
export function framedExamples(
  base: { text: string; code: string }[],
  streets: string[],
  copies = 2,
): { text: string; code: string }[] {
  let si = 0
  const out: { text: string; code: string }[] = []
  base.forEach((e, i) => {
    out.push(e)
    for (let j = 1; j <= copies; j++) {
      const frame = REPORT_FRAMES[(i + j) % REPORT_FRAMES.length]!
      const street = streets.length ? streets[(si++ * 7919) % streets.length]! : 'the high street'
      out.push({ text: frame.replace('{x}', e.text).replace('{s}', street), code: e.code })
    }
  })
  return out
}

/** Training texts made from the taxonomy: every example phrasing, every keyword alone and (English) in a few frames. */
export function taxonomyExamples(t: Taxonomy): { text: string; code: string }[] {
  const out: { text: string; code: string }[] = []
  for (const s of t.services) {
    for (const list of Object.values(s.examples))
      for (const e of list) out.push({ text: e, code: s.code })
    for (const [lang, list] of Object.entries(s.keywords)) {
      for (const k of list) {
        if (lang === 'en')
          for (const tpl of EN_TEMPLATES) out.push({ text: tpl.replace('{k}', k), code: s.code })
        else out.push({ text: k, code: s.code })
      }
    }
    out.push({ text: s.name, code: s.code })
  }
  return out
}

export function classWeights(codes: string[], y: number[]): number[] {
  const n = new Array<number>(codes.length).fill(0)
  for (const k of y) n[k]!++
  const max = Math.max(...n)
  return n.map((c) => (c > 0 ? Math.min(20, (max / c) ** CLASS_ALPHA) : 1))
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000

/** Boston 311 service → our service (Other and the catch-all are left out: not a topic). */
export const BOSTON_MAP: Record<string, string> = {
  'Illegal Parking': 'parking.enforcement',
  'Sidewalk Not Shoveled': 'roads.gritting',
  'Abandoned Vehicle': 'vehicles.abandoned',
}
/** Bengaluru (Naagarik) category → SHEF-B group it corresponds to (Water, Electricity, Traffic/Parking: no UK council equivalent or ambiguous, left out). */
export const BENGALURU_MAP: Record<string, string> = {
  'Waste/Garbage': 'Rubbish',
  Plastic: 'Rubbish',
  Potholes: 'Road Surface Defects',
  Streetlights: 'Street Lights',
  Sewage: 'Drainage',
  Air: 'Environmental Health',
}

/** Figures written to docs/service-eval.json. */
export interface ServiceFigures {
  data: Record<string, number>
  test: {
    shefC: {
      macroF1: number
      top1MacroF1: number
      accuracy: number
      n: number
      perClass: Scores['perClass']
    }
    shefB: {
      macroF1: number
      top1MacroF1: number
      accuracy: number
      n: number
      perClass: Scores['perClass']
    }
    services: { accuracy: number; macroF1: number; n: number; top3: number }
  }
  outOfDomain: {
    boston311: {
      accuracy: number
      macroF1: number
      n: number
      top3: number
      mapping: Record<string, string>
    }
    bengaluru: {
      shefB: { macroF1: number; accuracy: number; n: number }
      mapping: Record<string, string>
    }
  }
  taxonomyReach: { services: number; reachedByOwnExample: number; missed: string[] }
  calibration: { temperature: number }
  model: { file: string; bytes: number; classes: number; bits: number }
  settings: typeof SERVICE_TRAIN & {
    synthWeight: number
    classAlpha: number
    framedCopies: number
    keywordFeatures: boolean
  }
}

/** Trains, evaluates, writes the model and docs/service-eval.json; returns the figures. */
export async function trainService(
  opts: { write?: boolean; log?: (s: string) => void } = {},
): Promise<ServiceFigures> {
  const log = opts.log ?? ((s: string) => console.log(s))
  const write = opts.write ?? true
  const fmsPath = sharedData('fms-lewisham', 'lewisham_fms_reports.ndjson')
  if (!fmsPath)
    throw new Error('../shared/data/fms-lewisham is missing: cannot train the service classifier')
  const taxonomy = loadTaxonomy()
  const codes = taxonomy.services.map((s) => s.code)
  const cix = new Map(codes.map((c, i) => [c, i]))

  const fms = readNdjson<FmsRow>(fmsPath)
  const year = (r: FmsRow): number => Number(r.datetime.slice(0, 4))
  let unmapped = 0
  const kw = new ServiceKeywords(taxonomy)
  const F = (text: string): ReturnType<typeof featurise> => kw.augment(featurise(text))
  const mapped = fms.map((r) => {
    const code = taxonomy.byCategory.get(r.label.trim().toLowerCase())
    if (!code) unmapped++
    return { r, code, f: featurise(r.text) }
  })
  const ex = (rows: typeof mapped): Example[] =>
    rows.filter((m) => m.code).map((m) => ({ f: kw.augment(m.f), y: cix.get(m.code!)! }))
  const trainRows = mapped.filter((m) => year(m.r) <= 2023)
  const valRows = mapped.filter((m) => year(m.r) === 2024)
  const testRows = mapped.filter((m) => year(m.r) >= 2025)
  const streets = loadJurisdiction().streets.map((s) => s.name)
  const synth: Example[] = framedExamples(taxonomyExamples(taxonomy), streets, FRAMED_COPIES).map(
    (s) => ({ f: F(s.text), y: cix.get(s.code)!, w: SYNTH_WEIGHT }),
  )

  const fit = (reports: Example[]): LinearModel => {
    const cw = classWeights(
      codes,
      reports.map((e) => e.y),
    )
    const data = [...reports, ...synth]
    return LinearModel.train(codes, data, { ...SERVICE_TRAIN, classWeights: cw }, 'service')
  }

  log(
    `service: ${fms.length} reports (${unmapped} with a category outside the taxonomy), ${synth.length} taxonomy examples`,
  )
  const dev = fit(ex(trainRows))
  const temperature = dev.fitTemperature(ex(valRows))
  log(`service: dev model trained on ≤2023, temperature ${temperature.toFixed(3)} fitted on 2024`)

  const trained = fit([...ex(trainRows), ...ex(valRows)])
  trained.temperature = temperature
  // Everything below measures the model exactly as shipped (int8 weights).
  const bytes = trained.serialise('int8')
  const finalModel = LinearModel.deserialise(bytes)
  const clf = makeServiceClassifier(finalModel, taxonomy)

  const testC = scoreShef(
    clf,
    testRows.map((m) => ({ f: m.f, gold: m.r.shef_c })),
    'c',
  )
  const testB = scoreShef(
    clf,
    testRows.map((m) => ({ f: m.f, gold: m.r.shef_b })),
    'b',
  )
  const testSvc = scoreServices(
    clf,
    testRows.filter((m) => m.code).map((m) => ({ f: m.f, code: m.code! })),
  )
  log(
    `service: test 2025–26 SHEF-C macro-F1 ${testC.macroF1.toFixed(3)} (top-1 ${testC.top1MacroF1.toFixed(3)}), SHEF-B macro-F1 ${testB.macroF1.toFixed(3)} (top-1 ${testB.top1MacroF1.toFixed(3)}), service accuracy ${testSvc.accuracy}, top-3 ${testSvc.top3}`,
  )

  // Out of domain.
  let boston = { accuracy: 0, macroF1: 0, n: 0, top3: 0 }
  const bosPath = sharedData('boston-311-descriptions', 'boston_311_descriptions.ndjson')
  if (bosPath) {
    const rows = readNdjson<{ text: string; label: string }>(bosPath).filter(
      (r) => BOSTON_MAP[r.label],
    )
    boston = scoreServices(
      clf,
      rows.map((r) => ({ f: featurise(r.text), code: BOSTON_MAP[r.label]! })),
    )
    log(
      `service: Boston 311 (3 mapped services, n=${boston.n}) accuracy ${boston.accuracy}, macro-F1 ${boston.macroF1}`,
    )
  }
  let beng = { macroF1: 0, accuracy: 0, n: 0 }
  const bengPath = sharedData('civic-issues-bengaluru', 'civic_issues.ndjson')
  if (bengPath) {
    const rows = readNdjson<{ id: string; text: string; label: string; split: string }>(
      bengPath,
    ).filter((r) => r.id.startsWith('naagarik-') && r.split === 'test' && BENGALURU_MAP[r.label])
    const s = scoreShef(
      clf,
      rows.map((r) => ({ f: featurise(r.text), gold: BENGALURU_MAP[r.label] })),
      'b',
    )
    beng = { macroF1: r3(s.macroF1), accuracy: r3(s.accuracy), n: rows.length }
    log(
      `service: Bengaluru test (6 categories → SHEF-B, n=${beng.n}) macro-F1 ${beng.macroF1}, accuracy ${beng.accuracy}`,
    )
  }

  // Can every service be reached? Each service's first English example must come out top-1.
  const missed: string[] = []
  for (const s of taxonomy.services) {
    const e = s.examples['en']?.[0]
    if (e && clf.classify(e).code !== s.code) missed.push(s.code)
  }
  log(
    `service: ${taxonomy.services.length - missed.length}/${taxonomy.services.length} services reached by their own first example`,
  )

  if (write) writeFileSync(SERVICE_MODEL_OUT, bytes)
  const pc = (s: Scores['perClass']): Scores['perClass'] =>
    s.map((c) => ({ ...c, precision: r3(c.precision), recall: r3(c.recall), f1: r3(c.f1) }))
  const figures: ServiceFigures = {
    data: {
      reports: fms.length,
      reportsOutsideTaxonomy: unmapped,
      train2021to2023: trainRows.length,
      calibration2024: valRows.length,
      test2025to2026: testRows.length,
      taxonomyExamples: synth.length,
    },
    test: {
      shefC: {
        macroF1: r3(testC.macroF1),
        top1MacroF1: r3(testC.top1MacroF1),
        accuracy: r3(testC.accuracy),
        n: testC.n,
        perClass: pc(testC.perClass),
      },
      shefB: {
        macroF1: r3(testB.macroF1),
        top1MacroF1: r3(testB.top1MacroF1),
        accuracy: r3(testB.accuracy),
        n: testB.n,
        perClass: pc(testB.perClass),
      },
      services: testSvc,
    },
    outOfDomain: {
      boston311: { ...boston, mapping: BOSTON_MAP },
      bengaluru: { shefB: beng, mapping: BENGALURU_MAP },
    },
    taxonomyReach: {
      services: taxonomy.services.length,
      reachedByOwnExample: taxonomy.services.length - missed.length,
      missed,
    },
    calibration: { temperature: r3(temperature) },
    model: {
      file: 'packages/adapters/models/service.cplm',
      bytes: bytes.length,
      classes: codes.length,
      bits: SERVICE_TRAIN.bits,
    },
    settings: {
      ...SERVICE_TRAIN,
      synthWeight: SYNTH_WEIGHT,
      classAlpha: CLASS_ALPHA,
      framedCopies: FRAMED_COPIES,
      keywordFeatures: true,
    },
  }
  if (write) writeFileSync(SERVICE_EVAL_OUT, JSON.stringify(figures, null, 2) + '\n')
  return figures
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now()
  trainService({ write: !process.argv.includes('--dry') })
    .then(() => console.log(`service: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`))
    .catch((e: unknown) => {
      console.error(e)
      process.exit(1)
    })
}
