/**
 * The demo opens its campaign with the council's own accounts: the scenario's handles at once,
 * and the authors of the council's launch posts (a Bluesky DID, an X handle…) as soon as those
 * posts are stored. The launch posts are then the campaign's own posts, not contributions, and
 * replies to them attach to the campaign.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CampaignRepository,
  decodeStream,
  loadScenario,
  openSqliteStore,
  scenarioTruth,
  simulate,
  type SimEvent,
  type SqliteStore,
} from '@civicpulse/adapters'
import { MemoryBus, refreshCampaign, runIngest } from '@civicpulse/engine'
import { LaunchAccounts, councilAccounts } from '../src/commands/demo.js'

let dir: string
let store: SqliteStore

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-demo-campaign-'))
  store = await openSqliteStore({ path: join(dir, 'd.db') })
})
after(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

test('launch posts are the council’s and replies to them attach', { timeout: 60_000 }, async () => {
  const sc = loadScenario('demo')
  const [spec] = scenarioTruth(sc).campaigns
  assert.ok(spec, 'the demo scenario has a campaign')
  const repo = new CampaignRepository(store.db, () => Date.parse(spec.end))
  await repo.create({
    name: spec.title,
    hashtags: spec.hashtags,
    accounts: councilAccounts(sc),
    startsAt: spec.launch,
    endsAt: spec.end,
    questions: [],
    services: [],
    areas: [],
  })
  const launches = new LaunchAccounts(store.db, scenarioTruth(sc).campaigns)
  // The first hours after the launch: the launch posts and the campaign's contributions.
  const keep: SimEvent[] = []
  const launchKeys = new Set<string>()
  for (const b of simulate({ scenario: sc, duration: '27h' })) {
    launches.see(b)
    for (const e of b.events)
      if (e.truth.campaignId) {
        keep.push(e)
        if (e.truth.kind === 'council' && !e.truth.replyTo) launchKeys.add(e.truth.postKey)
      }
  }
  assert.ok(launchKeys.size >= 3, `launched on ${launchKeys.size} platforms`)
  const replies = keep.filter((e) => e.truth.replyTo && launchKeys.has(e.truth.replyTo))
  assert.ok(replies.length > 0, 'some residents reply to the launch post')
  assert.equal(await launches.settle(), 0, 'nothing to add before the posts are stored')
  await runIngest({
    items: decodeStream(
      (async function* () {
        yield new TextEncoder().encode(keep.map((e) => e.line).join('\n') + '\n')
      })(),
      { format: 'auto', source: 'test' },
    ),
    source: 'test',
    store,
    bus: new MemoryBus(),
    clock: { now: () => Date.parse(spec.end) },
    authorKey: (p, a) => `${p}:${a}`,
  })
  const added = await launches.settle()
  assert.ok(added >= 1, 'the launch authors without a configured handle are added (Bluesky DID)')
  const { campaign } = await repo.get(spec.title)
  assert.ok(
    campaign.accounts.some((a) => a.startsWith('did:')),
    campaign.accounts.join(', '),
  )
  await refreshCampaign(repo, campaign, () => Date.parse(spec.end))

  const rows = await store.db
    .selectFrom('campaign_posts')
    .innerJoin('posts', 'posts.id', 'campaign_posts.post_id')
    .select(['posts.platform', 'posts.platform_id', 'campaign_posts.via'])
    .execute()
  const via = new Map(rows.map((r) => [`${r.platform}:${r.platform_id}`, r.via]))
  for (const k of launchKeys) assert.equal(via.get(k), 'own', `${k} is the council's own post`)
  const attached = replies.filter((e) => via.get(e.truth.postKey) !== undefined)
  assert.ok(
    attached.length >= replies.length * 0.9,
    `${attached.length} of ${replies.length} replies to the launch attach`,
  )
})
