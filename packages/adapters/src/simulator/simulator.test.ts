import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { REPO_ROOT } from '../shared-data.js'
import { paced } from './clock.js'
import { simulate } from './engine.js'
import { decodeTidMicros } from './ids.js'
import { StatsCollector, textOf } from './metrics.js'
import { loadScenario, parseScenario, scenarioTruth, type Scenario } from './scenario.js'
import type { SimBatch, SimEvent } from './types.js'

type Json = Record<string, any>

function collect(opts: Parameters<typeof simulate>[0]): SimEvent[] {
  const out: SimEvent[] = []
  for (const b of simulate(opts)) out.push(...b.events)
  return out
}

/** The week at a quarter of the volume (planted failures keep their absolute rates). */
function lightWeek(): Scenario {
  const sc = loadScenario('lewisham-week')
  return { ...sc, volume: { ...sc.volume, postsPerDay: 6000 } }
}

const week = collect({ scenario: lightWeek() })

test('the same seed gives byte-identical output; another seed does not', () => {
  const digest = (seed: number): string => {
    const h = createHash('sha256')
    for (const b of simulate({ seed, duration: '6h', start: '2026-07-14T06:00:00Z' }))
      for (const e of b.events) h.update(e.line + '\n' + JSON.stringify(e.truth) + '\n')
    return h.digest('hex')
  }
  assert.equal(digest(11), digest(11))
  assert.notEqual(digest(11), digest(12))
})

test('every line parses and has its platform’s required fields; keys and ids agree', () => {
  const keys = new Set<string>()
  const byFormat: Record<string, number> = {}
  for (const e of week) {
    const o = JSON.parse(e.line) as Json
    byFormat[e.format] = (byFormat[e.format] ?? 0) + 1
    assert.ok(!keys.has(e.truth.postKey), `duplicate key ${e.truth.postKey}`)
    keys.add(e.truth.postKey)
    if (e.format === 'x-v2') {
      assert.match(o.data.id, /^\d{18,20}$/)
      assert.equal(e.truth.postKey, `x:${o.data.id}`)
      assert.equal(typeof o.data.text, 'string')
      assert.equal(o.data.created_at, e.at)
      assert.ok(o.includes.users.some((u: Json) => u.id === o.data.author_id))
      assert.ok(Array.isArray(o.matching_rules) && o.matching_rules.length === 1)
      // Snowflake time bits match created_at.
      const ms = Number((BigInt(o.data.id) >> 22n) + 1288834974657n)
      assert.equal(ms, Date.parse(o.data.created_at))
      const cps = Array.from(o.data.text as string)
      for (const h of o.data.entities?.hashtags ?? [])
        assert.equal(cps.slice(h.start, h.end).join(''), `#${h.tag}`)
      for (const m of o.data.entities?.mentions ?? [])
        assert.equal(cps.slice(m.start, m.end).join(''), `@${m.username}`)
      for (const r of o.data.referenced_tweets ?? [])
        assert.ok(['replied_to', 'retweeted', 'quoted'].includes(r.type))
    } else if (e.format === 'mastodon') {
      assert.match(o.id, /^\d{17,19}$/)
      assert.equal(e.truth.postKey, `mastodon:${o.id}`)
      assert.equal(o.created_at, e.at)
      assert.equal(typeof o.content, 'string')
      assert.equal(typeof o.account.id, 'string')
      assert.equal(typeof o.account.acct, 'string')
      if (o.reblog) assert.match(o.reblog.id, /^\d+$/)
      else assert.ok(o.content.startsWith('<p>'))
      for (const t of o.tags) assert.ok(o.content.includes(`/tags/${encodeURIComponent(t.name)}`))
    } else if (e.format === 'bluesky-jetstream') {
      assert.match(o.did, /^did:plc:[a-z2-7]{24}$/)
      assert.equal(o.kind, 'commit')
      assert.equal(o.commit.operation, 'create')
      assert.equal(o.commit.collection, 'app.bsky.feed.post')
      assert.match(o.commit.rkey, /^[2-7a-z]{13}$/)
      assert.match(o.commit.cid, /^bafyrei[a-z2-7]{52}$/)
      assert.equal(e.truth.postKey, `bluesky:at://${o.did}/app.bsky.feed.post/${o.commit.rkey}`)
      const r = o.commit.record
      assert.equal(r.$type, 'app.bsky.feed.post')
      assert.equal(r.createdAt, e.at)
      assert.ok(Array.isArray(r.langs))
      assert.equal(Math.floor(decodeTidMicros(o.commit.rkey) / 1000), Date.parse(r.createdAt))
      assert.ok(o.time_us >= Date.parse(r.createdAt) * 1000)
      const bytes = Buffer.from(r.text as string, 'utf8')
      for (const f of r.facets ?? []) {
        const slice = bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8')
        const feat = f.features[0]
        if (feat.$type.endsWith('#tag')) assert.equal(slice, `#${feat.tag}`)
        else if (feat.$type.endsWith('#link')) assert.equal(slice, feat.uri)
        else assert.ok(slice.startsWith('@') && feat.did.startsWith('did:plc:'))
      }
      if (r.reply)
        assert.ok(r.reply.root.uri.startsWith('at://') && r.reply.parent.cid.startsWith('bafyrei'))
    } else {
      assert.equal(o.kind, 'Listing')
      const [child] = o.data.children
      assert.equal(o.data.children.length, 1)
      assert.ok(child.kind === 't3' || child.kind === 't1')
      assert.match(child.data.id, /^[0-9a-z]{6,8}$/)
      assert.equal(child.data.name, `${child.kind}_${child.data.id}`)
      assert.equal(e.truth.postKey, `reddit:${child.data.name}`)
      assert.equal(child.data.created_utc, Math.floor(Date.parse(e.at) / 1000))
      if (child.kind === 't1') {
        assert.match(child.data.parent_id, /^t[13]_[0-9a-z]+$/)
        assert.match(child.data.link_id, /^t3_[0-9a-z]+$/)
        assert.equal(typeof child.data.body, 'string')
      } else assert.equal(typeof child.data.title, 'string')
    }
  }
  for (const f of ['x-v2', 'mastodon', 'bluesky-jetstream', 'reddit'])
    assert.ok((byFormat[f] ?? 0) > 500, `few ${f} lines`)
})

