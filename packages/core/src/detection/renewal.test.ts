import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ANY_AREA, applySignal, type EvidencePost, type Incident } from './incident.js'
import { dominantTerms, findRenewedIncident, type RenewalOptions } from './renewal.js'

const T = Date.UTC(2026, 6, 16, 6, 0)
const HOUR = 3_600_000

const ev = (texts: string[], at: number, area: string = ANY_AREA): EvidencePost[] =>
  texts.map((text, i) => ({ id: `${at}-${i}`, text, time: at + i * 60_000, area }))

const morning = ev(
  [
    'Missed my hospital slot because the 185 is cancelled',
    '185 otobüsü gelmedi, yarım saattir bekliyorum',
    'Whole 185 route not running today',
    'Waited an hour for a 185 that does not exist',
  ],
  T,
)

function open(evidence: EvidencePost[], service = 'waste'): Incident {
  return applySignal(
    [],
    {
      service,
      area: ANY_AREA,
      time: T,
      observed: 4,
      expected: 0.1,
      p: 1e-9,
      surprise: 9,
      score: 0.5,
    },
    evidence,
    { newId: () => 'bus', gapMs: 2 * HOUR },
  ).incident
}

const opts = (sig: Record<string, string[]>): RenewalOptions => ({
  withinMs: 12 * HOUR,
  signature: (i) => (sig[i.id] ? new Set(sig[i.id]) : undefined),
})

test('dominant terms are those of at least half the distinct posts, route numbers included', () => {
  assert.deepEqual([...dominantTerms(morning)], ['185'])
  const withDup = [...morning, { ...morning[0]!, id: 'dup', duplicateOf: morning[0]!.id }]
  assert.deepEqual([...dominantTerms(withDup)], ['185'], 'a near-duplicate does not count')
  assert.deepEqual([...dominantTerms(morning, new Set(['185']))], [], 'place words never count')
})

test('a later flare sharing a term that burst for the incident renews it; unrelated evidence does not', () => {
  const bus = open(morning)
  const lunch = ev(
    ['TfL is the 185 cancelled today?', 'Linia 185 odwołana i nikt nic nie mówi. TfL'],
    T + 5 * HOUR,
  )
  const signal = { service: 'uncertain', area: ANY_AREA, time: T + 5 * HOUR }
  assert.equal(findRenewedIncident([bus], signal, lunch, opts({ bus: ['185'] }))?.id, 'bus')
  // Without a signature (not opened by a burst of that term), or past the window: no renewal.
  assert.equal(findRenewedIncident([bus], signal, lunch, opts({})), undefined)
  assert.equal(
    findRenewedIncident([bus], { ...signal, time: T + 13 * HOUR }, lunch, opts({ bus: ['185'] })),
    undefined,
  )
  // Another service (not uncertain) or unrelated words: no renewal.
  assert.equal(
    findRenewedIncident([bus], { ...signal, service: 'parks' }, lunch, opts({ bus: ['185'] })),
    undefined,
  )
  const bins = ev(
    ['No bin collection on our road', 'Bins not collected again', 'Bin collection missed'],
    T + 5 * HOUR,
    'catford-south',
  )
  assert.equal(
    findRenewedIncident([bus], { ...signal, service: 'waste' }, bins, opts({ bus: ['185'] })),
    undefined,
  )
  // A resolved incident is not renewed.
  assert.equal(
    findRenewedIncident([{ ...bus, status: 'resolved' }], signal, lunch, opts({ bus: ['185'] })),
    undefined,
  )
})
