import { test } from 'node:test'
import { alertsFor, evaluateRule, inQuietHours, type AlertRule } from './alert-rule.js'
import assert from 'node:assert/strict'
import {
  ANY_AREA,
  applySignal,
  commonPhrase,
  extendIncident,
  incidentTitle,
  joinPlaces,
  mergeIncidents,
  pickRepresentatives,
  severityFor,
  transitionIncident,
  type EvidencePost,
  type Incident,
  type IncidentContext,
  type SeriesSignal,
} from './incident.js'

const T = Date.UTC(2026, 2, 2, 7, 0)
const MIN = 60_000
const NAMES: Record<string, string> = {
  'catford-south': 'Catford South',
  'rushey-green': 'Rushey Green',
  'lee-green': 'Lee Green',
}
let counter = 0
const ctx: IncidentContext = {
  newId: () => `inc-${++counter}`,
  gapMs: 2 * 60 * MIN,
  serviceName: (s) => (s === 'waste' ? 'Waste collection' : s),
  areaName: (a) => NAMES[a] ?? a,
  adjacent: (a, b) => [a, b].sort().join('|') === 'catford-south|rushey-green',
}

const posts: EvidencePost[] = [
  { id: 'p1', text: 'Missed bin collection on Holbeach Road again, bags everywhere', time: T },
  { id: 'p2', text: 'Another missed bin collection in our street this morning', time: T + MIN },
  {
    id: 'p3',
    text: 'RT @a: Missed bin collection on Holbeach Road again, bags everywhere',
    time: T + 2 * MIN,
    duplicateOf: 'p1',
  },
  {
    id: 'p4',
    text: 'Missed bin collection, third week running, foxes in the rubbish',
    time: T + 3 * MIN,
  },
]

const signal = (over: Partial<SeriesSignal> = {}): SeriesSignal => ({
  service: 'waste',
  area: 'catford-south',
  time: T,
  observed: 12,
  expected: 1.5,
  p: 1e-7,
  surprise: 7,
  score: 0.6,
  ...over,
})

test('titles are plain words: key phrase and places, service added only when the phrase does not name it', () => {
  const texts = posts.map((p) => p.text)
  assert.equal(commonPhrase(texts), 'missed bin collection')
  assert.equal(
    incidentTitle(texts, 'Waste collection', ['Catford South', 'Rushey Green']),
    'Missed bin collection in Catford South and Rushey Green',
  )
  assert.equal(
    incidentTitle(
      ['Streetlight out on Brownhill Road', 'Streetlight out near the school'],
      'Street lighting',
      ['Lee Green'],
    ),
    'Streetlight out in Lee Green (street lighting)',
  )
  assert.equal(joinPlaces(['A', 'B', 'C', 'D']), 'A, B and 2 other areas')
})

test('severity grows with surprise and volume', () => {
  assert.equal(severityFor(3, 3, 1), 'low')
  assert.equal(severityFor(6, 6, 1), 'medium')
  assert.equal(severityFor(9, 15, 2), 'high')
  assert.equal(severityFor(20, 60, 3), 'critical')
})

test('representative posts skip near-duplicates', () => {
  const reps = pickRepresentatives(posts, 3)
  assert.equal(reps.length, 3)
  assert.ok(!reps.includes('p3'))
})

test('new evidence updates the open incident instead of opening another; redelivery changes nothing', () => {
  const a = applySignal([], signal(), posts.slice(0, 2), ctx)
  assert.equal(a.action, 'opened')
  assert.equal(a.incident.title, 'Missed bin collection in Catford South')
  assert.equal(a.incident.severity, 'medium')
  const b = applySignal(
    [a.incident],
    signal({ area: 'rushey-green', time: T + 15 * MIN, observed: 30, expected: 2, surprise: 14 }),
    posts,
    ctx,
  )
  assert.equal(b.action, 'updated')
  assert.equal(b.incident.id, a.incident.id)
  assert.deepEqual(b.incident.areas, ['catford-south', 'rushey-green'])
  assert.equal(b.incident.severity, 'critical')
  assert.equal(b.previousSeverity, 'medium')
  assert.equal(b.incident.distinctPosts, 3, 'the repost is kept as a member but counted once')
  assert.ok(b.incident.memberPosts.includes('p3'))
  assert.equal(b.incident.title, 'Missed bin collection in Catford South and Rushey Green')
  assert.ok(b.incident.timeline.some((e) => e.kind === 'severity'))
  const again = applySignal(
    [b.incident],
    signal({ area: 'rushey-green', time: T + 15 * MIN, observed: 30, expected: 2, surprise: 14 }),
    posts,
    ctx,
  )
  assert.equal(again.action, 'unchanged')
  assert.deepEqual(again.incident, b.incident)
})

