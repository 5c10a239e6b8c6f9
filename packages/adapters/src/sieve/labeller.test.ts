import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { LabelsSchema, type LabelInput } from '@civicpulse/core'
import { loadLabeller, DEFAULT_MODELS_DIR, type LabellerOptions } from './index.js'

// The service model is trained by the other half of the sieve; without it, a tiny stand-in keeps this test
// about the labeller's own contract.
function options(): LabellerOptions {
  if (existsSync(join(DEFAULT_MODELS_DIR, 'service.cplm'))) return {}
  return {
    service: {
      classifyFeatures: (f) => {
        const bins = f.tokens.includes('bins')
        return {
          code: bins ? 'waste' : 'roads',
          name: bins ? 'Waste' : 'Roads',
          p: 0.8,
          top: [{ code: bins ? 'waste' : 'roads', name: bins ? 'Waste' : 'Roads', p: 0.8 }],
        }
      },
    },
  }
}

const POSTS: LabelInput[] = [
  {
    id: 'a',
    text: '@LewishamCouncil the bins on our road have not been collected for two weeks, disgusting',
  },
  {
    id: 'b',
    text: 'Does anyone know when the library in Catford reopens?',
    lat: 51.445,
    lon: -0.02,
  },
  { id: 'c', text: 'Huge thanks to the team who fixed the streetlight so quickly 🙏' },
  {
    id: 'd',
    text: 'FREE iPhone giveaway!!! click the link in bio #win #free #giveaway #iphone #contest https://x.example/1',
  },
  { id: 'e', text: 'La basura no se ha recogido en toda la semana en nuestra calle' },
  { id: 'f', text: 'gas leak on Rushey Green, elderly neighbour inside, please help urgently' },
  { id: 'g', text: '' },
  { id: 'h', text: '🙂🙂🙂' },
]

test('every field of the label contract is present and probabilities are in range', async () => {
  const labeller = await loadLabeller(options())
  for (const post of POSTS) {
    const l = labeller.label(post)
    LabelsSchema.parse(l)
    assert.equal(l.id, post.id)
    for (const p of [
      l.relevant.p,
      l.intent.p,
      l.service.p,
      l.language.p,
      l.spam.p,
      l.abuse.p,
      l.urgency.score,
    ]) {
      assert.ok(p >= 0 && p <= 1, `probability ${p} out of range for ${post.id}`)
    }
    assert.ok(l.sentiment.score >= -1 && l.sentiment.score <= 1)
    assert.ok(l.service.top.length <= 3)
    assert.equal(l.model, labeller.version)
  }
  const [a, b, c, d, e, f] = POSTS.map((p) => labeller.label(p))
  assert.equal(a!.intent.label, 'complaint')
  assert.equal(a!.sentiment.label, 'negative')
  assert.ok(a!.relevant.p > 0.5)
  assert.equal(b!.intent.label, 'question')
  assert.ok(
    b!.places.some((pl) => pl.via === 'geotag'),
    'the geotag resolves to a place',
  )
  assert.equal(c!.intent.label, 'praise')
  assert.equal(c!.sentiment.label, 'positive')
  assert.ok(d!.spam.p > 0.5 && a!.spam.p < 0.5)
  assert.equal(e!.language.code, 'es')
  assert.equal(a!.language.code, 'en')
  assert.ok(
    f!.urgency.flags.includes('risk_to_life') && f!.urgency.flags.includes('vulnerable_person'),
  )
  assert.ok(f!.urgency.score > a!.urgency.score)
  assert.equal(labeller.label(POSTS[6]!).language.code, 'und')
  assert.deepEqual(
    labeller.labelBatch(POSTS.slice(0, 3)),
    POSTS.slice(0, 3).map((p) => labeller.label(p)),
  )
})

