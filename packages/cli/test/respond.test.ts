/**
 * Respond in the product wiring: an incident the detector opens becomes a case for the service's
 * team, stored posts matched by an `open: auto` rule open cases, and an SLA breach is announced once
 * through the alert channels (the in-app channel by default).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
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
  const { runtime, stop } = await startRespond(store.db, host, {
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
    const breaches = alerts.filter((a) => (a as { type: string }).type === 'case.sla_breached')
    assert.equal(breaches.length, n, 'one alert per breach through the in-app channel')
    assert.equal(await runtime.sweepSla(), 0)
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