test('another service, a far area or a long gap opens a separate incident; extend never opens one', () => {
  const a = applySignal([], signal(), [], ctx).incident
  assert.equal(applySignal([a], signal({ service: 'lighting' }), [], ctx).action, 'opened')
  assert.equal(applySignal([a], signal({ area: 'lee-green' }), [], ctx).action, 'opened')
  assert.equal(applySignal([a], signal({ time: T + 5 * 60 * MIN }), [], ctx).action, 'opened')
  assert.equal(extendIncident([a], signal({ area: 'lee-green' }), [], ctx), null)
  assert.equal(extendIncident([a], signal({ time: T + 10 * MIN }), [], ctx)?.action, 'updated')
})

test('lifecycle: open → acknowledged → resolved → reopened; invalid moves are refused; resolved incidents take no evidence', () => {
  const a = applySignal([], signal(), [], ctx).incident
  const ack = transitionIncident(a, 'acknowledge', T + MIN, 'Sam')
  assert.ok(ack.ok)
  if (!ack.ok) return
  assert.equal(ack.incident.status, 'acknowledged')
  assert.equal(transitionIncident(ack.incident, 'acknowledge', T + 2 * MIN).ok, false)
  const res = transitionIncident(ack.incident, 'resolve', T + 3 * MIN)
  assert.ok(res.ok)
  if (!res.ok) return
  assert.equal(applySignal([res.incident], signal({ time: T + 4 * MIN }), [], ctx).action, 'opened')
  const re = transitionIncident(res.incident, 'reopen', T + 5 * MIN)
  assert.ok(re.ok && re.incident.status === 'open')
  assert.deepEqual(
    res.incident.timeline.map((e) => e.kind),
    ['opened', 'acknowledged', 'resolved'],
  )
})

test('merging moves areas, posts and history to the target and marks the source merged', () => {
  const a = applySignal([], signal(), posts.slice(0, 1), ctx).incident
  const b = applySignal(
    [],
    signal({ area: 'lee-green', surprise: 15, observed: 40 }),
    posts.slice(3),
    ctx,
  ).incident
  const m = mergeIncidents(a, b, T + 30 * MIN)
  assert.deepEqual(m.target.areas, ['catford-south', 'lee-green'])
  assert.equal(m.target.severity, b.severity)
  assert.ok(m.target.memberPosts.includes('p4'))
  assert.equal(m.source.status, 'merged')
  assert.equal(m.source.mergedInto, a.id)
})

test('quiet hours follow the time zone, including summer time', () => {
  const q = { start: '22:00', end: '07:00', timeZone: 'Europe/London' }
  assert.equal(inQuietHours(Date.UTC(2026, 6, 1, 21, 30), q), true, '22:30 BST')
  assert.equal(inQuietHours(Date.UTC(2026, 6, 1, 6, 30), q), false, '07:30 BST')
  assert.equal(inQuietHours(Date.UTC(2026, 0, 15, 6, 30), q), true, '06:30 GMT')
  assert.equal(inQuietHours(Date.UTC(2026, 0, 15, 12, 0), q), false)
})