test('events come in time order and replies point at earlier posts', () => {
  const seen = new Set<string>()
  let last = ''
  for (const e of week) {
    assert.ok(e.at >= last, 'time order')
    last = e.at
    if (e.truth.replyTo) assert.ok(seen.has(e.truth.replyTo), 'reply to an earlier post')
    if (e.truth.duplicateOf)
      assert.ok(seen.has(e.truth.duplicateOf), 'duplicate of an earlier post')
    seen.add(e.truth.postKey)
  }
})

test('scenario truth matches the planted posts', () => {
  const sc = loadScenario('lewisham-week')
  const truth = scenarioTruth(sc)
  assert.equal(truth.failures.length, 5)
  assert.equal(truth.start, '2026-07-12T23:00:00.000Z')
  const bins = truth.failures.find((f) => f.id === 'bins-catford-bellingham')
  assert.equal(bins?.onset, '2026-07-14T06:00:00.000Z') // Tuesday 07:00 in London
  for (const f of truth.failures) {
    const posts = week.filter((e) => e.truth.failureId === f.id)
    assert.ok(posts.length >= 20, `${f.id}: ${posts.length} posts`)
    const first = posts.map((e) => e.at).sort()[0] as string
    assert.ok(first >= f.onset, `${f.id} starts after its onset`)
    assert.ok(
      Date.parse(first) - Date.parse(f.onset) < 90 * 60_000,
      `${f.id} shows within 90 minutes`,
    )
    const late = posts.filter((e) => Date.parse(e.at) > Date.parse(f.end) + 12 * 3_600_000)
    assert.ok(late.length <= posts.length * 0.05, `${f.id}: posts long after its end`)
    const civic = posts.filter((e) => e.truth.kind === 'failure')
    assert.ok(civic.every((e) => e.truth.civic && e.truth.service === f.service))
    if (f.wards.length > 0)
      assert.ok(civic.every((e) => f.wardCodes.includes(e.truth.wardCode as string)))
    if (f.wards.length > 0) assert.ok(civic.every((e) => f.wards.includes(e.truth.ward as string)))
    if (f.street) {
      const named = civic.filter(
        (e) =>
          e.truth.street === f.street &&
          textOf(e)
            .toLowerCase()
            .includes(f.street!.toLowerCase().split(' ')[0] as string),
      )
      assert.ok(named.length > civic.length * 0.4, `${f.id}: the street is named`)
    }
  }
  const themes = new Set(sc.campaigns[0]?.themes.map((t) => t.id))
  const answers = week.filter((e) => e.truth.campaignId === 'parks-review' && e.truth.themeId)
  assert.ok(answers.length > 300)
  assert.ok(answers.every((e) => themes.has(e.truth.themeId as string)))
  assert.equal(new Set(answers.map((e) => e.truth.themeId)).size, themes.size)
  const tagged = answers.filter(
    (e) => /#(LewishamParksReview|AskLewisham)/i.test(textOf(e)) || e.truth.replyTo,
  )
  assert.ok(
    tagged.length >= answers.length * 0.95,
    'campaign answers carry the hashtag or reply to the launch post',
  )
})

test('truth service codes exist in the taxonomy', (t) => {
  const file = join(REPO_ROOT, 'packages/adapters/config/taxonomy.uk-local.yaml')
  if (!existsSync(file)) return t.skip('no taxonomy file yet')
  const doc = parse(readFileSync(file, 'utf8')) as {
    groups: { code: string; services: { code: string }[] }[]
  }
  const codes = new Set(doc.groups.flatMap((g) => g.services.map((s) => s.code)))
  const used = new Set(week.filter((e) => e.truth.service).map((e) => e.truth.service as string))
  for (const c of used) assert.ok(codes.has(c), `unknown service code ${c}`)
})

