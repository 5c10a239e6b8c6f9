import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ManualClock } from '@civicpulse/core'
import { MemoryCaseStore, MemoryReplyOutbox } from './memory-store.js'
import { RespondService } from './service.js'
import { ReplyOutboxProcessor } from './outbox.js'
import {
  officeHours,
  alwaysOpen,
  ReplySendError,
  type ReplyPlatform,
  type ReplySender,
  type ReplyTarget,
  type SlaPolicy,
} from '@civicpulse/core'

const T0 = Date.parse('2026-01-05T09:00:00Z') // Monday 09:00 in London
const H = 3_600_000
const policy: SlaPolicy = {
  id: 'office',
  calendar: officeHours('Europe/London'),
  firstResponseMinutes: { urgent: 60, high: 120, normal: 480, low: 960 },
  resolutionMinutes: { urgent: 240, high: 960, normal: 2400, low: 4800 },
}
const urgentPolicy: SlaPolicy = { ...policy, id: '24x7', calendar: alwaysOpen('Europe/London') }
const target: ReplyTarget = { platform: 'mastodon', account: 'council', inReplyTo: '1100' }

function setup(senders: Partial<Record<ReplyPlatform, ReplySender>> = {}) {
  const clock = new ManualClock(T0)
  const cases = new MemoryCaseStore()
  const outbox = new MemoryReplyOutbox()
  const notified: string[] = []
  const svc = new RespondService({
    cases,
    outbox,
    clock,
    rules: [{ id: 'lighting-high', when: { services: ['lighting.*'] }, priority: 'high' }],
    defaults: {
      serviceTeams: { 'waste.bins': 'Waste', 'lighting.out': 'Lighting' },
      fallbackTeam: 'Customer Services',
      defaultPriority: 'normal',
    },
    policies: { byTeam: { Waste: policy, 'Customer Services': urgentPolicy }, fallback: policy },
    notify: (c) => {
      notified.push(c.ref)
      return Promise.resolve()
    },
  })
  const proc = new ReplyOutboxProcessor({
    store: outbox,
    senders,
    clock,
    baseDelayMs: 1000,
    onSent: svc.onReplySent,
    onFailed: svc.onReplyFailed,
  })
  return { clock, cases, outbox, svc, proc, notified }
}

test('opening a case routes it, is idempotent per source, and safety flags notify', async () => {
  const { svc, notified, cases } = setup()
  const a = await svc.open(
    { kind: 'post', id: '5' },
    { title: 'Bins missed on Elm Road', serviceCode: 'waste.bins', intent: 'complaint' },
    'routing',
  )
  assert.equal(a.created, true)
  assert.equal(a.case.team, 'Waste')
  assert.equal(a.case.priority, 'normal')
  assert.deepEqual(a.case.posts, ['5'])
  const again = await svc.open({ kind: 'post', id: '5' }, { title: 'x' }, 'routing')
  assert.equal(again.created, false)
  assert.equal(again.case.id, a.case.id)
  const u = await svc.open(
    { kind: 'post', id: '6' },
    { title: 'Live cable hanging down', serviceCode: 'lighting.out', flags: ['safety'] },
    'routing',
  )
  assert.equal(u.case.priority, 'urgent')
  assert.equal(u.case.jumped, true)
  assert.deepEqual(notified, [u.case.ref])
  assert.equal((await cases.audit(u.case.id))[0]?.action, 'case.created')
})

test('commands go through the state machine and leave an audit trail; queues sort and flag overdue', async () => {
  const { svc, clock, cases } = setup()
  const a = (
    await svc.open(
      { kind: 'post', id: '1' },
      { title: 'Bins', serviceCode: 'waste.bins' },
      'routing',
    )
  ).case
  const b = (
    await svc.open(
      { kind: 'post', id: '2' },
      { title: 'Streetlight', serviceCode: 'lighting.out' },
      'routing',
    )
  ).case
  await svc.act(a.id, { type: 'assign', assignee: 'ana' }, 'lead')
  await svc.act(a.id, { type: 'setStatus', status: 'in_progress' }, 'ana')
  assert.deepEqual(
    (await svc.queue({ kind: 'mine', user: 'ana' })).map((q) => q.case.id),
    [a.id],
  )
  assert.deepEqual(
    (await svc.queue({ kind: 'unassigned' })).map((q) => q.case.id),
    [b.id],
  )
  assert.deepEqual(
    (await svc.queue({ kind: 'team', team: 'Waste' })).map((q) => q.case.id),
    [a.id],
  )
  // b is high priority (2 business hours); a normal (8). At 11:30 only b is overdue.
  clock.set(T0 + 2.5 * H)
  const overdue = await svc.queue({ kind: 'overdue' })
  assert.deepEqual(
    overdue.map((q) => q.case.id),
    [b.id],
  )
  assert.equal(overdue[0]?.sla.firstResponse.phase, 'overdue')
  const trail = (await cases.audit(a.id)).map((e) => e.action)
  assert.deepEqual(trail, ['case.created', 'assignee.changed', 'status.changed'])
  await assert.rejects(
    svc.act(a.id, { type: 'setStatus', status: 'new' as never }, 'ana'),
    /cannot become/,
  )
})

