/**
 * What the campaign, report and export routes share: the campaign repository and live queries over
 * the app's database, and refresh-on-read (a campaign is re-attached and re-grouped when its last
 * refresh is older than a few seconds and new posts have arrived; one refresh at a time per campaign).
 */
import { sql } from 'kysely'
import type { CampaignView } from '@civicpulse/core'
import { refreshCampaign } from '@civicpulse/engine'
import { CampaignLiveQueries, CampaignRepository, type StoredCampaign } from '@civicpulse/adapters'
import type { Ctx } from '../context.js'
import { HttpError } from '../errors.js'

/** A refresh newer than this is reused when no post arrived since (ms). */
export const REFRESH_MIN_AGE_MS = 5_000
/** A refresh older than this is redone even when no post arrived (ms). */
export const REFRESH_MAX_AGE_MS = 60_000

interface Fresh {
  at: number
  maxPostId: number
  view: CampaignView
}

interface State {
  fresh: Map<string, Fresh>
  running: Map<string, Promise<CampaignView>>
}

const states = new WeakMap<Ctx, State>()

/** The repository and live queries of this app. */
export function campaignStores(ctx: Ctx): {
  repo: CampaignRepository
  live: CampaignLiveQueries
} {
  return { repo: new CampaignRepository(ctx.db, ctx.now), live: new CampaignLiveQueries(ctx.db) }
}

/** The stored campaign by name, or a 404 in plain words. */
export async function campaignOr404(ctx: Ctx, name: string): Promise<StoredCampaign> {
  const all = await campaignStores(ctx).repo.list()
  const found = all.find((c) => c.campaign.name === name)
  if (!found) throw new HttpError(404, 'NOT_FOUND', `No campaign is named "${name}".`)
  return found
}

async function maxPostId(ctx: Ctx): Promise<number> {
  const r = await sql<{ m: number | null }>`select max(id) as m from posts`.execute(ctx.db)
  return Number(r.rows[0]?.m ?? 0)
}

/**
 * The campaign's view, refreshed when stale: re-attaches and re-groups when the last refresh is
 * older than {@link REFRESH_MIN_AGE_MS} and posts arrived since, or older than {@link REFRESH_MAX_AGE_MS}.
 */
export async function freshView(ctx: Ctx, stored: StoredCampaign): Promise<CampaignView> {
  let st = states.get(ctx)
  if (!st) states.set(ctx, (st = { fresh: new Map(), running: new Map() }))
  const name = stored.campaign.name
  const running = st.running.get(name)
  if (running) return running
  const now = ctx.now()
  const last = st.fresh.get(name)
  const top = await maxPostId(ctx)
  if (
    last &&
    (now - last.at < REFRESH_MIN_AGE_MS ||
      (last.maxPostId === top && now - last.at < REFRESH_MAX_AGE_MS))
  )
    return last.view
  const { repo } = campaignStores(ctx)
  const p = refreshCampaign(repo, stored.campaign, ctx.now).then(
    (o) => {
      st.fresh.set(name, { at: ctx.now(), maxPostId: top, view: o.view })
      st.running.delete(name)
      return o.view
    },
    (e: unknown) => {
      st.running.delete(name)
      throw e
    },
  )
  st.running.set(name, p)
  return p
}

/** Forgets a campaign's cached view (after it was created or changed). */
export function forgetView(ctx: Ctx, name: string): void {
  states.get(ctx)?.fresh.delete(name)
}