test('corrections teach: after a few corrections of a new local phrase, later posts with it follow, and a snapshot keeps it', async () => {
  const labeller = await loadLabeller(options())
  const later: LabelInput = {
    id: 'later',
    text: 'Kwik Kash Lewisham open again on the high street this week',
  }
  const before = labeller.label(later)
  assert.ok(before.spam.p < 0.5, `spam before ${before.spam.p}`)
  const v0 = labeller.version
  const corrections = [
    'Kwik Kash Lewisham: cash in minutes, pop in today',
    'Need money fast? Kwik Kash Lewisham has you covered',
    'Kwik Kash Lewisham - no questions asked, visit us',
    'Visit Kwik Kash Lewisham for your next payday',
    'Kwik Kash Lewisham now open late',
  ]
  for (const text of corrections)
    labeller.learn({ input: { id: 'x', text }, task: 'spam', label: 'spam' })
  assert.ok(labeller.label(later).spam.p > 0.5, 'later post with the phrase is now spam')
  assert.ok(labeller.label(POSTS[0]!).spam.p < 0.5, 'unrelated posts are not')
  assert.notEqual(labeller.version, v0)

  // Intent: a new local phrase corrected to "suggestion".
  const phrase = 'parklet for Tyrwhitt Road'
  const laterIntent: LabelInput = { id: 'li', text: `we want a ${phrase} next summer` }
  assert.notEqual(labeller.label(laterIntent).intent.label, 'suggestion')
  for (const text of [
    `a ${phrase} would be lovely`,
    `${phrase} now`,
    `so many of us want a ${phrase}`,
    `bring the ${phrase} back`,
    `${phrase}, please`,
  ]) {
    labeller.learn({ input: { id: 'y', text }, task: 'intent', label: 'suggestion' })
  }
  assert.equal(labeller.label(laterIntent).intent.label, 'suggestion')

  // Relevance: a local nickname for a service.
  const laterRel: LabelInput = { id: 'lr', text: 'the Hilly Fields wobble is back' }
  assert.ok(labeller.label(laterRel).relevant.p < 0.5)
  for (const text of [
    'Hilly Fields wobble again today',
    'anyone else hit the Hilly Fields wobble',
    'Hilly Fields wobble still there',
    'the Hilly Fields wobble got worse',
  ]) {
    labeller.learn({ input: { id: 'z', text }, task: 'relevant', label: 'relevant' })
  }
  assert.ok(labeller.label(laterRel).relevant.p > 0.5)

  // Service (real model only): a local nickname for a place's problem, corrected to a service code.
  let laterSvc: LabelInput | undefined
  if (existsSync(join(DEFAULT_MODELS_DIR, 'service.cplm'))) {
    laterSvc = { id: 'ls', text: 'the Ladywell splodge is back by the gate' }
    assert.notEqual(labeller.label(laterSvc).service.code, 'env-health.pests')
    for (const text of [
      'Ladywell splodge again',
      'who is sorting the Ladywell splodge',
      'Ladywell splodge worse than ever',
      'still the Ladywell splodge',
      'Ladywell splodge, day five',
    ]) {
      labeller.learn({ input: { id: 's', text }, task: 'service', label: 'env-health.pests' })
    }
    assert.equal(labeller.label(laterSvc).service.code, 'env-health.pests')
  }

  const restored = await loadLabeller({ ...options(), snapshot: labeller.snapshot() })
  assert.ok(restored.label(later).spam.p > 0.5)
  assert.equal(restored.label(laterIntent).intent.label, 'suggestion')
  assert.ok(restored.label(laterRel).relevant.p > 0.5)
  if (laterSvc) assert.equal(restored.label(laterSvc).service.code, 'env-health.pests')
})

test('the labeller loads in under a second (when the machine is not saturated) and labels fast', async () => {
  const t0 = performance.now()
  const labeller = await loadLabeller(options())
  const ms = performance.now() - t0
  assert.ok(ms < 5000, `load took ${ms} ms`)
  const posts = Array.from({ length: 2000 }, (_, i) => ({
    id: String(i),
    text: `${POSTS[i % 6]!.text} ${i}`,
  }))
  const t1 = performance.now()
  labeller.labelBatch(posts)
  const perSec = 2000 / ((performance.now() - t1) / 1000)
  assert.ok(perSec > 1000, `${perSec} posts/s`)
})