test('a reply goes through the outbox once, stops the first-response clock and leaves the overdue view', async () => {
  const sent: string[] = []
  const mastodon: ReplySender = {
    platform: 'mastodon',
    idempotentByKey: true,
    send: (_t, text, key) => {
      sent.push(`${key}|${text}`)
      return Promise.resolve({ id: '1200', url: 'https://example.social/@council/1200' })
    },
  }
  const { svc, proc, clock, outbox } = setup({ mastodon })
  const c = (
    await svc.open(
      { kind: 'post', id: '1' },
      { title: 'Lights out', serviceCode: 'lighting.out' },
      'routing',
    )
  ).case
  clock.set(T0 + 3 * H)
  assert.equal((await svc.queue({ kind: 'overdue' })).length, 1)
  const item = await svc.queueReply(
    c.id,
    { target, text: `Thanks, we are on it. Ref ${c.ref}`, clientKey: 'k1' },
    'ana',
  )
  const dup = await svc.queueReply(
    c.id,
    { target, text: `Thanks, we are on it. Ref ${c.ref}`, clientKey: 'k1' },
    'ana',
  )
  assert.equal(dup.id, item.id)
  assert.deepEqual(await proc.runOnce(), {
    sent: 1,
    retried: 0,
    failed: 0,
    uncertain: 0,
    skipped: 0,
  })
  assert.deepEqual(await proc.runOnce(), {
    sent: 0,
    retried: 0,
    failed: 0,
    uncertain: 0,
    skipped: 0,
  })
  assert.equal(sent.length, 1)
  assert.match(sent[0] ?? '', /^cp-[0-9a-f]{32}\|Thanks/)
  const after = await svc.queue({ kind: 'team', team: 'Lighting' })
  assert.equal(after[0]?.case.firstResponseAt, T0 + 3 * H)
  assert.equal(after[0]?.case.status, 'in_progress')
  assert.equal(after[0]?.sla.firstResponse.phase, 'breached')
  assert.equal((await svc.queue({ kind: 'overdue' })).length, 0)
  assert.equal((await outbox.get(item.id))?.remoteId, '1200')
})

test('429 waits for the reset time, 5xx backs off, 4xx fails at once with the platform message', async () => {
  const script: (ReplySendError | null)[] = [
    new ReplySendError('rate_limited', 'Too many requests', 429, T0 + 10 * 60_000),
    new ReplySendError('server', 'Bad gateway', 502),
    null,
  ]
  const calls: number[] = []
  const x: ReplySender = {
    platform: 'x',
    idempotentByKey: false,
    send: () => {
      calls.push(clock.now())
      const e = script.shift()
      return e ? Promise.reject(e) : Promise.resolve({ id: '77', url: null })
    },
  }
  const { svc, proc, clock, outbox } = setup({ x })
  const c = (
    await svc.open(
      { kind: 'post', id: '1' },
      { title: 'Bins', serviceCode: 'waste.bins' },
      'routing',
    )
  ).case
  const item = await svc.queueReply(
    c.id,
    { target: { ...target, platform: 'x' }, text: 'On it', clientKey: 'a' },
    'ana',
  )
  assert.equal((await proc.runOnce()).retried, 1)
  assert.equal((await outbox.get(item.id))?.nextAttemptAt, T0 + 10 * 60_000)
  clock.set(T0 + 5 * 60_000)
  assert.equal((await proc.runOnce()).retried, 0, 'not due before the reset time')
  clock.set(T0 + 10 * 60_000)
  assert.equal((await proc.runOnce()).retried, 1)
  // Second attempt: base 1 s × 2.
  assert.equal((await outbox.get(item.id))?.nextAttemptAt, T0 + 10 * 60_000 + 2000)
  clock.advance(2000)
  assert.equal((await proc.runOnce()).sent, 1)
  assert.equal(calls.length, 3)

  const reddit: ReplySender = {
    platform: 'reddit',
    idempotentByKey: false,
    send: () =>
      Promise.reject(
        new ReplySendError('client', 'reddit: THREAD_LOCKED: that thread is locked', 400),
      ),
  }
  const s2 = setup({ reddit })
  const c2 = (await s2.svc.open({ kind: 'post', id: '9' }, { title: 'Bins' }, 'routing')).case
  const i2 = await s2.svc.queueReply(
    c2.id,
    {
      target: { ...target, platform: 'reddit', inReplyTo: 't3_abc' },
      text: 'Hello',
      clientKey: 'b',
    },
    'ana',
  )
  assert.equal((await s2.proc.runOnce()).failed, 1)
  assert.equal((await s2.outbox.get(i2.id))?.status, 'failed')
  const note = (await s2.cases.get(c2.id))?.notes[0]?.text ?? ''
  assert.match(note, /THREAD_LOCKED: that thread is locked/)
})