test('alert rules: service, area and severity filters; quiet hours defer all but critical; one alert per rise in severity', () => {
  const rule: AlertRule = {
    id: 'r1',
    services: ['waste'],
    areas: ['catford-south'],
    minSeverity: 'medium',
    channels: ['webhook:ops'],
    quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/London' },
  }
  const day = Date.UTC(2026, 2, 2, 12, 0)
  const night = Date.UTC(2026, 2, 2, 23, 0)
  let inc: Incident = applySignal([], signal(), [], ctx).incident
  assert.deepEqual(evaluateRule(rule, inc, day), { matches: true, deferred: false })
  assert.deepEqual(evaluateRule(rule, inc, night), { matches: true, deferred: true })
  assert.equal(evaluateRule({ ...rule, services: ['lighting'] }, inc, day).matches, false)
  assert.equal(evaluateRule({ ...rule, areas: ['lee-green'] }, inc, day).matches, false)
  assert.equal(evaluateRule({ ...rule, minSeverity: 'high' }, inc, day).matches, false)

  const sent = new Set<string>()
  const first = alertsFor(inc, [rule], day, sent)
  assert.equal(first.length, 1)
  first.forEach((a) => sent.add(a.key))
  assert.equal(
    alertsFor(inc, [rule], day + MIN, sent).length,
    0,
    'no second alert at the same severity',
  )
  inc = applySignal(
    [inc],
    signal({ time: T + 10 * MIN, observed: 60, expected: 2, surprise: 25 }),
    [],
    ctx,
  ).incident
  assert.equal(inc.severity, 'critical')
  const second = alertsFor(inc, [rule], night, sent)
  assert.equal(second.length, 1)
  assert.equal(second[0]!.deferred, false, 'critical passes quiet hours')
  second.forEach((a) => sent.add(a.key))
  assert.equal(
    alertsFor({ ...inc, severity: 'high' }, [rule], day, sent).length,
    0,
    'a fall in severity is not an alert',
  )
  const resolved = transitionIncident(inc, 'resolve', day)
  assert.ok(resolved.ok && !evaluateRule(rule, resolved.incident, day).matches)
})

test('area-wide evidence joins an incident in any area, and a named area replaces the area-wide one', () => {
  const opened = applySignal([], signal({ area: 'lee-green' }), posts.slice(0, 2), ctx)
  assert.equal(opened.action, 'opened')
  const wide = applySignal(
    [opened.incident],
    signal({ area: ANY_AREA, time: T + 5 * MIN }),
    [],
    ctx,
  )
  assert.equal(wide.action, 'updated', 'the area-wide series of the same group joins it')
  assert.deepEqual(
    wide.incident.areas,
    ['lee-green'],
    'the area-wide marker is not added to named areas',
  )
  const first = applySignal([], signal({ area: ANY_AREA }), posts.slice(0, 2), ctx)
  const named = applySignal(
    [first.incident],
    signal({ area: 'lee-green', time: T + 5 * MIN }),
    [posts[3]!],
    ctx,
  )
  assert.equal(named.action, 'updated')
  assert.deepEqual(named.incident.areas, ['lee-green'])
})

test('evidence of another service joins a live incident only when the caller says it is related', () => {
  const opened = applySignal([], signal(), posts.slice(0, 2), ctx)
  const other = signal({ service: 'cleaning', time: T + 5 * MIN })
  assert.equal(applySignal([opened.incident], other, [posts[3]!], ctx).action, 'opened')
  const related: IncidentContext = {
    ...ctx,
    related: (inc, ev) => ev.some((p) => p.text.includes('bin')) && inc.service === 'waste',
  }
  const joined = applySignal([opened.incident], other, [posts[3]!], related)
  assert.equal(joined.action, 'updated')
  assert.equal(joined.incident.service, 'waste', 'the incident keeps its service')
  assert.ok(joined.incident.memberPosts.includes('p4'))
})

test('titles skip phrases made of place words', () => {
  const texts = [
    'Brockley Road is flooded again',
    'Brockley Road is flooded now',
    'burst main on Brockley Road',
    'burst main, water everywhere',
  ]
  assert.equal(commonPhrase(texts), 'brockley road')
  assert.equal(commonPhrase(texts, new Set(['brockley', 'road'])), 'burst main')
})

test('alert rules match services through their group, and area-wide incidents match every area', () => {
  const rule: AlertRule = {
    id: 'r2',
    services: ['waste.missed-collection'],
    areas: ['lee-green'],
    minSeverity: 'low',
    channels: ['webhook:ops'],
  }
  const day = Date.UTC(2026, 2, 2, 12, 0)
  const groupWide = applySignal([], signal({ area: ANY_AREA }), [], ctx).incident
  assert.equal(
    evaluateRule(rule, groupWide, day).matches,
    true,
    'a waste incident across the area reaches a missed-collection rule for Lee Green',
  )
  assert.equal(
    evaluateRule({ ...rule, services: ['roads.pothole'] }, groupWide, day).matches,
    false,
  )
  const exact = applySignal(
    [],
    signal({ service: 'waste.bins', area: 'lee-green' }),
    [],
    ctx,
  ).incident
  assert.equal(
    evaluateRule({ ...rule, services: ['waste'] }, exact, day).matches,
    true,
    'a group rule hears of its services',
  )
  assert.equal(
    evaluateRule(rule, exact, day).matches,
    false,
    'sibling services do not match each other',
  )
})
