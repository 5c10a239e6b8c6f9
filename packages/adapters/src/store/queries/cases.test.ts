import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openSqliteStore } from '../sqlite/sqlite-store.js'
import { CaseRepository } from './cases.js'
import { applyCaseCommand, CaseConflictError, openCase } from '@civicpulse/core'

const T0 = Date.parse('2026-01-05T09:00:00Z')

async function repo() {
  const store = await openSqliteStore({ path: ':memory:' })
  return { store, repo: new CaseRepository(store.db) }
}

test('CaseRepository: create, read back, update with optimistic version, audit trail, notes and posts', async () => {
  const { store, repo: r } = await repo()
  try {
    const { case: draft, audit } = openCase(
      {
        title: 'Pothole',
        source: { kind: 'post', id: '17' },
        priority: 'normal',
        team: 'Highways',
        urgencyFlags: ['safety'],
        jumped: true,
        routing: { rules: ['r1'] },
      },
      'routing',
      T0,
    )
    const c = await r.create(draft, audit)
    assert.equal(c.ref, `CP-${c.id}`)
    assert.deepEqual(c.posts, ['17'])
    assert.deepEqual(c.urgencyFlags, ['safety'])
    assert.equal(c.jumped, true)
    assert.equal(c.version, 1)
    assert.deepEqual((await r.findBySource({ kind: 'post', id: '17' }))?.id, c.id)

    let cur = c
    for (const cmd of [
      { type: 'assign', assignee: 'ana' },
      { type: 'linkPost', postId: '18' },
      { type: 'addNote', text: 'Crew booked' },
      { type: 'setStatus', status: 'awaiting_citizen' },
      { type: 'addNote', text: 'Asked for a photo' },
      { type: 'setStatus', status: 'in_progress' },
    ] as const) {
      const ch = applyCaseCommand(cur, cmd, 'ana', (cur.updatedAt as number) + 60_000)
      await r.update(ch.next, cur.version, ch.audit)
      cur = ch.next
    }
    const back = await r.get(c.id)
    assert.deepEqual(back, cur, 'what was saved reads back identically')
    assert.deepEqual(
      back?.notes.map((x) => x.text),
      ['Crew booked', 'Asked for a photo'],
    )
    assert.deepEqual(back?.posts, ['17', '18'])
    assert.equal(back?.pauses.length, 1)
    assert.ok(back?.pauses[0]?.to !== undefined)
    // A stale version is refused and nothing is written.
    const stale = applyCaseCommand(c, { type: 'setPriority', priority: 'low' }, 'bob', T0 + 999)
    await assert.rejects(r.update(stale.next, c.version, stale.audit), CaseConflictError)
    assert.equal((await r.get(c.id))?.priority, 'normal')
    const trail = await r.audit(c.id)
    assert.deepEqual(
      trail.map((e) => e.action),
      [
        'case.created',
        'assignee.changed',
        'post.linked',
        'note.added',
        'status.changed',
        'note.added',
        'status.changed',
      ],
    )
    assert.deepEqual(trail[0]?.detail?.['routing'], { rules: ['r1'] })
    assert.equal(trail[4]?.from, 'new')
    assert.equal(trail[4]?.to, 'awaiting_citizen')
    assert.deepEqual(
      (await r.casesForPost('18')).map((x) => x.id),
      [c.id],
    )
  } finally {
    await store.close()
  }
})

test('CaseRepository: list filters for the queues', async () => {
  const { store, repo: r } = await repo()
  try {
    const mk = async (id: string, team: string, assignee: string | null) => {
      const { case: d, audit } = openCase(
        { title: `Case ${id}`, source: { kind: 'post', id }, priority: 'normal', team, assignee },
        'routing',
        T0,
      )
      return r.create(d, audit)
    }
    const a = await mk('1', 'Waste', 'ana')
    const b = await mk('2', 'Waste', null)
    const c = await mk('3', 'Highways', null)
    const closed = applyCaseCommand(c, { type: 'setStatus', status: 'closed' }, 'ana', T0 + 1)
    await r.update(closed.next, c.version, closed.audit)
    assert.deepEqual(
      (await r.list({ team: 'Waste' })).map((x) => x.id),
      [a.id, b.id],
    )
    assert.deepEqual(
      (await r.list({ unassigned: true })).map((x) => x.id),
      [b.id, c.id],
    )
    assert.deepEqual(
      (await r.list({ assignee: 'ana' })).map((x) => x.id),
      [a.id],
    )
    assert.deepEqual(
      (await r.list({ status: ['new'], unassigned: true })).map((x) => x.id),
      [b.id],
    )
    assert.equal(
      await r.findBySource({ kind: 'post', id: '3' }),
      undefined,
      'a closed case does not block a new one',
    )
    assert.equal(await r.get('nope'), undefined)
  } finally {
    await store.close()
  }
})

