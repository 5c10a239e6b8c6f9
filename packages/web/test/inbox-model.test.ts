/**
 * The inbox's pure helpers: SLA clock wording (never colour alone; a clock stopped late is not
 * "overdue"), template filling, reply length as each platform counts it, the status moves offered
 * (the same table as the core state machine) and client keys.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TRANSITIONS as CORE_TRANSITIONS } from '@civicpulse/core'
import {
  activeClock,
  clockText,
  fillTemplate,
  fmtDuration,
  newClientKey,
  replyLength,
  TRANSITIONS,
  unfilled,
  type CaseRow,
  type SlaClock,
} from '../src/pages/inbox/model.js'

const H = 3_600_000
const clock = (o: Partial<SlaClock>): SlaClock => ({
  dueAt: '2026-11-23T12:00:00.000Z',
  met: false,
  breached: false,
  remainingMs: H,
  phase: 'running',
  ...o,
})
const sla = (fr: SlaClock, res: SlaClock, overdue = false, paused = false): CaseRow['sla'] => ({
  firstResponse: fr,
  resolution: res,
  overdue,
  paused,
})

test('durations are office hours and minutes, never days', () => {
  assert.equal(fmtDuration(30_000), 'less than a minute')
  assert.equal(fmtDuration(12 * 60_000), '12 min')
  assert.equal(fmtDuration(-(2 * H + 5 * 60_000)), '2 h 5 min')
  assert.equal(fmtDuration(3 * H), '3 h')
  assert.equal(fmtDuration(70 * H + 59 * 60_000), '70 h')
})

test('clock text: time left, overdue, paused, met and missed', () => {
  const run = clock({ remainingMs: 90 * 60_000 })
  const s = sla(run, clock({}))
  assert.deepEqual(clockText(run, s, 0), { text: '1 h 30 min left', late: false })
  // The clock ticks down between reloads, and past zero it is overdue.
  assert.deepEqual(clockText(run, s, 2 * H), { text: 'Overdue by 30 min', late: true })
  const late = clock({ remainingMs: -2 * H, breached: true, phase: 'overdue' })
  assert.deepEqual(clockText(late, sla(late, clock({}), true), 0), {
    text: 'Overdue by 2 h',
    late: true,
  })
  // A paused clock does not tick.
  const paused = clock({ remainingMs: H, phase: 'paused' })
  assert.deepEqual(clockText(paused, sla(paused, clock({}), false, true), 5 * H), {
    text: '1 h left (paused)',
    late: false,
  })
  const met = clock({ met: true, phase: 'met' })
  assert.equal(clockText(met, sla(met, clock({})), 0).text, 'Met')
  // Answered late: the target was missed, but the clock no longer runs.
  const missed = clock({ breached: true, remainingMs: -H, phase: 'breached' })
  assert.deepEqual(clockText(missed, sla(missed, clock({})), 0), {
    text: 'Target missed',
    late: true,
  })
})

test('the active clock moves to resolution once the first response is in (on time or late)', () => {
  const res = clock({ remainingMs: 50 * H })
  assert.equal(activeClock(sla(clock({}), res)).which, 'first')
  assert.equal(activeClock(sla(clock({ met: true, phase: 'met' }), res)).which, 'resolution')
  const lateAnswer = clock({ breached: true, remainingMs: -H, phase: 'breached' })
  assert.equal(activeClock(sla(lateAnswer, res)).which, 'resolution')
  // Without the phase, a breached first response on a case that is not overdue has stopped.
  const { phase: _p, ...noPhase } = lateAnswer
  assert.equal(activeClock(sla(noPhase, res, false)).which, 'resolution')
  assert.equal(activeClock(sla(noPhase, res, true)).which, 'first')
})

test('templates: known placeholders filled, unknown ones left for the person to see', () => {
  const body = 'We logged {{ref}} with {{ team }} and will reply by {{due}}; {{nope}}.'
  const text = fillTemplate(body, { ref: 'CP-7', team: 'Waste', due: '4 Dec' })
  assert.equal(text, 'We logged CP-7 with Waste and will reply by 4 Dec; {{nope}}.')
  assert.deepEqual(unfilled(text), ['nope'])
  assert.deepEqual(unfilled('all filled'), [])
})

test('reply length: graphemes on Bluesky, code points elsewhere', () => {
  const family = '👨‍👩‍👧' // one grapheme, five code points
  assert.equal(replyLength(`hi ${family}`, 'bluesky'), 4)
  assert.equal(replyLength(`hi ${family}`, 'mastodon'), 8)
  assert.equal(replyLength('é'.normalize('NFD'), 'bluesky'), 1)
})

test('status moves offered are those the core state machine allows (duplicate has its own command)', () => {
  for (const [from, to] of Object.entries(CORE_TRANSITIONS))
    assert.deepEqual(
      TRANSITIONS[from as keyof typeof TRANSITIONS],
      to.filter((s) => s !== 'duplicate'),
      from,
    )
})

test('client keys are UUIDs', () => {
  const a = newClientKey()
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.notEqual(a, newClientKey())
})
