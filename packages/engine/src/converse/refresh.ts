/**
 * Refreshing a campaign: read the candidate posts of its period from the store, attach those that
 * belong, group the contributions into themes and save the outcome. The store is a port, so the
 * same flow runs from the CLI, the server or a timer.
 */
import {
  attachPosts,
  buildCampaignView,
  type AttachedPost,
  type Campaign,
  type CampaignView,
  type ConversePost,
  type ThemeOptions,
} from '@civicpulse/core'

/** What the refresh needs from the store. */
export interface CampaignStorePort {
  /** Candidate posts of the campaign's period, oldest first (a superset: attachment decides). */
  candidates(campaign: Campaign): Promise<readonly ConversePost[]>
  /** Replaces the campaign's attached posts and themes with the new outcome. */
  saveRefresh(
    campaignName: string,
    outcome: {
      attached: readonly AttachedPost[]
      themeOf: ReadonlyMap<string, string>
      view: CampaignView
      atMs: number
    },
  ): Promise<void>
}

/** The outcome of one refresh, with timings for benchmarks. */
export interface RefreshOutcome {
  readonly view: CampaignView
  readonly attached: number
  readonly candidates: number
  readonly ms: { read: number; group: number; save: number }
}

/** Re-attaches and re-groups a campaign, then saves it. `now` is injected (epoch ms). */
export async function refreshCampaign(
  store: CampaignStorePort,
  campaign: Campaign,
  now: () => number,
  options: ThemeOptions = {},
): Promise<RefreshOutcome> {
  const t0 = now()
  const candidates = await store.candidates(campaign)
  const t1 = now()
  const attached = attachPosts(campaign, candidates)
  const { view, themeOf } = buildCampaignView(campaign, attached, options)
  const t2 = now()
  await store.saveRefresh(campaign.name, { attached, themeOf, view, atMs: t2 })
  const t3 = now()
  return {
    view,
    attached: attached.length,
    candidates: candidates.length,
    ms: { read: t1 - t0, group: t2 - t1, save: t3 - t2 },
  }
}
