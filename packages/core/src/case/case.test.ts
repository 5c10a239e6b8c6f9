import { test } from 'node:test'
import assert from 'node:assert/strict'
import { applyCaseCommand, CaseError, compareQueue, openCase, TRANSITIONS } from './state.js'
import { routeCase, type RoutingRule } from './routing.js'
import { renderTemplate } from './template.js'
import { CASE_STATUSES, type Case } from './types.js'

const T0 = Date.parse('2026-01-05T09:00:00Z')

function fresh(): Case {
  const { case: c } = openCase(
    {
      title: 'Pothole on Mill Lane',
      source: { kind: 'post', id: '17' },
      priority: 'normal',
      team: 'Highways',
    },
    'routing',
    T0,
  )
  return { ...c, id: '1', ref: 'CP-1' }
}

test('openCase starts new, links the source post and audits the creation', () => {
  const { case: c, audit } = openCase(
    {
      title: '  Bins not collected ',
      source: { kind: 'post', id: '9' },
      priority: 'high',
      team: 'Waste',
      routing: { rule: 'r1' },
    },
    'routing',
    T0,
  )
  assert.equal(c.status, 'new')
  assert.equal(c.title, 'Bins not collected')
  assert.deepEqual(c.posts, ['9'])
  assert.equal(c.version, 1)
  assert.equal(audit.length, 1)
  assert.equal(audit[0]?.action, 'case.created')
  assert.deepEqual(audit[0]?.detail?.['routing'], { rule: 'r1' })
  assert.throws(
    () =>
      openCase(
        { title: ' ', source: { kind: 'manual', id: 'x' }, priority: 'low', team: null },
        'a',
        T0,
      ),
    CaseError,
  )
})

test('the full path new → triaged → in progress → awaiting → in progress → resolved → closed, every change audited', () => {
  let c = fresh()
  const all: string[] = []
  const step = (cmd: Parameters<typeof applyCaseCommand>[1], at: number) => {
    const r = applyCaseCommand(c, cmd, 'ana', at)
    assert.equal(r.next.version, c.version + 1)
    assert.ok(r.audit.length > 0)
    all.push(...r.audit.map((a) => `${a.action}:${a.from ?? ''}>${a.to ?? ''}`))
    c = r.next
  }
  step({ type: 'triage', priority: 'high', team: 'Highways North' }, T0 + 1)
  step({ type: 'assign', assignee: 'ana' }, T0 + 2)
  step({ type: 'setStatus', status: 'in_progress' }, T0 + 3)
  step({ type: 'setStatus', status: 'awaiting_citizen' }, T0 + 10)
  assert.deepEqual(c.pauses, [{ from: T0 + 10 }])
  step({ type: 'setStatus', status: 'in_progress' }, T0 + 20)
  assert.deepEqual(c.pauses, [{ from: T0 + 10, to: T0 + 20 }])
  step({ type: 'addNote', text: 'Crew booked for Thursday' }, T0 + 21)
  step({ type: 'setStatus', status: 'resolved' }, T0 + 30)
  assert.equal(c.resolvedAt, T0 + 30)
  step({ type: 'setStatus', status: 'closed' }, T0 + 40)
  assert.equal(c.closedAt, T0 + 40)
  assert.deepEqual(all, [
    'priority.changed:normal>high',
    'team.changed:Highways>Highways North',
    'status.changed:new>triaged',
    'assignee.changed:>ana',
    'status.changed:triaged>in_progress',
    'status.changed:in_progress>awaiting_citizen',
    'status.changed:awaiting_citizen>in_progress',
    'note.added:>1',
    'status.changed:in_progress>resolved',
    'status.changed:resolved>closed',
  ])
  // Closed is final, except for notes.
  assert.throws(
    () => applyCaseCommand(c, { type: 'setStatus', status: 'in_progress' }, 'ana', T0 + 50),
    (e: unknown) => e instanceof CaseError && e.code === 'case_final',
  )
  assert.equal(
    applyCaseCommand(c, { type: 'addNote', text: 'Citizen thanked us' }, 'ana', T0 + 51).next.notes
      .length,
    2,
  )
})

test('invalid transitions are refused and leave the case alone', () => {
  const c = fresh()
  const r = applyCaseCommand(c, { type: 'setStatus', status: 'resolved' }, 'ana', T0 + 1).next
  assert.throws(
    () => applyCaseCommand(r, { type: 'setStatus', status: 'awaiting_citizen' }, 'ana', T0 + 2),
    (e: unknown) => e instanceof CaseError && e.code === 'invalid_transition',
  )
  // Every status is in the table and final statuses go nowhere.
  for (const s of CASE_STATUSES) assert.ok(Array.isArray(TRANSITIONS[s]))
  assert.deepEqual(TRANSITIONS.closed, [])
  assert.deepEqual(TRANSITIONS.duplicate, [])
})

test('no-op commands change nothing and write no audit entry', () => {
  const c = fresh()
  const r = applyCaseCommand(c, { type: 'setPriority', priority: 'normal' }, 'ana', T0 + 1)
  assert.equal(r.next, c)
  assert.deepEqual(r.audit, [])
})