test('night volume is lower than day volume', () => {
  const local = (e: SimEvent): number => (new Date(e.at).getUTCHours() + 1) % 24 // BST
  const night = week.filter((e) => local(e) >= 2 && local(e) < 5).length / 3
  const day = week.filter((e) => local(e) >= 11 && local(e) < 17).length / 6
  assert.ok(night < day * 0.35, `night ${night}/h vs day ${day}/h`)
})

test('stream measurements: civic share, languages, phrasing variety per service', (t) => {
  const stats = new StatsCollector()
  for (const b of simulate({ duration: '2d', start: '2026-07-14T00:00:00+01:00', seed: 3 }))
    for (const e of b.events) stats.add(e)
  const r = stats.result()
  t.diagnostic(JSON.stringify(r))
  assert.ok(r.civicShare > 0.08 && r.civicShare < 0.25, `civic share ${r.civicShare}`)
  assert.ok(r.spamShare > 0.005 && r.spamShare < 0.05)
  const others = Object.entries(r.languages).filter(([l, s]) => l !== 'en' && s >= 0.005)
  assert.ok(others.length >= 4, `languages ${JSON.stringify(r.languages)}`)
  assert.ok((r.languages['en'] ?? 0) > 0.8)
  const target = loadScenario('lewisham-week').volume.postsPerDay
  assert.ok(
    Math.abs(r.postsPerDay / target - 1) < 0.15,
    `${r.postsPerDay} posts per day for ${target}`,
  )
  const big = Object.entries(r.services).filter(([, v]) => v.posts >= 100)
  assert.ok(big.length >= 8)
  for (const [code, v] of big) {
    assert.ok(v.trigramRatio > 0.35, `${code} trigram ratio ${v.trigramRatio}`)
    assert.ok(v.vocabulary > 150, `${code} vocabulary ${v.vocabulary}`)
  }
})

test('the clock releases history at once, then paces at the requested speed', async () => {
  let wall = 1_000_000
  const slept: number[] = []
  const mk = (from: number, n: number): SimBatch => ({
    from,
    to: from + 60_000,
    events: Array.from({ length: n }, (_, i) => ({
      at: new Date(from + i * (60_000 / n)).toISOString(),
      format: 'x-v2' as const,
      line: '{}',
      truth: { postKey: `x:${from}${i}`, civic: false, kind: 'chatter' as const, lang: 'en' },
    })),
  })
  const t0 = Date.parse('2026-07-14T00:00:00Z')
  const batches = [mk(t0, 3), mk(t0 + 60_000, 3), mk(t0 + 120_000, 6), mk(t0 + 180_000, 6)]
  let released = 0
  for await (const b of paced(batches, {
    speed: 60,
    liveFromMs: t0 + 120_000,
    now: () => wall,
    sleep: async (ms) => void (slept.push(ms), (wall += ms)),
  })) {
    released += b.events.length
    if (released <= 6) assert.equal(slept.length, 0, 'history is not paced')
  }
  assert.equal(released, 18)
  // Two live simulated minutes at 60x take about two wall seconds.
  const total = slept.reduce((a, b) => a + b, 0)
  assert.ok(total > 1500 && total <= 2000, `slept ${total} ms`)
})

test('invalid scenarios are rejected with every problem listed', () => {
  assert.throws(
    () =>
      parseScenario(
        'name: x\nstart: yesterday\nduration: 1d\nfailures:\n  - id: f\n    kind: k\n',
        'bad.yaml',
      ),
    (e: Error) =>
      /start/.test(e.message) &&
      /failures\.0\.service/.test(e.message) &&
      /failures\.0\.peakPerHour/.test(e.message),
  )
  assert.throws(() => loadScenario('no-such-scenario'), /No scenario/)
  const demo = loadScenario('demo')
  const elsewhere = { ...demo, failures: demo.failures.map((f) => ({ ...f, wards: ['Atlantis'] })) }
  assert.throws(() => collect({ scenario: elsewhere, duration: '1m' }), /no ward "Atlantis"/)
  const unknown = { ...demo, services: { 'made.up': 1 } }
  assert.throws(
    () => collect({ scenario: unknown, duration: '1m' }),
    /services\.made\.up: no phrasing/,
  )
  assert.throws(() => collect({ duration: 'a week' }), /Not a duration/)
})

test('the demo scenario shows a failure 30 simulated minutes after the live clock starts', () => {
  const sc = loadScenario('demo')
  const tr = scenarioTruth(sc)
  const live = Date.parse(tr.start) + 86_400_000
  const firstOnset = Math.min(...tr.failures.map((f) => Date.parse(f.onset)))
  assert.equal(firstOnset - live, 30 * 60_000)
  const events = collect({ scenario: 'demo', duration: '1d2h' })
  const pre = events.filter((e) => Date.parse(e.at) < live).length
  assert.ok(pre > 15000, `backfill holds ${pre} posts`)
  const fposts = events.filter(
    (e) => e.truth.failureId === 'demo-bins-catford' && Date.parse(e.at) < firstOnset + 30 * 60_000,
  )
  assert.ok(fposts.length >= 8, `only ${fposts.length} failure posts in its first 30 minutes`)
})
