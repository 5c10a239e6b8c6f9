import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseCampaign, type ConversePost } from '@civicpulse/core'
import { refreshCampaign, type CampaignStorePort } from './refresh.js'

test('refreshCampaign attaches, groups and saves through the store port', async () => {
  const campaign = parseCampaign({
    name: 'Bins',
    hashtags: ['BinsTalk'],
    accounts: ['council'],
    startsAt: '2026-07-01T00:00:00Z',
  })
  const t0 = Date.parse('2026-07-02T00:00:00Z')
  const texts = [
    'bins overflowing on my street',
    'more recycling bins please',
    'litter everywhere after the market',
    'street lights broken on the high road',
    'lights out again on the high road',
  ]
  const posts: ConversePost[] = [
    {
      id: '1',
      platform: 'x',
      platformId: 'own',
      authorKey: 'c',
      authorHandle: 'Council',
      text: 'Tell us about bins #BinsTalk',
      hashtags: ['BinsTalk'],
      createdAtMs: t0,
    },
    ...texts.flatMap((text, i) =>
      [0, 1, 2, 3].map((j) => ({
        id: `${i}-${j}`,
        platform: 'x',
        platformId: `${i}-${j}`,
        authorKey: `a${j}`,
        text: j === 0 ? text : `${text} #BinsTalk`,
        hashtags: [],
        createdAtMs: t0 + (i * 4 + j) * 60_000,
        ...(j === 0 ? { replyToId: 'own' } : {}),
      })),
    ),
    {
      id: 'x',
      platform: 'x',
      platformId: 'x',
      authorKey: 'z',
      text: 'unrelated',
      hashtags: [],
      createdAtMs: t0,
    },
  ]
  let saved: Parameters<CampaignStorePort['saveRefresh']>[1] | undefined
  const port: CampaignStorePort = {
    candidates: () => Promise.resolve(posts),
    saveRefresh: (_name, outcome) => {
      saved = outcome
      return Promise.resolve()
    },
  }
  let clock = 1000
  const out = await refreshCampaign(port, campaign, () => (clock += 5), { k: 2 })
  assert.equal(out.candidates, 22)
  assert.equal(out.attached, 21)
  assert.equal(out.view.participation.posts, 20)
  assert.equal(out.view.participation.participants, 4)
  assert.equal(out.view.themes.length, 2)
  assert.ok(saved)
  assert.equal(saved.attached.length, 21)
  assert.equal(saved.themeOf.size, 20)
  assert.ok(out.ms.group >= 0 && out.ms.save >= 0)
})
