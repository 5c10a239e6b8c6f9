/**
 * Respond in the product wiring: an incident the detector opens becomes a case for the service's
 * team, stored posts matched by an `open: auto` rule open cases, and an SLA breach is announced once
 * through the alert channels (the in-app channel by default).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Incident, Labels, StoredPost } from '@civicpulse/core'
import type { SqliteStore } from '@civicpulse/adapters'
import { SEED_NOW, seedStore } from '../../server/src/testing/seed.js'
import { startRespond, type RespondHooks } from '../src/respond.js'

let dir: string
let store: SqliteStore
let postIds: number[]

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-respond-'))
  ;({ store, postIds } = await seedStore({ path: join(dir, 'r.db') }))
})
after(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

test('incidents and flagged posts open cases; a breach alerts once', async () => {
  let now = SEED_NOW
  const alerts: unknown[] = []
  const hooks: RespondHooks = {}
  const host = {
    live: { emit: (e: { type: 'alert'; data: unknown }) => void alerts.push(e.data) },
    respondHooks: hooks,
  }
  const { runtime, deliverAlerts, stop } = await startRespond(store.db, host, {
    now: () => now,
    outboxEveryMs: 60_000,
    sweepEveryMs: 60_000,
  })
  try {
    await hooks.incident?.({ id: 'inc-bins-bellingham' } as Incident, 'opened')
    const inc = await runtime.cases.findBySource({ kind: 'incident', id: 'inc-bins-bellingham' })
    assert.equal(inc?.team, 'waste-and-recycling')
    assert.ok((inc?.posts.length ?? 0) > 0, 'the incident’s posts are linked')
    await hooks.incident?.({ id: 'inc-fly-tipping' } as Incident, 'updated')
    assert.equal(
      await runtime.cases.findBySource({ kind: 'incident', id: 'inc-fly-tipping' }),
      undefined,
      'only opened incidents open cases',
    )

    const labels = {
      relevant: { p: 0.9 },
      intent: { label: 'complaint', p: 0.9 },
      service: { code: 'roads.pothole', name: 'Potholes', p: 0.8, top: [] },
      sentiment: { label: 'negative', score: -0.5 },
      urgency: { score: 0.9, flags: ['risk_to_life'] },
      language: { code: 'en', p: 0.99 },
      places: [],
      spam: { p: 0.01 },
      abuse: { p: 0.01 },
    } as unknown as Labels
    await hooks.posts?.(
      [{ text: 'A tree fell across the road', labels } as unknown as StoredPost],
      [postIds[30] as number],
    )
    const urgent = await runtime.cases.findBySource({ kind: 'post', id: String(postIds[30]) })
    assert.equal(urgent?.priority, 'urgent')
    assert.ok(
      alerts.some((a) => (a as { type: string }).type === 'case.urgent'),
      'urgent safety cases notify the in-app feed',
    )

    // Friday 12:00 + 6 days: every first-response clock has run out.
    now = SEED_NOW + 6 * 86_400_000
    const n = await runtime.sweepSla()
    assert.ok(n >= 2)
    await deliverAlerts()
    const breaches = alerts.filter((a) => (a as { type: string }).type === 'case.sla_breached')
    assert.equal(breaches.length, n, 'one alert per breach through the in-app channel')
    assert.equal(await runtime.sweepSla(), 0)
    await deliverAlerts()
    assert.equal(
      alerts.filter((a) => (a as { type: string }).type === 'case.sla_breached').length,
      n,
      'a breach is announced once',
    )
  } finally {
    stop()
  }
  assert.equal(hooks.posts, undefined, 'stop takes the hooks off the pipeline')
})

test('in a demo database, replies on every platform reach the local sandbox', async () => {
  const d = mkdtempSync(join(tmpdir(), 'cp-sandbox-'))
  const platforms = ['mastodon', 'x', 'reddit', 'bluesky'] as const
  const ids = {
    mastodon: '113000000000000001',
    x: '1790000000000000001',
    reddit: 't3_1abcde',
    bluesky: 'at://did:plc:citizen0000000000000000/app.bsky.feed.post/3l3qo2vuowo2b',
  }
  const seeded = await seedStore({
    path: join(d, 'demo.db'),
    posts: platforms.map((platform, k) => ({
      text: `The bins on Elm Road were missed again (${platform})`,
      createdAt: SEED_NOW - (k + 1) * 60_000,
      platform,
      service: 'waste.missed-collection',
      intent: 'complaint',
      sentiment: 'negative' as const,
      ward: 'E05013714',
    })),
  })
  try {
    for (const [k, platform] of platforms.entries())
      await seeded.store.db
        .updateTable('posts')
        .set({ platform_id: ids[platform] })
        .where('id', '=', seeded.postIds[k] as number)
        .execute()
    await seeded.store.db
      .insertInto('meta')
      .values({ key: 'civicpulse_demo', value: '1' })
      .execute()
    const { runtime, sandboxUrl, stop } = await startRespond(
      seeded.store.db,
      { live: { emit: () => {} }, respondHooks: {} },
      { outboxEveryMs: 60_000, sweepEveryMs: 60_000 },
    )
    try {
      assert.ok(sandboxUrl?.startsWith('http://127.0.0.1:'))
      for (const [k, platform] of platforms.entries()) {
        const { case: c } = await runtime.openFromPost(seeded.postIds[k] as number, 'test')
        const r = await runtime.submitReply(
          c.id,
          { text: `Sorry, logged as ${c.ref}.`, clientKey: `sandbox-${platform}` },
          'responder@demo.civicpulse.local',
        )
        assert.equal(r.target.platform, platform)
      }
      await runtime.runOutbox()
      const page = await (await fetch(`${sandboxUrl}/sandbox`)).text()
      for (const platform of platforms)
        assert.match(page, new RegExp(`<strong>${platform}</strong>`))
      for (const [k] of platforms.entries()) {
        const c = await runtime.cases.findBySource({ kind: 'post', id: String(seeded.postIds[k]) })
        const sent = await runtime.cases.outbox.listByCase(c?.id as string)
        assert.equal(sent[0]?.status, 'sent', `${platforms[k]}: ${sent[0]?.lastError}`)
        assert.notEqual(c?.firstResponseAt, null)
      }
    } finally {
      stop()
    }
  } finally {
    await seeded.store.close()
    rmSync(d, { recursive: true, force: true })
  }
})

test('a breach alert to a failing webhook is retried from the outbox and delivered once', async () => {
  const d = mkdtempSync(join(tmpdir(), 'cp-breach-'))
  const seeded = await seedStore({ path: join(d, 'b.db') })
  // A webhook that answers 503 to its first three requests (one delivery's own retries), then 200.
  const hits: { key: string | undefined; ok: boolean; body: string }[] = []
  const hook = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const ok = hits.length >= 3
      hits.push({ key: req.headers['idempotency-key'] as string | undefined, ok, body })
      res.writeHead(ok ? 200 : 503).end()
    })
  })
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`
  const cfg = join(d, 'alerts.yaml')
  writeFileSync(
    cfg,
    [
      'channels:',
      `  hook: { type: webhook, url: '${url}', secret: 'breach-test-secret-0123456789' }`,
      'rules:',
      '  - { id: all, minSeverity: low, channels: [hook] }',
      '',
    ].join('\n'),
  )
  const before = process.env['CIVICPULSE_ALERTS']
  process.env['CIVICPULSE_ALERTS'] = cfg
  let now = SEED_NOW
  const started = await startRespond(
    seeded.store.db,
    { live: { emit: () => {} }, respondHooks: {} },
    {
      now: () => now,
      outboxEveryMs: 60_000,
      sweepEveryMs: 60_000,
      alertsEveryMs: 60_000,
      alertRetryBaseMs: 1000,
    },
  )
  if (before === undefined) delete process.env['CIVICPULSE_ALERTS']
  else process.env['CIVICPULSE_ALERTS'] = before
  const { runtime, deliverAlerts, stop } = started
  try {
    const { case: c } = await runtime.openFromPost(seeded.postIds[0] as number, 'test')
    now = SEED_NOW + 30 * 86_400_000
    assert.equal(await runtime.sweepSla(), 2, 'both clocks of the one case are breached')
    await deliverAlerts()
    const rows = () =>
      seeded.store.db
        .selectFrom('alert_outbox')
        .select(['idempotency_key', 'status', 'attempts', 'last_error'])
        .where('idempotency_key', 'like', 'sla:%')
        .orderBy('idempotency_key')
        .execute()
    const first = await rows()
    assert.equal(first.length, 2, 'one outbox row per case, clock and channel')
    assert.deepEqual(
      first.map((r) => r.idempotency_key),
      [`sla:${c.id}:first_response:hook`, `sla:${c.id}:resolution:hook`],
    )
    const failed = first.filter((r) => r.status === 'pending' && r.attempts === 1)
    assert.equal(failed.length, 1, 'the first alert failed and waits for a retry')
    assert.match(failed[0]?.last_error ?? '', /Webhook delivery failed/)
    // Not due yet: nothing is sent before the backoff.
    await deliverAlerts()
    assert.equal(hits.filter((h) => h.ok).length, 1)
    now += 1000
    await deliverAlerts()
    await deliverAlerts()
    assert.equal(await runtime.sweepSla(), 0, 'a breach is queued once')
    await deliverAlerts()
    const done = await rows()
    assert.deepEqual(
      done.map((r) => r.status),
      ['sent', 'sent'],
    )
    const delivered = hits.filter((h) => h.ok)
    assert.equal(delivered.length, 2, 'each alert delivered exactly once')
    assert.deepEqual(delivered.map((h) => h.key).sort(), [
      `sla:${c.id}:first_response:hook`,
      `sla:${c.id}:resolution:hook`,
    ])
    assert.ok(delivered.every((h) => JSON.parse(h.body).type === 'case.sla_breached'))
  } finally {
    stop()
    await new Promise((r) => hook.close(r))
    await seeded.store.close()
    rmSync(d, { recursive: true, force: true })
  }
})
