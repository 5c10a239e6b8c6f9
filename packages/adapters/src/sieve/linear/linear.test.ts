import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  featurise,
  tokenise,
  normaliseText,
  LinearModel,
  scoresFrom,
  macroF1,
  nbScales,
  scaleExamples,
  unscale,
  fnv1a,
  type Example,
} from './index.js'

const POS = [
  'the bins were collected early thank you',
  'great job fixing the streetlight',
  'lovely clean park today 😊',
  'thanks for the quick repair',
  'brilliant service from the library',
]
const NEG = [
  'bins not collected again awful',
  'streetlight broken for weeks terrible',
  'park full of rubbish disgusting 😡',
  'still waiting for the repair useless',
  'library closed again so annoying',
]

function data(): Example[] {
  const out: Example[] = []
  for (const t of POS) out.push({ f: featurise(t), y: 1 })
  for (const t of NEG) out.push({ f: featurise(t), y: 0 })
  return out
}

test('tokeniser normalises URLs, mentions, case, elongation and keeps emoji', () => {
  const toks = tokenise(
    normaliseText("@LewishamCouncil Soooooo ANNOYED!!! https://x.co/abc don't 😡 #potholes?"),
  )
  assert.deepEqual(toks, [
    '@user',
    'sooo',
    'annoyed',
    '!',
    'httpurl',
    'dont',
    '😡',
    'potholes',
    '?',
  ])
})

test('featurise is deterministic and group-normalised', () => {
  const a = featurise('Pothole on Lewisham High Street')
  const b = featurise('Pothole on Lewisham High Street')
  assert.deepEqual(Array.from(a.idx), Array.from(b.idx))
  assert.ok(a.idx.length > 20)
  let s = 0
  for (const v of a.val) s += v * v
  assert.ok(Math.abs(s - 2) < 1e-3, `sum of squares ${s}`)
  const e = featurise('hello', {}, { afinn: 0.5 })
  assert.equal(e.val[e.val.length - 1], 0.5)
})

test('training is deterministic and learns a separable toy task', () => {
  const m1 = LinearModel.train(['neg', 'pos'], data(), { bits: 16, epochs: 10, seed: 7 })
  const m2 = LinearModel.train(['neg', 'pos'], data(), { bits: 16, epochs: 10, seed: 7 })
  assert.deepEqual(Array.from(m1.w.subarray(0, 5000)), Array.from(m2.w.subarray(0, 5000)))
  assert.equal(m1.top(featurise('thank you, great job')).label, 'pos')
  assert.equal(m1.top(featurise('awful, still broken')).label, 'neg')
  const p = m1.predict(featurise('anything'))
  assert.ok(Math.abs(p[0]! + p[1]! - 1) < 1e-9)
})

test('serialisation round-trips (int8 close, float32 exact) and calibration survives', () => {
  const m = LinearModel.train(['neg', 'pos'], data(), { bits: 16, epochs: 10 })
  m.temperature = 1.7
  m.calibBias[1] = 0.3
  const f = featurise('thanks for the quick repair')
  const p = m.predict(f)[1]!
  const m32 = LinearModel.deserialise(m.serialise('float32'))
  assert.equal(m32.predict(f)[1], p)
  const m8 = LinearModel.deserialise(m.serialise('int8'))
  assert.ok(Math.abs(m8.predict(f)[1]! - p) < 0.02)
  assert.equal(m8.temperature, 1.7)
  assert.throws(() => LinearModel.deserialise(new Uint8Array(16)), /Not a Civic Pulse/)
})

test('incremental learning: after a few corrections of a new local phrase, later posts with it follow', () => {
  const labels = ['other', 'flytipping']
  const base: Example[] = [
    ...[
      'mattress dumped on the pavement',
      'someone fly tipped sofas in the alley',
      'rubbish dumped by the bins',
    ].map((t) => ({ f: featurise(t), y: 1 })),
    ...['the bus was late', 'library opening hours please', 'lovely weather in the park'].map(
      (t) => ({ f: featurise(t), y: 0 }),
    ),
  ]
  const m = LinearModel.train(labels, base, { bits: 16, epochs: 10 })
  const later = featurise('another skip drop on Brockley Rise tonight')
  assert.equal(m.top(later).label, 'other')
  for (const t of [
    'skip drop on Brockley Rise again',
    'huge skip drop outside no 4 Brockley Rise',
    'skip drop by the shops, Brockley Rise',
  ]) {
    m.learn(featurise(t), 'flytipping')
  }
  assert.equal(m.top(later).label, 'flytipping')
  assert.equal(m.top(featurise('the bus was late')).label, 'other')
})

