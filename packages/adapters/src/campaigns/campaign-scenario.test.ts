/**
 * Converse on the simulator's hashtag conversation (lewisham-week, `parks-review`): the posts are
 * simulated in-process, decoded by the product's decoders, stored, attached to a campaign and
 * grouped; the themes are compared with the generator's planted themes (purity and adjusted Rand
 * index), and the report is checked to name no participant.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  adjustedRandIndex,
  attachPosts,
  buildCampaignView,
  purity,
  sanitise,
  type StoredPost,
} from '@civicpulse/core'
import { decodeStream } from '../decoders/index.js'
import { simulate } from '../simulator/index.js'
import type { SimTruth } from '../simulator/index.js'
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js'
import { authorKeyer } from '../author-key.js'
import { renderCampaignReport } from '../reports/index.js'
import { CampaignRepository, themeDetail } from './repository.js'

const START = '2026-07-13T00:00:00+01:00'

/** Simulates `duration` of lewisham-week and stores every post; returns the truth by post key. */
async function simulatedStore(
  duration: string,
): Promise<{ store: SqliteStore; truth: Map<string, SimTruth>; formats: Map<string, string> }> {
  const store = await openSqliteStore({ path: ':memory:' })
  const truth = new Map<string, SimTruth>()
  const lines: string[] = []
  for (const b of simulate({ scenario: 'lewisham-week', start: START, duration }))
    for (const e of b.events) {
      truth.set(e.truth.postKey, e.truth)
      lines.push(e.line)
    }
  const key = authorKeyer('test-secret')
  async function* input(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < lines.length; i += 2000)
      yield new TextEncoder().encode(lines.slice(i, i + 2000).join('\n') + '\n')
  }
  let posts: StoredPost[] = []
  const flush = async (): Promise<void> => {
    if (posts.length) await store.writeBatch({ posts, quarantine: [], deletes: [] })
    posts = []
  }
  for await (const batch of decodeStream(input(), {
    format: 'auto',
    source: 'sim',
    keepRaw: false,
  })) {
    for (const item of batch) {
      if (item.kind !== 'post') continue
      const r = sanitise(item.draft, {
        receivedAt: Date.parse('2026-07-20T00:00:00Z'),
        authorKey: key,
        keepRaw: false,
      })
      if (r.ok) posts.push(r.post)
    }
    if (posts.length >= 2000) await flush()
  }
  await flush()
  return { store, truth, formats: new Map() }
}

/** The council's own accounts as the council would configure them: handles and, for Bluesky, DIDs. */
async function councilAccounts(
  store: SqliteStore,
  truth: Map<string, SimTruth>,
): Promise<string[]> {
  const rows = await store.db
    .selectFrom('posts')
    .select(['platform', 'platform_id', 'author_handle', 'author_id'])
    .execute()
  const out = new Set<string>()
  for (const r of rows) {
    const t = truth.get(`${r.platform}:${r.platform_id}`)
    if (t?.kind === 'council' && t.campaignId && !t.replyTo) out.add(r.author_handle ?? r.author_id)
  }
  return [...out]
}

