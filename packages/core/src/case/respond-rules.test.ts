import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Labels } from '../labels/labels.js'
import { autoOpenFacts, postCaseTitle, type AutoOpenRule } from './auto-open.js'
import {
  checkApproval,
  checkAwaiting,
  checkCaseTakesReply,
  checkReplyText,
  nextDraftStatus,
} from './reply-draft.js'
import { median, slaFigures, slaFiguresByTeam, type CaseWithSla } from './sla-report.js'
import type { ClockState, SlaState } from './sla.js'
import { unfilledPlaceholders } from './template.js'
import type { Case } from './types.js'

const clock = (elapsedMs: number, breached: boolean): ClockState =>
  ({ elapsedMs, breached }) as unknown as ClockState
const item = (c: Partial<Case>, fr: ClockState, res: ClockState): CaseWithSla => ({
  case: { firstResponseAt: null, resolvedAt: null, status: 'new', team: null, ...c } as Case,
  sla: { firstResponse: fr, resolution: res } as unknown as SlaState,
})

test('median: odd, even and empty', () => {
  assert.equal(median([5, 1, 3]), 3)
  assert.equal(median([4, 1, 3, 2]), 2.5)
  assert.equal(median([]), null)
})

test('slaFigures: compliance over stopped clocks, medians, open breaches', () => {
  const items = [
    item({ firstResponseAt: 1, team: 'B' }, clock(100, false), clock(0, false)),
    item(
      { firstResponseAt: 1, resolvedAt: 2, status: 'resolved', team: 'A' },
      clock(300, true),
      clock(50, false),
    ),
    item({ status: 'in_progress', team: 'A' }, clock(999, true), clock(0, false)),
    item({ status: 'closed' }, clock(0, true), clock(0, true)),
  ]
  const f = slaFigures(items)
  assert.equal(f.cases, 4)
  assert.deepEqual(f.firstResponse, { compliancePct: 50, medianMs: 200 })
  assert.deepEqual(f.resolution, { compliancePct: 100, medianMs: 50 })
  assert.equal(f.openBreaches, 1, 'only an open case in breach counts; a closed one does not')
  const r = slaFiguresByTeam(items)
  assert.deepEqual(
    r.teams.map((t) => [t.team, t.cases]),
    [
      ['', 1],
      ['A', 2],
      ['B', 1],
    ],
  )
  assert.deepEqual(r.overall, f)
  assert.deepEqual(slaFigures([]).firstResponse, { compliancePct: null, medianMs: null })
})

test('unfilledPlaceholders names each left placeholder once', () => {
  assert.deepEqual(unfilledPlaceholders('Hi {{name}}, ref {{ ref }} / {{name}}'), ['name', 'ref'])
  assert.deepEqual(unfilledPlaceholders('All filled.'), [])
})

test('reply rules: text, final cases, approval by a second person', () => {
  assert.equal(checkReplyText('')?.code, 'REPLY_EMPTY')
  assert.match(checkReplyText('Dear {{name}}')?.message ?? '', /Fill in \{\{name\}\}/)
  assert.equal(checkReplyText('Thanks, fixed today.'), null)
  assert.equal(checkCaseTakesReply({ ref: 'CP-1', status: 'closed' })?.kind, 'conflict')
  assert.equal(checkCaseTakesReply({ ref: 'CP-1', status: 'in_progress' }), null)
  assert.equal(nextDraftStatus(true), 'awaiting_approval')
  assert.equal(nextDraftStatus(false), 'queued')
  const held = { status: 'awaiting_approval' as const, createdBy: 'ann' }
  assert.equal(checkApproval(held, 'ann', 'new')?.kind, 'forbidden')
  assert.equal(checkApproval(held, 'bob', 'new'), null)
  assert.equal(checkApproval(held, 'bob', 'duplicate')?.code, 'CASE_FINAL')
  assert.equal(checkApproval(held, 'bob', undefined)?.code, 'CASE_FINAL')
  assert.equal(
    checkApproval({ ...held, status: 'queued' }, 'bob', 'new')?.code,
    'REPLY_NOT_AWAITING',
  )
  assert.equal(checkAwaiting({ status: 'rejected' })?.code, 'REPLY_NOT_AWAITING')
})

function labels(over: {
  relevant?: number
  spam?: number
  flags?: Labels['urgency']['flags']
}): Labels {
  return {
    id: 'x',
    relevant: { p: over.relevant ?? 0.9 },
    intent: { label: 'complaint', p: 0.8 },
    service: { code: 'waste.bins', name: 'Bins', p: 0.8, top: [] },
    sentiment: { label: 'negative', score: -0.5 },
    urgency: { score: 0.7, flags: over.flags ?? [] },
    language: { code: 'en', p: 1 },
    places: [{ kind: 'ward', name: 'Mill', wardCode: 'W1', via: 'text', p: 0.9 }],
    spam: { p: over.spam ?? 0.01 },
    abuse: { p: 0 },
  }
}

test('autoOpenFacts: auto rules pick relevant posts, safety flags, and respect minRelevance', () => {
  const bins: AutoOpenRule = { id: 'bins', when: { services: ['waste.*'] }, open: 'auto' }
  const manual: AutoOpenRule = { ...bins, open: 'manual' }
  const safety: AutoOpenRule = { id: 's', when: { flags: ['safety'] }, open: 'auto' }
  const f = autoOpenFacts([bins], { id: 7, text: ' Bins  not\ncollected ', labels: labels({}) })
  assert.deepEqual(f, {
    title: 'Bins not collected',
    serviceCode: 'waste.bins',
    area: 'W1',
    intent: 'complaint',
    urgency: 0.7,
    flags: [],
  })
  assert.equal(autoOpenFacts([manual], { id: 7, labels: labels({}) }), null)
  assert.equal(autoOpenFacts([bins], { id: 7, labels: labels({ spam: 0.9 }) }), null)
  assert.equal(autoOpenFacts([bins], { id: 7, labels: labels({ relevant: 0.2 }) }), null)
  assert.equal(autoOpenFacts([bins], { id: 7 }), null)
  const s = autoOpenFacts([safety], { id: 8, labels: labels({ relevant: 0.2, flags: ['safety'] }) })
  assert.equal(s?.serviceCode, null, 'an irrelevant post opens without a service')
  assert.equal(s?.title, 'Post 8')
  const strict = { ...bins, minRelevance: 0.95 }
  assert.equal(autoOpenFacts([strict], { id: 7, labels: labels({ relevant: 0.9 }) }), null)
  assert.equal(postCaseTitle('a'.repeat(120), 1).length, 90)
})
