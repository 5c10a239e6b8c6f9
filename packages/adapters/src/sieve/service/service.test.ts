import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { test } from 'node:test'
import { LabelsSchema } from '@civicpulse/core'
import { LinearModel, featurise } from '../linear/index.js'
import { loadTaxonomy } from '../taxonomy/index.js'
import { DEFAULT_SERVICE_MODEL, loadServiceClassifier, makeServiceClassifier } from './index.js'
import { evaluateServiceOnFms } from './eval.js'
import { sharedData } from '../../shared-data.js'

const hasModel = existsSync(DEFAULT_SERVICE_MODEL)
const fms = sharedData('fms-lewisham', 'lewisham_fms_reports.ndjson')

test('contract: a toy model gives code, name, SHEF groups, calibrated p and a sorted top 3', () => {
  const taxonomy = loadTaxonomy()
  const codes = [
    'roads.pothole',
    'waste.fly-tipping',
    'lighting.street-lights',
    'council-tax.bills',
  ]
  const texts: [string, number][] = [
    ['pothole in the road', 0],
    ['big hole in the road surface', 0],
    ['dumped mattress and rubbish', 1],
    ['fly tipping bags dumped', 1],
    ['street light not working', 2],
    ['lamp post out all night', 3 - 1],
    ['council tax bill wrong', 3],
    ['charged twice for council tax', 3],
  ]
  const model = LinearModel.train(
    codes,
    texts.map(([t, y]) => ({ f: featurise(t), y })),
    { bits: 14, epochs: 20, seed: 3 },
  )
  const clf = makeServiceClassifier(model, taxonomy)
  const label = clf.classify('Massive pothole in the road outside')
  assert.equal(label.code, 'roads.pothole')
  assert.equal(label.name, 'Potholes')
  assert.equal(label.shefC, 'Road Safety & Defects')
  assert.equal(label.shefB, 'Road Surface Defects')
  assert.ok(label.p > 0 && label.p <= 1)
  assert.equal(label.top.length, 3)
  assert.equal(label.top[0]?.code, label.code)
  assert.ok(label.top[0]!.p >= label.top[1]!.p && label.top[1]!.p >= label.top[2]!.p)
  const tax = clf.classify('my council tax bill is wrong')
  assert.equal(tax.code, 'council-tax.bills')
  assert.equal(tax.shefC, undefined, 'council tax has no SHEF group')
  assert.ok(LabelsSchema.shape.service.safeParse(label).success)
  const mass = clf.shefMass(clf.probabilities(featurise('pothole')), 'c')
  assert.ok(
    Math.abs(
      [...mass.values()].reduce((a, b) => a + b, 0) -
        (1 - clf.probabilities(featurise('pothole'))[3]!),
    ) < 1e-6,
  )
})

test(
  'the committed model covers the whole taxonomy and reaches services without reports',
  { skip: !hasModel && 'model not trained' },
  () => {
    const clf = loadServiceClassifier()
    const taxonomy = clf.taxonomy
    assert.deepEqual([...clf.codes].sort(), taxonomy.services.map((s) => s.code).sort())
    // Phrasings written for this test (not in the taxonomy's examples).
    const cases: [string, string][] = [
      ['Huge pothole on Brockley Rd, nearly came off my bike', 'roads.pothole'],
      ['someone has dumped a sofa and loads of black bags by the garages', 'waste.fly-tipping'],
      ['why has my council tax direct debit been taken twice this month?', 'council-tax.bills'],
      ['the library on the high street is shut again on a saturday', 'libraries.libraries'],
      ['my mum needs a carer, who do we ask for a care assessment', 'social-care.adults'],
      ['rats running everywhere around the bins at night', 'env-health.pests'],
      ['black mould all over the bedroom of our council flat', 'housing.repairs'],
      ['ogromna dziura w jezdni przy szkole', 'roads.pothole'],
      ['la farola de la esquina no funciona', 'lighting.street-lights'],
    ]
    const wrong = cases.filter(([t, code]) => !clf.classify(t).top.some((x) => x.code === code))
    assert.deepEqual(wrong, [], 'expected service in the top 3')
    const l = clf.classify('street light flickering all night outside number 12')
    assert.equal(l.code, 'lighting.street-lights')
    assert.ok(l.p > 0.5)
  },
)

test('model loads fast and is small', { skip: !hasModel && 'model not trained' }, () => {
  const t0 = performance.now()
  const clf = loadServiceClassifier()
  const ms = performance.now() - t0
  assert.ok(ms < 1000, `load took ${ms} ms`)
  assert.ok(clf.model.labels.length >= 60)
})

test(
  'FixMyStreet Lewisham 2025–26 (time split): regression floors',
  { skip: (!hasModel || !fms) && 'shared data or model absent' },
  () => {
    const r = evaluateServiceOnFms(loadServiceClassifier(), fms!)
    console.log(
      `service eval: SHEF-C macro-F1 ${r.shefC.macroF1.toFixed(3)}, SHEF-B macro-F1 ${r.shefB.macroF1.toFixed(3)}, service accuracy ${r.services.accuracy}`,
    )
    // Floors of the committed model (see docs/service-eval.json), so a regression fails.
    assert.ok(r.shefC.macroF1 >= 0.63, `SHEF-C ${r.shefC.macroF1}`)
    assert.ok(r.shefB.macroF1 >= 0.46, `SHEF-B ${r.shefB.macroF1}`)
    assert.ok(r.shefC.accuracy >= 0.8, `SHEF-C accuracy ${r.shefC.accuracy}`)
  },
)

test(
  'FixMyStreet Lewisham 2025–26: acceptance SHEF-C ≥ 0.75 and SHEF-B ≥ 0.60',
  {
    skip: (!hasModel || !fms) && 'shared data or model absent',
    todo: 'not reached yet: see docs/service-eval.json',
  },
  () => {
    const r = evaluateServiceOnFms(loadServiceClassifier(), fms!)
    assert.ok(r.shefC.macroF1 >= 0.75, `SHEF-C ${r.shefC.macroF1}`)
    assert.ok(r.shefB.macroF1 >= 0.6, `SHEF-B ${r.shefB.macroF1}`)
  },
)