test('temperature and bias fitting improve validation figures', () => {
  const m = LinearModel.train(['neg', 'pos'], data(), { bits: 16, epochs: 10 })
  const T = m.fitTemperature(data())
  assert.ok(T > 0)
  const s = m.fitBias(data(), macroF1)
  assert.ok(s >= 0.9)
  const sc = scoresFrom(
    [
      [3, 1],
      [0, 4],
    ],
    ['a', 'b'],
  )
  assert.equal(sc.accuracy, 7 / 8)
  assert.equal(sc.perClass[0]!.precision, 1)
})

test('fused inference (WebAssembly SIMD and plain JavaScript) equals each model on its own', async () => {
  const { FusedHeads } = await import('./index.js')
  const a = LinearModel.train(['neg', 'pos'], data(), { bits: 14, epochs: 5 })
  const labels3 = Array.from({ length: 19 }, (_, i) => `c${i}`)
  const b = LinearModel.train(
    labels3,
    data().map((e, i) => ({ ...e, y: i % 19 })),
    { bits: 14, epochs: 5 },
  )
  const qa = LinearModel.deserialise(a.serialise('int8'))
  const qb = LinearModel.deserialise(b.serialise('int8'))
  const simd = new FusedHeads([qa, qb])
  const js = new FusedHeads([qa, qb], { simd: false })
  for (const t of [
    'bins not collected again awful',
    'great job 😊',
    'x',
    'a much longer post about the library, the park and the streetlights on the high street!',
  ]) {
    const f = featurise(t, {}, { afinn: 0.3, other: -0.7 })
    simd.run(f)
    js.run(f)
    const s1 = simd.rawSums()
    const s2 = js.rawSums()
    for (let k = 0; k < s1.length; k++)
      assert.ok(Math.abs(s1[k]! - s2[k]!) < 1e-6, `sum ${k}: ${s1[k]} vs ${s2[k]}`)
    const pa = simd.predict(0, new Float64Array(2))
    const pb = simd.predict(1, new Float64Array(19))
    const ea = qa.predict(f)
    const eb = qb.predict(f)
    for (let k = 0; k < 2; k++) assert.ok(Math.abs(pa[k]! - ea[k]!) < 1e-3)
    for (let k = 0; k < 19; k++) assert.ok(Math.abs(pb[k]! - eb[k]!) < 1e-3)
  }
})

test('naive-Bayes scaling favours class-separating buckets and folds back into the weights exactly', () => {
  const train = data()
  const bits = 14
  const s = nbScales(train, 2, bits)
  const mask = (1 << bits) - 1
  // "again" occurs only in complaints; "the" in both classes.
  const again = s[fnv1a('again') & mask]!
  const the = s[fnv1a('the') & mask]!
  assert.ok(again > the, `scale of "again" ${again} should exceed that of "the" ${the}`)
  const scaled = LinearModel.train(['neg', 'pos'], scaleExamples(train, s), { bits, seed: 7 })
  const folded = LinearModel.deserialise(scaled.serialise('float32'))
  unscale(folded, s)
  for (const text of [
    'bins not collected again',
    'thanks for the lovely park',
    'library opening hours',
  ]) {
    const raw = featurise(text)
    const [viaScaled] = scaleExamples([{ f: raw, y: 0 }], s)
    const a = scaled.logits(viaScaled!.f)
    const b = folded.logits(raw)
    for (let k = 0; k < 2; k++)
      assert.ok(Math.abs(a[k]! - b[k]!) < 1e-4, `${text}: ${a[k]} vs ${b[k]}`)
  }
  assert.equal(folded.top(featurise('bins not collected again')).label, 'neg')
})
