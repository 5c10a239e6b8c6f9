import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  addBusinessMs,
  alwaysOpen,
  businessMsBetween,
  clockElapsedMs,
  officeHours,
  slaState,
  validateCalendar,
  type SlaPolicy,
} from './sla.js'
import { isoWithOffset, localToUtc, zoneOffsetMs } from './tz.js'

const H = 3_600_000
const LON = 'Europe/London'
const z = (iso: string) => Date.parse(iso)
// England and Wales bank holidays around Easter 2026.
const london = officeHours(LON, '09:00', '17:00', [
  '2026-04-03',
  '2026-04-06',
  '2026-12-25',
  '2026-12-28',
])

test('zone offsets and wall-clock conversion follow Europe/London DST', () => {
  assert.equal(zoneOffsetMs(z('2026-03-29T00:59:59Z'), LON), 0)
  assert.equal(zoneOffsetMs(z('2026-03-29T01:00:00Z'), LON), H)
  assert.equal(zoneOffsetMs(z('2026-10-25T00:59:59Z'), LON), H)
  assert.equal(zoneOffsetMs(z('2026-10-25T01:00:00Z'), LON), 0)
  assert.equal(localToUtc(2026, 7, 1, 9, 0, LON), z('2026-07-01T08:00:00Z'))
  assert.equal(localToUtc(2026, 1, 5, 9, 0, LON), z('2026-01-05T09:00:00Z'))
  // 01:30 does not exist on 29 March: it maps to just after the gap (02:30 BST = 01:30Z).
  assert.equal(localToUtc(2026, 3, 29, 1, 30, LON), z('2026-03-29T01:30:00Z'))
  // 01:30 happens twice on 25 October: the first one (BST) is taken.
  assert.equal(localToUtc(2026, 10, 25, 1, 30, LON), z('2026-10-25T00:30:00Z'))
  assert.equal(isoWithOffset(z('2026-07-01T08:00:00Z'), LON), '2026-07-01T09:00:00+01:00')
  assert.equal(
    isoWithOffset(z('2026-01-05T09:00:00Z'), 'America/New_York'),
    '2026-01-05T04:00:00-05:00',
  )
})

test('office hours count only weekdays 09:00–17:00 local', () => {
  // Monday 10:00 → Monday 15:30 (winter, GMT): 5.5 h.
  assert.equal(
    businessMsBetween(london, z('2026-01-05T10:00:00Z'), z('2026-01-05T15:30:00Z')),
    5.5 * H,
  )
  // Friday 16:00 → Monday 10:00: 1 h + 1 h, the weekend does not count.
  assert.equal(
    businessMsBetween(london, z('2026-01-09T16:00:00Z'), z('2026-01-12T10:00:00Z')),
    2 * H,
  )
  // Saturday to Sunday: nothing.
  assert.equal(businessMsBetween(london, z('2026-01-10T08:00:00Z'), z('2026-01-11T20:00:00Z')), 0)
  // A whole week: 5 × 8 h.
  assert.equal(
    businessMsBetween(london, z('2026-01-05T00:00:00Z'), z('2026-01-12T00:00:00Z')),
    40 * H,
  )
})

test('office hours are local across the spring-forward weekend', () => {
  // Friday 27 March 16:00 GMT → Monday 30 March 10:00 BST (09:00Z): 1 h + 1 h.
  assert.equal(
    businessMsBetween(london, z('2026-03-27T16:00:00Z'), z('2026-03-30T09:00:00Z')),
    2 * H,
  )
  // A 4-hour target from Friday 15:00 GMT falls due Monday 11:00 BST = 10:00Z.
  assert.equal(addBusinessMs(london, z('2026-03-27T15:00:00Z'), 4 * H), z('2026-03-30T10:00:00Z'))
  // Monday after the change opens at 08:00Z, not 09:00Z.
  assert.equal(addBusinessMs(london, z('2026-03-28T12:00:00Z'), 1), z('2026-03-30T08:00:00Z') + 1)
})

test('office hours are local across the fall-back weekend', () => {
  // Friday 23 October 16:00 BST (15:00Z) → Monday 26 October 10:00 GMT (10:00Z): 2 h.
  assert.equal(
    businessMsBetween(london, z('2026-10-23T15:00:00Z'), z('2026-10-26T10:00:00Z')),
    2 * H,
  )
  assert.equal(addBusinessMs(london, z('2026-10-23T15:00:00Z'), 3 * H), z('2026-10-26T11:00:00Z'))
})

test('a round-the-clock calendar counts real elapsed time through DST nights', () => {
  const cal = alwaysOpen(LON)
  // Sunday 29 March is a 23-hour day, Sunday 25 October a 25-hour day.
  assert.equal(
    businessMsBetween(cal, localToUtc(2026, 3, 29, 0, 0, LON), localToUtc(2026, 3, 30, 0, 0, LON)),
    23 * H,
  )
  assert.equal(
    businessMsBetween(
      cal,
      localToUtc(2026, 10, 25, 0, 0, LON),
      localToUtc(2026, 10, 26, 0, 0, LON),
    ),
    25 * H,
  )
  assert.equal(businessMsBetween(cal, z('2026-03-28T23:00:00Z'), z('2026-03-29T02:00:00Z')), 3 * H)
})

