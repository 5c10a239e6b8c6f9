/**
 * `civicpulse demo` (= `npm start`) — the product alive in one command: a fresh demo database, the
 * server, and the simulated Lewisham stream feeding the real pipeline. History is loaded at once
 * (so the dashboard fills within seconds and the detector has baselines), then the simulated clock
 * runs faster than real time so planted failures become incidents within minutes.
 */
import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { AppError } from '@civicpulse/core'
import type { Kysely } from 'kysely'
import {
  parseSimDuration,
  planSimulation,
  scenarioTruth,
  type Database,
  type SimBatch,
} from '@civicpulse/adapters'
import { CampaignRepository, openSqliteStore } from '@civicpulse/adapters'
import { refreshCampaign } from '@civicpulse/engine'
import { host, port } from '../options.js'
import { createProductApp, openPipeline } from '../compose.js'
import { backgroundOf, loadScenario, runScenario } from '../scenario-run.js'

interface Flags {
  port?: string
  scenario: string
  speed?: string
  history: string
  quiet?: boolean
}

const DEMO_MARK = 'civicpulse_demo'

/** Refuses to wipe a database that is not a demo database. */
async function freshDemoDb(path: string): Promise<void> {
  if (!existsSync(path)) return
  let isDemo = false
  try {
    const store = await openSqliteStore({ path, readonly: true })
    try {
      isDemo =
        (await store.db
          .selectFrom('meta')
          .select('value')
          .where('key', '=', DEMO_MARK)
          .executeTakeFirst()) !== undefined
    } finally {
      await store.close()
    }
  } catch {
    isDemo = false
  }
  if (!isDemo) {
    throw new AppError(
      'USAGE_INVALID',
      `${path} exists and is not a demo database; the demo starts from a fresh one. Choose another path with CIVICPULSE_DB.`,
    )
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
}

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('Run Civic Pulse on a fresh demo database fed by a simulated Lewisham stream.')
    .option('--port <port>', 'HTTP port (default 8080, or CIVICPULSE_PORT)')
    .option('--scenario <name>', 'simulator scenario', 'demo')
    .option('--speed <n>', 'simulated seconds per wall second (default: the scenario’s)')
    .option(
      '--history <duration>',
      'background history loaded first so the detector has baselines',
      '2d',
    )
    .option('--quiet', 'print only the address')
    .action(async (flags: Flags) => {
      const dbPath = resolve(process.env['CIVICPULSE_DB'] ?? './data/demo.db')
      await freshDemoDb(dbPath)
      const pipeline = await openPipeline({ dbPath, label: true, detect: true })
      await pipeline.store.metaValue(DEMO_MARK, () => '1')
      const sc = loadScenario(flags.scenario)
      const plan = planSimulation({ scenario: sc })
      const speed = flags.speed
        ? Number(flags.speed)
        : typeof plan.speed === 'number'
          ? plan.speed
          : 60
      if (!Number.isFinite(speed) || speed <= 0)
        throw new AppError('USAGE_INVALID', `--speed must be a positive number.`)

      let demoUsers: { email: string; password: string; role: string }[] = []
      try {
        const auth = (await import('@civicpulse/server')) as unknown as {
          ensureDemoUsers?: (
            db: unknown,
          ) => Promise<{ email: string; password: string; role: string }[]>
        }
        if (auth.ensureDemoUsers) demoUsers = await auth.ensureDemoUsers(pipeline.store.db)
      } catch (e: unknown) {
        process.stderr.write(
          `civicpulse: could not create the demo users: ${(e as Error).message}\n`,
        )
      }
      const app = createProductApp(pipeline)
      const p = port(flags.port)
      await app.listen({ port: p, host: host() })
      const addr = app.server.address()
      const actual = typeof addr === 'object' && addr ? addr.port : p
      const say = (s: string) => process.stdout.write(s + '\n')
      say(`Civic Pulse demo is running at http://localhost:${actual}/`)
      if (demoUsers.length) {
        say('Sign in with one of the demo accounts:')
        for (const u of demoUsers) say(`  ${u.role.padEnd(10)} ${u.email}  password: ${u.password}`)
      }
      say(
        `Demo database: ${dbPath}. Simulated Lewisham stream at ${speed}× real time. Press Ctrl+C to stop.`,
      )

      let stopping = false
      const stop = () => {
        stopping = true
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      const ticker = setInterval(() => {
        void pipeline.detect?.tick(simNow).catch(() => {})
      }, 5000)
      let simNow = plan.startMs
      let campaignTimer: ReturnType<typeof setInterval> | undefined
      try {
        const histMs = parseSimDuration(flags.history)
        if (histMs > 0) {
          await runScenario({
            pipeline,
            scenario: backgroundOf(sc, plan.startMs, histMs),
            seed: plan.seed + 1000,
            source: 'demo-history',
            setNow: (t) => (simNow = t),
          })
        }
        // The scenario's government-started conversations open as campaigns, refreshed as posts
        // arrive. The council's own accounts are the campaign's accounts, so its launch posts are
        // the government's posts (not contributions) and replies to them attach to the campaign.
        const campaigns = new CampaignRepository(pipeline.store.db)
        const council = councilAccounts(sc)
        const names: string[] = []
        for (const c of scenarioTruth(sc).campaigns) {
          await campaigns.create({
            name: c.title,
            hashtags: c.hashtags,
            accounts: council,
            startsAt: c.launch,
            endsAt: c.end,
            questions: [],
            services: [],
            areas: [],
          })
          names.push(c.title)
        }
        const launches = new LaunchAccounts(pipeline.store.db, scenarioTruth(sc).campaigns)
        campaignTimer = setInterval(() => {
          void launches
            .settle()
            .catch(() => {})
            .then(() => {
              for (const name of names) {
                void campaigns
                  .get(name)
                  .then(({ campaign }) => refreshCampaign(campaigns, campaign, () => simNow))
                  .catch(() => {})
              }
            })
        }, 30_000)
        if (!flags.quiet) say('History loaded; the live simulated stream has started.')
        const wallStart = Date.now()
        await runScenario({
          pipeline,
          scenario: sc,
          live: true,
          source: 'demo',
          setNow: (t) => (simNow = t),
          onBatch: async (b) => {
            if (stopping) throw new DemoStopped()
            launches.see(b)
            if (b.from < plan.liveFromMs) return
            const due = wallStart + (b.to - plan.liveFromMs) / speed
            const wait = due - Date.now()
            if (wait > 0) await new Promise((r) => setTimeout(r, wait))
          },
        })
        if (!flags.quiet)
          say('The simulated scenario has ended; the server keeps running. Press Ctrl+C to stop.')
        while (!stopping) await new Promise((r) => setTimeout(r, 500))
      } catch (e: unknown) {
        if (!(e instanceof DemoStopped)) throw e
      } finally {
        clearInterval(ticker)
        if (campaignTimer) clearInterval(campaignTimer)
        await app.close()
        await pipeline.close()
      }
    })
}

/** The scenario's council accounts by handle (Bluesky posts carry a DID: see `LaunchAccounts`). */
export function councilAccounts(sc: { accounts: { handle: string; kind: string }[] }): string[] {
  return [...new Set(sc.accounts.filter((a) => a.kind === 'council').map((a) => a.handle))]
}

/**
 * Watches the simulated stream for the council's campaign launch posts and, once they are stored,
 * adds their authors (a handle, or the platform id where a platform gives no handle, such as a
 * Bluesky DID) to the campaign's accounts, as a council would configure its own accounts.
 */
export class LaunchAccounts {
  private readonly pending = new Map<string, string>()
  private readonly titles: Map<string, string>

  constructor(
    private readonly db: Kysely<Database>,
    campaigns: readonly { id: string; title: string }[],
  ) {
    this.titles = new Map(campaigns.map((c) => [c.id, c.title]))
  }

  /** Notes the launch posts of a simulated batch (before it is ingested). */
  see(b: SimBatch): void {
    for (const e of b.events) {
      const t = e.truth
      if (t.kind === 'council' && t.campaignId && !t.replyTo && this.titles.has(t.campaignId))
        this.pending.set(t.postKey, this.titles.get(t.campaignId) as string)
    }
  }

  /** Adds the authors of stored launch posts to their campaigns; returns how many were added. */
  async settle(): Promise<number> {
    let added = 0
    for (const [key, name] of [...this.pending]) {
      const i = key.indexOf(':')
      const post = await this.db
        .selectFrom('posts')
        .select(['author_handle', 'author_id'])
        .where('platform', '=', key.slice(0, i))
        .where('platform_id', '=', key.slice(i + 1))
        .executeTakeFirst()
      if (!post) continue
      this.pending.delete(key)
      const who = post.author_handle || post.author_id
      const row = await this.db
        .selectFrom('campaigns')
        .select(['id', 'spec'])
        .where('name', '=', name)
        .executeTakeFirst()
      if (!row || !who) continue
      const spec = JSON.parse(row.spec) as { accounts?: string[] }
      if ((spec.accounts ?? []).includes(who)) continue
      spec.accounts = [...(spec.accounts ?? []), who]
      await this.db
        .updateTable('campaigns')
        .set({ spec: JSON.stringify(spec) })
        .where('id', '=', row.id)
        .execute()
      added++
    }
    return added
  }
}

class DemoStopped extends Error {
  override name = 'DemoStopped'
}