test('gives up after maxAttempts retryable failures', async () => {
  const bluesky: ReplySender = {
    platform: 'bluesky',
    idempotentByKey: true,
    send: () => Promise.reject(new ReplySendError('server', 'Unavailable', 503)),
  }
  const { svc, clock, outbox, cases } = setup()
  const proc = new ReplyOutboxProcessor({
    store: outbox,
    senders: { bluesky },
    clock,
    baseDelayMs: 10,
    maxAttempts: 3,
    onFailed: svc.onReplyFailed,
  })
  const c = (await svc.open({ kind: 'post', id: '1' }, { title: 'Bins' }, 'routing')).case
  const item = await svc.queueReply(
    c.id,
    { target: { ...target, platform: 'bluesky' }, text: 'Hi', clientKey: 'z' },
    'ana',
  )
  for (let i = 0; i < 3; i++) {
    await proc.runOnce()
    clock.advance(60_000)
  }
  const it = await outbox.get(item.id)
  assert.equal(it?.status, 'failed')
  assert.equal(it?.attempts, 3)
  assert.match((await cases.get(c.id))?.notes[0]?.text ?? '', /Gave up after 3 attempts/)
})

test('recovery after a crash mid-send: look on the platform, resend only if the platform de-duplicates, else park as uncertain', async () => {
  const mk = async (sender: ReplySender) => {
    const s = setup({ [sender.platform]: sender })
    const c = (await s.svc.open({ kind: 'post', id: '1' }, { title: 'Bins' }, 'routing')).case
    const it = await s.svc.queueReply(
      c.id,
      { target: { ...target, platform: sender.platform }, text: 'Hi', clientKey: 'c' },
      'ana',
    )
    // Simulate the crash: claimed (sending), never acknowledged.
    assert.equal(
      await s.outbox.claim(it.id, { status: 'pending', attempts: 0 }, s.clock.now()),
      true,
    )
    return { ...s, it }
  }
  // Found on the platform: marked sent, not sent again.
  let sends = 0
  const withLookup: ReplySender = {
    platform: 'reddit',
    idempotentByKey: false,
    send: () => {
      sends++
      return Promise.resolve({ id: 't1_new', url: null })
    },
    findExisting: () => Promise.resolve({ id: 't1_old', url: null }),
  }
  const a = await mk(withLookup)
  assert.equal((await a.proc.runOnce()).sent, 0, 'a fresh claim is not stale yet')
  a.clock.advance(3 * 60_000)
  assert.equal((await a.proc.runOnce()).sent, 1)
  assert.equal(sends, 0)
  assert.equal((await a.outbox.get(a.it.id))?.remoteId, 't1_old')
  // Neither a lookup nor de-duplication: parked for a person.
  const blind: ReplySender = {
    platform: 'x',
    idempotentByKey: false,
    send: () => Promise.reject(new Error('must not be called')),
  }
  const b = await mk(blind)
  b.clock.advance(3 * 60_000)
  assert.equal((await b.proc.runOnce()).uncertain, 1)
  assert.equal((await b.outbox.get(b.it.id))?.status, 'uncertain')
  // Platform de-duplicates by key: resend with the same key.
  const keys: string[] = []
  const dedup: ReplySender = {
    platform: 'mastodon',
    idempotentByKey: true,
    send: (_t, _x, k) => (keys.push(k), Promise.resolve({ id: '9', url: null })),
  }
  const d = await mk(dedup)
  d.clock.advance(3 * 60_000)
  assert.equal((await d.proc.runOnce()).sent, 1)
  assert.deepEqual(keys, [d.it.idempotencyKey])
})
