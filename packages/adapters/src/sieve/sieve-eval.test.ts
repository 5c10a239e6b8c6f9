/**
 * The sieve's acceptance figures measured through the labeller itself (the committed Int8 models, fused
 * inference, language combination) on the shared test splits. Skips when ../shared/data is absent. The
 * hand-written intent and spam sets (the project's own texts) run always.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT, sharedData, sharedDir } from '../shared-data.js'
import {
  loadLabeller,
  DEFAULT_MODELS_DIR,
  evaluateLabeller,
  type EvalRow,
  type LabellerOptions,
} from './index.js'

/** Acceptance thresholds of issue 3 that the sieve meets (asserted as such). */
export const THRESHOLDS = {
  sentimentUmsabMacroF1: 0.55,
  abuseOffensiveMacroF1: 0.75,
  languageUmsabAccuracy7: 0.97,
}

/**
 * Acceptance thresholds NOT met yet (see docs/sieve.md): asserted as regression floors at the measured level so a
 * change that makes them worse fails, while the gap stays visible in the test output.
 */
export const NOT_YET_MET = {
  sentimentTweetevalMacroRecall: { acceptance: 0.66, floor: 0.65 },
  relevanceDsmF1: { acceptance: 0.85, floor: 0.755 },
}

const options = (): LabellerOptions =>
  existsSync(join(DEFAULT_MODELS_DIR, 'service.cplm'))
    ? {}
    : { service: { classifyFeatures: () => ({ code: 'x', name: 'x', p: 0, top: [] }) } }

function rows(file: string, split = 'test'): (EvalRow & { lang?: string })[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EvalRow & { split?: string; lang?: string })
    .filter((r) => r.split === split && typeof r.text === 'string' && r.text.trim() !== '')
}

function ownSet(name: string): EvalRow[] {
  return readFileSync(join(REPO_ROOT, 'scripts/train/fixtures', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EvalRow)
}

test('intent on the hand-written civic set: macro-F1 ≥ 0.70', async () => {
  const labeller = await loadLabeller(options())
  const s = evaluateLabeller(labeller, 'intent', ownSet('intent-handwritten.ndjson'))
  assert.ok(s.macroF1 >= 0.7, `intent macro-F1 ${s.macroF1}`)
  const complaint = s.perClass.find((c) => c.label === 'complaint')!
  assert.ok(complaint.recall >= 0.8, `complaint recall ${complaint.recall}`)
})

test('intent on real complaint tweets it never saw (airline tweets outside its training sample)', async (t) => {
  const data = sharedData('airline-sentiment', 'airline.ndjson')
  if (!data) {
    t.skip('shared data (../shared/data) is not here')
    return
  }
  const { unseenAirlineComplaints } = await import('../../../../scripts/train/sieve-intent.ts')
  const labeller = await loadLabeller(options())
  let tp = 0
  let fp = 0
  let fn = 0
  for (const u of unseenAirlineComplaints(join(sharedDir()!, 'data'))) {
    const said = labeller.label({ id: 'a', text: u.text }).intent.label === 'complaint'
    if (said && u.complaint) tp++
    else if (said) fp++
    else if (u.complaint) fn++
  }
  const precision = tp / Math.max(1, tp + fp)
  const recall = tp / Math.max(1, tp + fn)
  t.diagnostic(`complaint precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`)
  // Measured 0.820 / 0.762 (docs/sieve.md); floors just below.
  assert.ok(precision >= 0.79, `complaint precision ${precision}`)
  assert.ok(recall >= 0.74, `complaint recall ${recall}`)
})

test('spam rules on the hand-written set: every spam caught, no civic post flagged', async () => {
  const labeller = await loadLabeller(options())
  for (const r of ownSet('spam-handwritten.ndjson')) {
    const p = labeller.label({ id: 'x', text: r.text }).spam.p
    if (r.label === 'spam') assert.ok(p >= 0.5, `missed spam: ${r.text}`)
    else assert.ok(p < 0.5, `civic post flagged as spam: ${r.text}`)
  }
})

test('acceptance figures on the shared test splits', async (t) => {
  const tw = sharedData('tweeteval', 'sentiment.ndjson')
  const um = sharedData('umsab-xlmt-multilingual-sentiment', 'umsab.ndjson')
  const off = sharedData('tweeteval', 'offensive.ndjson')
  const dsm = sharedData('disasters-on-social-media', 'dsm.ndjson')
  if (!tw || !um || !off || !dsm) {
    t.skip('shared data (../shared/data) is not here')
    return
  }
  const labeller = await loadLabeller(options())
  // Civic reports must not be flagged as abusive (responders are warned before reading such posts).
  const fms = sharedData('fms-lewisham', 'lewisham_fms_reports.ndjson')
  if (fms) {
    const recent = readFileSync(fms, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { text: string; datetime: string })
      .filter((r) => r.datetime >= '2025')
      .slice(0, 2000)
    const flagged = recent.filter(
      (r) => labeller.label({ id: 'f', text: r.text }).abuse.p >= 0.5,
    ).length
    t.diagnostic(`abuse flagged on FixMyStreet 2025-26 reports: ${flagged}/${recent.length}`)
    assert.ok(
      flagged / recent.length <= 0.02,
      `abuse flagged on ${flagged} of ${recent.length} civic reports`,
    )
  }
  const sTw = evaluateLabeller(labeller, 'sentiment', rows(tw))
  const umRows = rows(um)
  const sUm = evaluateLabeller(labeller, 'sentiment', umRows)
  const sOff = evaluateLabeller(labeller, 'abuse', rows(off))
  const sDsm = evaluateLabeller(
    labeller,
    'relevance',
    rows(dsm).filter((r) => r.label !== 'cant_decide'),
  )
  const sLang = evaluateLabeller(
    labeller,
    'language',
    umRows.filter((r) => r.lang !== 'hi').map((r) => ({ text: r.text, label: r.lang as string })),
  )
  const relevantF1 = sDsm.perClass.find((c) => c.label === 'relevant')!.f1
  t.diagnostic(
    `tweeteval sentiment macro-recall ${sTw.macroRecall.toFixed(4)}; umsab macro-F1 ${sUm.macroF1.toFixed(4)}; offensive macro-F1 ${sOff.macroF1.toFixed(4)}; dsm F1 ${relevantF1.toFixed(4)}; language (7) ${sLang.accuracy.toFixed(4)}`,
  )
  assert.ok(sUm.macroF1 >= THRESHOLDS.sentimentUmsabMacroF1, `umsab macro-F1 ${sUm.macroF1}`)
  assert.ok(sOff.macroF1 >= THRESHOLDS.abuseOffensiveMacroF1, `offensive macro-F1 ${sOff.macroF1}`)
  assert.ok(
    sLang.accuracy >= THRESHOLDS.languageUmsabAccuracy7,
    `language accuracy ${sLang.accuracy}`,
  )
  const gaps = [
    [
      'tweeteval sentiment macro-recall',
      sTw.macroRecall,
      NOT_YET_MET.sentimentTweetevalMacroRecall,
    ],
    ['dsm relevant F1', relevantF1, NOT_YET_MET.relevanceDsmF1],
  ] as const
  for (const [name, v, { acceptance, floor }] of gaps) {
    if (v < acceptance) t.diagnostic(`NOT MET: ${name} ${v.toFixed(4)} < acceptance ${acceptance}`)
    assert.ok(v >= floor, `${name} ${v} fell below its regression floor ${floor}`)
  }
})
