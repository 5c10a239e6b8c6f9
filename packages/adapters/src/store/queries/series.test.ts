import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openSqliteStore } from '../sqlite/sqlite-store.js'
import {
  RES_MS,
  rebuildSeriesRollups,
  seriesByBucket,
  seriesByDimension,
  seriesTotals,
  spanParts,
} from './series.js'

const H = RES_MS.h1
const D = RES_MS.d1

test('spanParts tiles a range with days, then hours, then five minutes, without gaps or overlaps', () => {
  const from = Date.UTC(2026, 0, 1, 22, 35)
  const to = Date.UTC(2026, 0, 4, 3, 10)
  const parts = spanParts(from, to)
  assert.deepEqual(
    parts.map((p) => p.res),
    ['m5', 'h1', 'd1', 'h1', 'm5'],
  )
  let at = from
  for (const p of parts) {
    assert.equal(p.from, at)
    assert.equal(p.from % RES_MS[p.res], 0)
    at = p.to
  }
  assert.equal(at, to)
  assert.deepEqual(spanParts(Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 1, 14)), [
    { res: 'h1', from: Date.UTC(2026, 0, 1, 10), to: Date.UTC(2026, 0, 1, 14) },
  ])
})

test('totals over the tiling equal the sum of hourly buckets', async () => {
  const store = await openSqliteStore({ path: ':memory:' })
  const start = Date.UTC(2026, 2, 1)
  const rows: Array<{
    res: string
    bucket: number
    service_code: string
    ward_code: string
    intent: string
    n: number
    neg: number
    neu: number
    pos: number
  }> = []
  const add = (res: 'm5' | 'h1' | 'd1', t: number, service: string, n: number) => {
    const bucket = Math.floor(t / RES_MS[res]) * RES_MS[res]
    const hit = rows.find((r) => r.res === res && r.bucket === bucket && r.service_code === service)
    if (hit) {
      hit.n += n
      hit.neg += n
    } else
      rows.push({
        res,
        bucket,
        service_code: service,
        ward_code: '',
        intent: 'complaint',
        n,
        neg: n,
        neu: 0,
        pos: 0,
      })
  }
  // One post every 40 minutes for 3 days, in two services; every resolution kept, as the writer does.
  for (let t = start; t < start + 3 * D; t += 40 * 60_000) {
    const service = (t / 60_000) % 3 === 0 ? 'a.x' : 'b.y'
    for (const res of ['m5', 'h1', 'd1'] as const) add(res, t, service, 1)
  }
  await store.db.insertInto('series').values(rows).execute()
  await rebuildSeriesRollups(store.db)
  const f = { res: 'h1' as const, from: start + 5 * H, to: start + 2 * D + 7 * H }
  const hourly = await seriesByBucket(store.db, f)
  const expected = hourly.reduce((a, b) => a + b.n, 0)
  assert.ok(expected > 50)
  assert.equal((await seriesTotals(store.db, f)).n, expected)
  const dims = await seriesByDimension(store.db, f, 'service_code')
  assert.equal(
    dims.reduce((a, b) => a + b.n, 0),
    expected,
  )
  await store.close()
})

test('the writer keeps the roll-ups equal to the full series table', async () => {
  const store = await openSqliteStore({ path: ':memory:' })
  const { buildPost } = await import('@civicpulse/core/testing')
  const labels = (service: string, ward: string, intent: 'complaint' | 'question') => ({
    id: 'x',
    relevant: { p: 0.9 },
    intent: { label: intent, p: 0.9 },
    service: { code: service, name: service, p: 0.9, top: [] },
    sentiment: { label: 'negative' as const, score: -0.5 },
    urgency: { score: 0, flags: [] },
    language: { code: 'en', p: 1 },
    places: ward
      ? [{ kind: 'ward' as const, name: ward, wardCode: ward, via: 'text' as const, p: 0.9 }]
      : [],
    spam: { p: 0 },
    abuse: { p: 0 },
  })
  const posts = Array.from({ length: 60 }, (_, i) => ({
    ...buildPost({ createdAt: new Date(Date.UTC(2026, 2, 1, i % 24, i)).toISOString() }),
    labels: labels(
      ['waste.refuse', 'roads.pothole', 'parks.parks'][i % 3]!,
      ['E1', 'E2', ''][(i % 5) % 3]!,
      i % 2 ? 'complaint' : 'question',
    ),
  }))
  await store.writeBatch({ posts, quarantine: [], deletes: [] })
  const all = { res: 'h1' as const, from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 2, 2) }
  const byService = await seriesByDimension(store.db, all, 'service_code')
  const byWard = await seriesByDimension(store.db, all, 'ward_code')
  const full = await seriesByDimension(store.db, { ...all, ward: 'E1' }, 'service_code')
  assert.equal(
    byService.reduce((a, r) => a + r.n, 0),
    60,
  )
  assert.equal(
    byWard.reduce((a, r) => a + r.n, 0),
    60,
  )
  const rebuiltBefore = JSON.stringify([byService, byWard, full])
  await rebuildSeriesRollups(store.db)
  const after = JSON.stringify([
    await seriesByDimension(store.db, all, 'service_code'),
    await seriesByDimension(store.db, all, 'ward_code'),
    await seriesByDimension(store.db, { ...all, ward: 'E1' }, 'service_code'),
  ])
  assert.equal(after, rebuiltBefore)
  await store.close()
})

test('a corrected label moves the post in the series and both roll-ups', async () => {
  const { applyCorrection } = await import('./posts.js')
  const store = await openSqliteStore({ path: ':memory:' })
  const { buildPost } = await import('@civicpulse/core/testing')
  const createdAt = new Date(Date.UTC(2026, 2, 1, 9, 7)).toISOString()
  const labels = {
    id: 'x',
    relevant: { p: 0.9 },
    intent: { label: 'complaint' as const, p: 0.9 },
    service: { code: 'roads.pothole', name: 'Potholes', p: 0.6, top: [] },
    sentiment: { label: 'negative' as const, score: -0.5 },
    urgency: { score: 0, flags: [] },
    language: { code: 'en', p: 1 },
    places: [
      { kind: 'ward' as const, name: 'Brockley', wardCode: 'E1', via: 'text' as const, p: 0.9 },
    ],
    spam: { p: 0 },
    abuse: { p: 0 },
  }
  const r = await store.writeBatch({
    posts: [{ ...buildPost({ createdAt }), labels }],
    quarantine: [],
    deletes: [],
  })
  const day = { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 2, 2) }
  const count = async (res: 'm5' | 'h1' | 'd1', service: string, ward?: string) =>
    (await seriesTotals(store.db, { res, ...day, service, ...(ward ? { ward } : {}) })).n
  assert.equal(await count('h1', 'roads.pothole'), 1)
  await applyCorrection(store.db, {
    postId: r.ids[0]!,
    task: 'service',
    value: 'drainage.flooding',
    actor: 'analyst',
    at: Date.now(),
  })
  for (const res of ['m5', 'h1', 'd1'] as const) {
    assert.equal(await count(res, 'roads.pothole'), 0, res)
    assert.equal(await count(res, 'drainage.flooding'), 1, res)
    assert.equal(await count(res, 'drainage.flooding', 'E1'), 1, res)
  }
  await applyCorrection(store.db, {
    postId: r.ids[0]!,
    task: 'ward',
    value: 'E2',
    actor: 'analyst',
    at: Date.now(),
  })
  const byWard = await seriesByDimension(store.db, { res: 'h1', ...day }, 'ward_code')
  assert.deepEqual(
    byWard.filter((w) => w.n > 0).map((w) => w.key),
    ['E2'],
  )
  await store.close()
})
