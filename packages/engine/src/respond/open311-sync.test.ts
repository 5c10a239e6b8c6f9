import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ManualClock } from '@civicpulse/core'
import { MemoryCaseStore, MemoryReplyOutbox } from './memory-store.js'
import { RespondService } from './service.js'
import {
  Open311Sync,
  type Open311Gateway,
  type Open311LinkRow,
  type Open311LinkStore,
} from './open311-sync.js'
import { alwaysOpen, type SlaPolicy } from '@civicpulse/core'

const T0 = Date.parse('2026-03-02T10:00:00Z')
const policy: SlaPolicy = {
  id: 'p',
  calendar: alwaysOpen(),
  firstResponseMinutes: { urgent: 60, high: 60, normal: 60, low: 60 },
  resolutionMinutes: { urgent: 600, high: 600, normal: 600, low: 600 },
}

class Links implements Open311LinkStore {
  rows: (Open311LinkRow & { status_notes: string | null })[] = []
  linkOpen311(
    caseId: string,
    endpoint: string,
    link: { token?: string; service_request_id?: string },
  ) {
    this.rows.push({
      case_id: caseId,
      endpoint,
      token: link.token ?? null,
      service_request_id: link.service_request_id ?? null,
      status: null,
      status_notes: null,
    })
    return Promise.resolve()
  }
  recordOpen311Poll(
    caseId: string,
    endpoint: string,
    p: { service_request_id: string | null; status: string | null; status_notes: string | null },
  ) {
    const r = this.rows.find((x) => String(x.case_id) === caseId && x.endpoint === endpoint)
    if (r)
      Object.assign(r, {
        service_request_id: p.service_request_id ?? r.service_request_id,
        status: p.status,
        status_notes: p.status_notes,
      })
    return Promise.resolve()
  }
  openOpen311Links() {
    return Promise.resolve(this.rows.filter((r) => r.status !== 'closed').map((r) => ({ ...r })))
  }
  open311LinksOf(caseId: string) {
    return Promise.resolve(this.rows.filter((r) => String(r.case_id) === caseId))
  }
}

test('a case pushed over Open311 is resolved when the external request closes', async () => {
  const clock = new ManualClock(T0)
  const cases = new MemoryCaseStore()
  const service = new RespondService({
    cases,
    outbox: new MemoryReplyOutbox(),
    clock,
    rules: [],
    defaults: { serviceTeams: {}, fallbackTeam: 'Highways', defaultPriority: 'normal' },
    policies: { byTeam: {}, fallback: policy },
  })
  const pushed: unknown[] = []
  let state: 'pending' | 'open' | 'closed' = 'pending'
  const gw: Open311Gateway = {
    pushCase: (p) => (pushed.push(p), Promise.resolve({ token: 'tok-9' })),
    poll: (link) => {
      assert.equal(link.token, 'tok-9')
      if (state === 'pending')
        return Promise.resolve({ service_request_id: null, status: null, status_notes: null })
      return Promise.resolve({
        service_request_id: '7001',
        status: state,
        status_notes: state === 'closed' ? 'Pothole filled.' : null,
      })
    },
  }
  const links = new Links()
  const sync = new Open311Sync({
    service,
    cases,
    links,
    gateways: { county: gw },
    clock,
    describe: (c) =>
      Promise.resolve({
        serviceCode: c.serviceCode ?? 'highways.pothole',
        description: `${c.title} (${c.ref})`,
        lat: 51.46,
        long: -0.01,
      }),
  })
  const c = (
    await service.open(
      { kind: 'post', id: '3' },
      { title: 'Pothole on Mill Lane', serviceCode: 'highways.pothole' },
      'routing',
    )
  ).case
  await service.act(c.id, { type: 'setStatus', status: 'in_progress' }, 'ana')
  assert.deepEqual(await sync.push(c.id, 'county', 'ana'), { token: 'tok-9' })
  assert.deepEqual(
    await sync.pushOnce(c.id, 'county', 'ana'),
    { link: { token: 'tok-9' }, created: false },
    'a second push answers the existing link',
  )
  assert.deepEqual(pushed, [
    {
      serviceCode: 'highways.pothole',
      description: `Pothole on Mill Lane (${c.ref})`,
      lat: 51.46,
      long: -0.01,
    },
  ])
  assert.equal(await sync.pollAll(), 0)
  state = 'open'
  assert.equal(await sync.pollAll(), 0)
  assert.equal(links.rows[0]?.service_request_id, '7001')
  state = 'closed'
  clock.advance(3_600_000)
  assert.equal(await sync.pollAll(), 1)
  const after = await cases.get(c.id)
  assert.equal(after?.status, 'resolved')
  assert.equal(after?.resolvedAt, T0 + 3_600_000)
  assert.deepEqual(
    after?.notes.map((n) => n.text),
    [
      'Sent to county over Open311 (token tok-9).',
      'county gave token tok-9 the id 7001; county reports request 7001 as open.',
      'county reports request 7001 as closed; notes: Pothole filled.',
    ],
  )
  assert.equal(await sync.pollAll(), 0, 'closed links are no longer polled')
  await assert.rejects(sync.push(c.id, 'nowhere', 'ana'), /No Open311 endpoint/)
})