test(
  'campaign themes recover the planted themes of the simulated parks conversation',
  { timeout: 120_000 },
  async (t) => {
    const { store, truth } = await simulatedStore('3d')
    try {
      const repo = new CampaignRepository(store.db, () => Date.parse('2026-07-16T00:00:00Z'))
      const accounts = await councilAccounts(store, truth)
      assert.ok(accounts.length >= 2, `council accounts found: ${accounts.join(', ')}`)
      const measure = async (name: string, themeCount?: number) => {
        const { campaign } = await repo.create({
          name,
          hashtags: ['#LewishamParksReview', 'AskLewisham'],
          accounts,
          startsAt: START,
          questions: ['What one change would make your local park better?'],
          ...(themeCount ? { themeCount } : {}),
        })
        // what the engine's refreshCampaign does (adapters may not import the engine)
        const started = performance.now()
        const attachedPosts = attachPosts(campaign, await repo.candidates(campaign))
        const out = buildCampaignView(campaign, attachedPosts)
        await repo.saveRefresh(campaign.name, {
          attached: attachedPosts,
          themeOf: out.themeOf,
          view: out.view,
          atMs: 0,
        })
        const ms = performance.now() - started
        const rows = await store.db
          .selectFrom('campaign_posts as cp')
          .innerJoin('campaigns as c', 'c.id', 'cp.campaign_id')
          .innerJoin('posts as p', 'p.id', 'cp.post_id')
          .select(['p.platform', 'p.platform_id', 'cp.theme_key', 'cp.via'])
          .where('c.name', '=', name)
          .execute()
        const pred: string[] = []
        const gold: string[] = []
        let attachedCampaign = 0
        for (const r of rows) {
          const tr = truth.get(`${r.platform}:${r.platform_id}`)
          if (tr?.kind === 'campaign' && tr.themeId) {
            attachedCampaign++
            pred.push(r.theme_key ?? 'none')
            gold.push(tr.themeId)
          }
        }
        const planted = [...truth.values()].filter(
          (x) => x.kind === 'campaign' && x.themeId && !x.replyTo && !x.duplicateOf,
        ).length
        return {
          out,
          ms,
          purity: purity(pred, gold),
          ari: adjustedRandIndex(pred, gold),
          attachedCampaign,
          planted,
          attached: rows.length,
        }
      }
      const auto = await measure('Parks (themes chosen from the data)')
      const six = await measure('Lewisham Parks Review', 6)
      t.diagnostic(
        `attached ${auto.attached} posts (${auto.attachedCampaign} planted answers; ${auto.planted} original planted answers in the stream)`,
      )
      t.diagnostic(
        `auto k=${auto.out.view.themes.length}: purity ${auto.purity.toFixed(3)}, ARI ${auto.ari.toFixed(3)}, refresh ${auto.ms.toFixed(0)} ms`,
      )
      t.diagnostic(
        `k=6: purity ${six.purity.toFixed(3)}, ARI ${six.ari.toFixed(3)}, refresh ${six.ms.toFixed(0)} ms`,
      )
      // Attachment: the hashtag answers and the replies to the council's posts.
      assert.ok(auto.attachedCampaign >= auto.planted * 0.8, 'most planted answers are attached')
      assert.ok(auto.purity >= 0.7, `purity with themes chosen from the data: ${auto.purity}`)
      assert.ok(
        auto.ari >= 0.7,
        `adjusted Rand index with themes chosen from the data: ${auto.ari}`,
      )
      assert.ok(six.purity >= 0.7, `purity with six themes: ${six.purity}`)
      assert.ok(six.ari >= 0.7, `adjusted Rand index with six themes: ${six.ari}`)

      // No participant is named in the report.
      const view = six.out.view
      const html = renderCampaignReport({
        view: { ...view, themes: view.themes.map(themeDetail) },
        actions: await repo.actions('Lewisham Parks Review'),
        generatedAtMs: Date.parse('2026-07-16T00:00:00Z'),
      })
      assert.match(html, /Lewisham Parks Review/)
      assert.ok(
        view.themes.every((th) => th.quotes.length > 0),
        'every theme has quotes',
      )
      // Participants: every author who is not an official account (the council's accounts may be named).
      const authors = await store.db
        .selectFrom('posts')
        .select([
          'platform',
          'platform_id',
          'author_id',
          'author_handle',
          'author_name',
          'author_key',
        ])
        .execute()
      const official = new Set(
        authors
          .filter((a) => truth.get(`${a.platform}:${a.platform_id}`)?.kind === 'council')
          .map((a) => a.author_id),
      )
      const people = [
        ...new Map(
          authors.filter((a) => !official.has(a.author_id)).map((a) => [a.author_id, a]),
        ).values(),
      ]
      const lower = html.toLowerCase()
      let checked = 0
      for (const p of people)
        for (const n of [p.author_handle, p.author_name, p.author_key]) {
          if (!n || n.length < 4) continue
          checked++
          // whole words only: an official account such as "LewishamParks" is part of "#LewishamParksReview"
          const re = new RegExp(
            `(^|[^\\p{L}\\p{N}_])${n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}_])`,
            'u',
          )
          assert.ok(!re.test(lower), `the report names a participant: ${n}`)
        }
      assert.ok(checked > 1000, `checked ${checked} handles, names and keys`)
    } finally {
      await store.close()
    }
  },
)