test('bank holidays are closed', () => {
  // Thursday 2 April 16:00 BST (15:00Z); Good Friday and Easter Monday closed: 2 h falls due Tuesday 10:00 BST.
  assert.equal(addBusinessMs(london, z('2026-04-02T15:00:00Z'), 2 * H), z('2026-04-07T09:00:00Z'))
  assert.equal(
    businessMsBetween(london, z('2026-04-02T15:00:00Z'), z('2026-04-07T09:00:00Z')),
    2 * H,
  )
  // Christmas 2026 (Friday) and the substitute Boxing Day (Monday 28th).
  assert.equal(
    businessMsBetween(london, z('2026-12-24T00:00:00Z'), z('2026-12-30T00:00:00Z')),
    16 * H,
  )
})

test('pauses while awaiting the citizen stop the clock', () => {
  // Monday 9:00 GMT created; awaiting the citizen 10:00 → Tuesday 10:00; resolved Tuesday 12:00.
  const pauses = [{ from: z('2026-01-05T10:00:00Z'), to: z('2026-01-06T10:00:00Z') }]
  assert.equal(
    clockElapsedMs(london, z('2026-01-05T09:00:00Z'), z('2026-01-06T12:00:00Z'), pauses),
    3 * H,
  )
  // An open pause runs up to the end.
  assert.equal(
    clockElapsedMs(london, z('2026-01-05T09:00:00Z'), z('2026-01-07T12:00:00Z'), [
      { from: z('2026-01-05T10:00:00Z') },
    ]),
    1 * H,
  )
})

const policy: SlaPolicy = {
  id: 'highways',
  calendar: london,
  firstResponseMinutes: { urgent: 60, high: 240, normal: 480, low: 960 },
  resolutionMinutes: { urgent: 480, high: 1440, normal: 2400, low: 4800 },
}

test('slaState: running, at risk, paused, overdue, met and breached', () => {
  const createdAt = z('2026-01-05T09:00:00Z') // Monday 09:00 GMT
  const base = { priority: 'normal' as const, createdAt, pauses: [] }
  const s1 = slaState(base, policy, z('2026-01-05T11:00:00Z'))
  assert.equal(s1.firstResponse.phase, 'running')
  assert.equal(s1.firstResponse.remainingMs, 6 * H)
  assert.equal(s1.firstResponse.dueAt, z('2026-01-05T17:00:00Z'))
  assert.equal(slaState(base, policy, z('2026-01-05T15:30:00Z')).firstResponse.phase, 'at_risk')
  const over = slaState(base, policy, z('2026-01-06T09:30:00Z'))
  assert.equal(over.firstResponse.phase, 'overdue')
  assert.equal(over.firstResponse.remainingMs, -0.5 * H)
  assert.equal(over.overdue, true)
  const met = slaState(
    { ...base, firstResponseAt: z('2026-01-05T12:00:00Z') },
    policy,
    z('2026-01-09T12:00:00Z'),
  )
  assert.equal(met.firstResponse.phase, 'met')
  assert.equal(met.firstResponse.breached, false)
  const late = slaState(
    { ...base, firstResponseAt: z('2026-01-06T12:00:00Z') },
    policy,
    z('2026-01-09T12:00:00Z'),
  )
  assert.equal(late.firstResponse.phase, 'breached')
  const paused = slaState(
    {
      ...base,
      firstResponseAt: z('2026-01-05T10:00:00Z'),
      pauses: [{ from: z('2026-01-05T11:00:00Z') }],
    },
    policy,
    z('2026-01-20T11:00:00Z'),
  )
  assert.equal(paused.resolution.phase, 'paused')
  assert.equal(paused.resolution.elapsedMs, 2 * H)
  assert.equal(paused.overdue, false)
})

test('validateCalendar rejects bad zones and intervals', () => {
  assert.throws(() => validateCalendar({ ...london, timeZone: 'Mars/Olympus' }), /time zone/)
  assert.throws(
    () => validateCalendar({ ...london, week: { 1: [{ start: '17:00', end: '09:00' }] } }),
    /empty/,
  )
  assert.throws(() => validateCalendar({ ...london, holidays: ['25/12/2026'] }), /YYYY-MM-DD/)
  validateCalendar(london)
})

test('property: business time is additive and addBusinessMs inverts it (London, 2026)', () => {
  const year = fc.integer({ min: z('2026-01-01T00:00:00Z'), max: z('2026-12-20T00:00:00Z') })
  fc.assert(
    fc.property(
      year,
      fc.integer({ min: 0, max: 10 * 86_400_000 }),
      fc.integer({ min: 0, max: 10 * 86_400_000 }),
      (a, d1, d2) => {
        const b = a + d1
        const c = b + d2
        assert.equal(
          businessMsBetween(london, a, c),
          businessMsBetween(london, a, b) + businessMsBetween(london, b, c),
        )
      },
    ),
    { numRuns: 150, seed: 7 },
  )
  fc.assert(
    fc.property(year, fc.integer({ min: 1, max: 80 * H }), (a, ms) => {
      const due = addBusinessMs(london, a, ms)
      assert.ok(due !== undefined)
      assert.equal(businessMsBetween(london, a, due), ms)
    }),
    { numRuns: 150, seed: 11 },
  )
})