test('ReplyOutboxRepository: idempotent enqueue, due/stale selection, guarded claim, outcomes', async () => {
  const { store, repo: r } = await repo()
  try {
    const o = r.outbox
    const target = { platform: 'mastodon' as const, account: 'council', inReplyTo: '1100' }
    const a = await o.enqueue(
      { idempotencyKey: 'k1', caseId: '1', target, text: 'Hello', createdBy: 'ana' },
      T0,
    )
    const again = await o.enqueue(
      { idempotencyKey: 'k1', caseId: '1', target, text: 'Hello', createdBy: 'ana' },
      T0 + 5,
    )
    assert.equal(a.created, true)
    assert.equal(again.created, false)
    assert.equal(again.item.id, a.item.id)
    assert.deepEqual(a.item.target, target)
    assert.deepEqual(
      (await o.due(T0, T0 - 120_000, 10)).map((x) => x.id),
      [a.item.id],
    )
    assert.equal(await o.claim(a.item.id, { status: 'pending', attempts: 0 }, T0), true)
    assert.equal(
      await o.claim(a.item.id, { status: 'pending', attempts: 0 }, T0),
      false,
      'a second worker cannot take it',
    )
    assert.deepEqual(
      await o.due(T0 + 60_000, T0 + 60_000 - 120_000, 10),
      [],
      'a fresh claim is not due',
    )
    const stale = await o.due(T0 + 200_000, T0 + 200_000 - 120_000, 10)
    assert.equal(stale[0]?.status, 'sending')
    assert.equal(stale[0]?.attempts, 1)
    await o.markRetry(a.item.id, 'mastodon: Too many requests', T0 + 600_000, T0 + 1)
    assert.deepEqual(await o.due(T0 + 599_999, 0, 10), [])
    assert.equal((await o.due(T0 + 600_000, 0, 10)).length, 1)
    assert.equal(await o.claim(a.item.id, { status: 'pending', attempts: 1 }, T0 + 600_000), true)
    await o.markSent(
      a.item.id,
      { id: '1200', url: 'https://social.example/@council/1200' },
      T0 + 600_001,
    )
    const sent = await o.get(a.item.id)
    assert.equal(sent?.status, 'sent')
    assert.equal(sent?.remoteId, '1200')
    assert.equal(sent?.attempts, 2)
    assert.equal(sent?.claimedAt, null)
    const b = await o.enqueue(
      { idempotencyKey: 'k2', caseId: '1', target, text: 'Second', createdBy: 'ana' },
      T0,
    )
    await o.markFailed(b.item.id, 'uncertain', 'interrupted', T0 + 2)
    assert.deepEqual(
      (await o.listByCase('1')).map((x) => x.status),
      ['sent', 'uncertain'],
    )
  } finally {
    await store.close()
  }
})

test('CaseRepository: Open311 links are recorded and polled until closed', async () => {
  const { store, repo: r } = await repo()
  try {
    await r.linkOpen311('7', 'https://city.example/open311/v2', { token: 'tok-1' }, T0)
    assert.equal((await r.openOpen311Links()).length, 1)
    await r.recordOpen311Poll(
      '7',
      'https://city.example/open311/v2',
      { service_request_id: '900', status: 'open', status_notes: null },
      T0 + 1,
    )
    const [l] = await r.openOpen311Links()
    assert.equal(l?.service_request_id, '900')
    assert.equal(l?.token, 'tok-1')
    await r.recordOpen311Poll(
      '7',
      'https://city.example/open311/v2',
      { service_request_id: null, status: 'closed', status_notes: 'Done' },
      T0 + 2,
    )
    assert.deepEqual(await r.openOpen311Links(), [])
  } finally {
    await store.close()
  }
})