test('duplicates merge into another case; a case cannot merge into itself', () => {
  const c = fresh()
  const d = applyCaseCommand(c, { type: 'markDuplicate', of: '7' }, 'ana', T0 + 1)
  assert.equal(d.next.status, 'duplicate')
  assert.equal(d.next.mergedInto, '7')
  assert.equal(d.next.resolvedAt, T0 + 1)
  assert.throws(
    () => applyCaseCommand(c, { type: 'markDuplicate', of: '1' }, 'ana', T0 + 1),
    /itself/,
  )
})

test('recordResponse stops the first-response clock once and moves a new case into progress', () => {
  const c = fresh()
  const r1 = applyCaseCommand(
    c,
    { type: 'recordResponse', platform: 'mastodon', remoteId: '111' },
    'outbox',
    T0 + 5,
  )
  assert.equal(r1.next.firstResponseAt, T0 + 5)
  assert.equal(r1.next.status, 'in_progress')
  const r2 = applyCaseCommand(
    r1.next,
    { type: 'recordResponse', platform: 'mastodon', remoteId: '112' },
    'outbox',
    T0 + 9,
  )
  assert.equal(r2.next.firstResponseAt, T0 + 5)
  assert.equal(r2.audit[0]?.action, 'reply.sent')
})

test('linking and unlinking posts is idempotent', () => {
  let c = fresh()
  c = applyCaseCommand(c, { type: 'linkPost', postId: '18' }, 'ana', T0 + 1).next
  assert.equal(
    applyCaseCommand(c, { type: 'linkPost', postId: '18' }, 'ana', T0 + 2).audit.length,
    0,
  )
  assert.deepEqual(c.posts, ['17', '18'])
  c = applyCaseCommand(c, { type: 'unlinkPost', postId: '17' }, 'ana', T0 + 3).next
  assert.deepEqual(c.posts, ['18'])
})

const rules: RoutingRule[] = [
  {
    id: 'night-lights',
    when: { services: ['lighting.*'], areas: ['E05000001'] },
    team: 'Lighting North',
  },
  { id: 'complaints-high', when: { intents: ['complaint'], minUrgency: 0.6 }, priority: 'high' },
  { id: 'flooding', when: { flags: ['outage'] }, priority: 'high', notify: true },
]
const defaults = {
  serviceTeams: {
    'waste.fly-tipping': 'Waste and Recycling',
    'lighting.street-light-out': 'Street Lighting',
  },
  fallbackTeam: 'Customer Services',
  defaultPriority: 'normal' as const,
}

test('routing: rules in order, taxonomy team per service, fallback team', () => {
  assert.deepEqual(routeCase({ serviceCode: 'waste.fly-tipping' }, rules, defaults), {
    team: 'Waste and Recycling',
    priority: 'normal',
    jump: false,
    notify: false,
    ruleIds: [],
    reason: 'service waste.fly-tipping belongs to Waste and Recycling',
  })
  const r = routeCase(
    {
      serviceCode: 'lighting.street-light-out',
      area: 'E05000001',
      intent: 'complaint',
      urgency: 0.7,
    },
    rules,
    defaults,
  )
  assert.equal(r.team, 'Lighting North')
  assert.equal(r.priority, 'high')
  assert.deepEqual(r.ruleIds, ['night-lights', 'complaints-high'])
  assert.equal(
    routeCase({ serviceCode: 'lighting.street-light-out', area: 'E05000002' }, rules, defaults)
      .team,
    'Street Lighting',
  )
  assert.equal(routeCase({ serviceCode: 'unknown' }, rules, defaults).team, 'Customer Services')
  assert.equal(routeCase({ intent: 'complaint', urgency: 0.5 }, rules, defaults).priority, 'normal')
  assert.equal(routeCase({ flags: ['outage'] }, rules, defaults).notify, true)
})

test('routing: urgent safety flags jump the queue and notify whatever the rules say', () => {
  const r = routeCase(
    { serviceCode: 'waste.fly-tipping', flags: ['risk_to_life'] },
    [{ id: 'low', when: {}, priority: 'low' }],
    defaults,
  )
  assert.equal(r.priority, 'urgent')
  assert.equal(r.jump, true)
  assert.equal(r.notify, true)
  assert.match(r.reason, /risk_to_life/)
})

test('queue order: jumped first, then priority, then due time, then age', () => {
  const q = [
    { id: 'a', jumped: false, priority: 'normal' as const, createdAt: 1, dueAt: 50 },
    { id: 'b', jumped: false, priority: 'high' as const, createdAt: 5 },
    { id: 'c', jumped: true, priority: 'urgent' as const, createdAt: 9 },
    { id: 'd', jumped: false, priority: 'normal' as const, createdAt: 2, dueAt: 40 },
    { id: 'e', jumped: false, priority: 'normal' as const, createdAt: 0 },
  ]
  assert.deepEqual(
    q.sort(compareQueue).map((x) => x.id),
    ['c', 'b', 'd', 'a', 'e'],
  )
})

test('templates fill placeholders and report missing ones', () => {
  const r = renderTemplate('Hi {{name}}, thanks — your reference is {{ case.ref }}. {{eta}}', {
    name: 'Sam',
    'case.ref': 'CP-4',
  })
  assert.equal(r.text, 'Hi Sam, thanks — your reference is CP-4.')
  assert.deepEqual(r.missing, ['eta'])
})
