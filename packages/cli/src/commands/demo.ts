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
import { parseSimDuration, planSimulation, scenarioTruth } from '@civicpulse/adapters'
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
        // The scenario's government-started conversations open as campaigns, refreshed as posts arrive.
        const campaigns = new CampaignRepository(pipeline.store.db)
        const names: string[] = []
        for (const c of scenarioTruth(sc).campaigns) {
          await campaigns.create({
            name: c.title,
            hashtags: c.hashtags,
            accounts: [],
            startsAt: c.launch,
            endsAt: c.end,
            questions: [],
            services: [],
            areas: [],
          })
          names.push(c.title)
        }
        campaignTimer = setInterval(() => {
          for (const name of names) {
            void campaigns
              .get(name)
              .then(({ campaign }) => refreshCampaign(campaigns, campaign, () => simNow))
              .catch(() => {})
          }
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

class DemoStopped extends Error {
  override name = 'DemoStopped'
}
