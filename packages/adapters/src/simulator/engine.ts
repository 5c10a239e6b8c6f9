/**
 * The generator. Walks simulated time minute by minute; in each minute draws Poisson counts of
 * chatter, everyday civic posts, spam, planted-failure posts and campaign answers (each following
 * its own daily/weekly rhythm and envelope), then replies, reposts, copy-paste duplicates and
 * thread continuations scheduled by earlier posts. Every post is written in its platform's payload
 * shape with its ground truth. Deterministic for a given scenario, seed, start and duration.
 */
import { AppError } from '@civicpulse/core'
import { AuthorPool } from './authors.js'
import { EN } from './grammar/index.js'
import { Composer } from './compose.js'
import type { Emitted, Plan } from './plan.js'
import { IdFactory } from './ids.js'
import { loadGazetteer, type SimGazetteer } from './places.js'
import { Rng, Weighted } from './prng.js'
import { LocalClock } from './rhythm.js'
import { loadScenario, parseDuration, type Scenario } from './scenario.js'
import { SERVICE_WEIGHTS } from './services.js'
import type { Intent } from './grammar/types.js'
import type { SimBatch, SimPlatform } from './types.js'

/** How to run a scenario. Unset fields come from the scenario. */
export interface SimulateOptions {
  /** A bundled scenario name, a YAML path, or a parsed scenario. Default `lewisham-week`. */
  scenario?: string | Scenario
  seed?: number
  /** Simulated start (ISO 8601); planted times stay relative to it. */
  start?: string
  /** How much simulated time to generate, e.g. `7d`. */
  duration?: string | number
}

/** The resolved timing of a run. */
export interface SimulationPlan {
  scenario: Scenario
  seed: number
  startMs: number
  endMs: number
  /** Before this instant events are history (emit at once); after it the clock paces them. */
  liveFromMs: number
  speed: number | 'max'
}

/** Resolves a run's scenario and times without generating anything. */
export function planSimulation(opts: SimulateOptions = {}): SimulationPlan {
  const scenario =
    typeof opts.scenario === 'object'
      ? opts.scenario
      : loadScenario(opts.scenario ?? 'lewisham-week')
  const startMs = Date.parse(opts.start ?? scenario.start)
  if (Number.isNaN(startMs))
    throw new AppError('USAGE_INVALID', `Invalid start time: ${String(opts.start)} (use ISO 8601).`)
  const endMs = startMs + parseDuration(opts.duration ?? scenario.duration)
  return {
    scenario,
    seed: opts.seed ?? scenario.seed,
    startMs,
    endMs,
    liveFromMs: Math.min(endMs, startMs + parseDuration(scenario.backfill)),
    speed: scenario.speed,
  }
}

/** Generates the stream: one batch per simulated minute, in time order. */
export function* simulate(opts: SimulateOptions = {}): Generator<SimBatch, void, undefined> {
  const plan = planSimulation(opts)
  const sc = plan.scenario
  const rng = new Rng(`civicpulse-sim:${plan.seed}`)
  const gz = loadGazetteer(sc.jurisdiction)
  const clock = new LocalClock(gz.timezone)
  const ids = new IdFactory(rng, plan.startMs)
  const vol = sc.volume
  const platforms = new Weighted(Object.entries(sc.platforms) as [SimPlatform, number][])
  const languages = new Weighted(Object.entries(sc.languages))
  const shares = Object.fromEntries(Object.entries(sc.platforms).map(([p, w]) => [p, w])) as Record<
    SimPlatform,
    number
  >
  const totalShare = Object.values(shares).reduce((a, b) => a + b, 0)
  const perPlatform = Object.fromEntries(
    Object.entries(shares).map(([p, w]) => [
      p,
      Math.max(60, (vol.postsPerDay * (w / totalShare)) / 3),
    ]),
  ) as Record<SimPlatform, number>
  const pool = new AuthorPool(
    rng,
    ids,
    gz,
    perPlatform,
    languages,
    [...gz.accounts, ...sc.accounts],
    plan.startMs,
  )
  checkScenario(sc, gz)
  const services = new Weighted(Object.entries(sc.services ?? SERVICE_WEIGHTS))
  const composer = new Composer(rng, gz, pool, ids, platforms, services, vol.noise)

  const failures = sc.failures.map((f) => ({
    spec: f,
    onset: plan.startMs + parseDuration(f.onset),
    end: plan.startMs + parseDuration(f.end),
    wards: f.wards.length > 0 ? f.wards : gz.wards.map((w) => w.name),
    intents: new Weighted(Object.entries(f.intents) as [Intent, number][]),
  }))
  const campaigns = sc.campaigns.map((c) => ({
    spec: c,
    launch: plan.startMs + parseDuration(c.launch),
    end: plan.startMs + parseDuration(c.end),
    themes: new Weighted(c.themes.map((t) => [t, t.weight] as const)),
    launched: new Map<SimPlatform, Emitted>(),
  }))

  // Follow-ups (replies, reposts, copies) add posts; scale the originals so the total matches.
  const followUps = 1 + vol.replyRate + vol.repostRate + vol.duplicateRate
  const perMinute = vol.postsPerDay / 1440 / followUps
  const chatterShare = Math.max(0, 1 - vol.civicShare - vol.spamShare)
  const scheduled = new Map<number, Plan[]>()
  const schedule = (p: Plan): void => {
    if (p.at >= plan.endMs) return
    const m = Math.floor((p.at - plan.startMs) / 60_000)
    const list = scheduled.get(m)
    if (list) list.push(p)
    else scheduled.set(m, [p])
  }

  const minutes = Math.ceil((plan.endMs - plan.startMs) / 60_000)
  for (let m = 0; m < minutes; m++) {
    const t0 = plan.startMs + m * 60_000
    const t1 = Math.min(plan.endMs, t0 + 60_000)
    const frac = (t1 - t0) / 60_000
    const plans: Plan[] = scheduled.get(m) ?? []
    scheduled.delete(m)
    const at = (): number => t0 + Math.floor(rng.next() * (t1 - t0))
    const chatterN = rng.poisson(perMinute * chatterShare * clock.chatter(t0) * frac)
    for (let i = 0; i < chatterN; i++) plans.push({ t: 'chatter', at: at() })
    const civicN = rng.poisson(perMinute * vol.civicShare * clock.civic(t0) * frac)
    for (let i = 0; i < civicN; i++) plans.push({ t: 'civic', at: at() })
    const spamN = rng.poisson(perMinute * vol.spamShare * frac)
    for (let i = 0; i < spamN; i++) plans.push({ t: 'spam', at: at() })
    for (const f of failures) {
      const env = envelope(t0, f.onset, f.end, f.spec.rampMinutes, f.spec.decayMinutes)
      if (env <= 0) continue
      const n = rng.poisson(
        (f.spec.peakPerHour / 60) * env * (0.35 + 0.65 * clock.civic(t0)) * frac,
      )
      for (let i = 0; i < n; i++)
        plans.push({ t: 'failure', at: at(), f, intent: f.intents.draw(rng) })
    }
    for (const c of campaigns) {
      if (t0 <= c.launch && c.launch < t1) {
        for (const p of ['x', 'bluesky', 'mastodon', 'reddit'] as SimPlatform[])
          plans.push({ t: 'launch', at: c.launch, c, platform: p })
      }
      if (t0 < c.launch || t0 >= c.end) continue
      const decay = Math.pow(0.5, (t0 - c.launch) / 3_600_000 / c.spec.halfLifeHours)
      const ramp = Math.min(1, (t0 - c.launch) / 1_800_000 + 0.1)
      const n = rng.poisson((c.spec.peakPerHour / 60) * decay * ramp * clock.chatter(t0) * frac)
      for (let i = 0; i < n; i++)
        plans.push({ t: 'campaign', at: Math.max(at(), c.launch + 1000), c })
    }
    plans.sort((a, b) => a.at - b.at)
    const batch: SimBatch = { from: t0, to: t1, events: [] }
    for (const p of plans) {
      const out = composer.emit(p)
      if (!out) continue
      batch.events.push(out.event)
      for (const next of composer.followUps(out.emitted, p, vol)) schedule(next)
    }
    yield batch
  }
}

/** Services and failures need phrasing; wards and streets must exist in the jurisdiction pack. */
function checkScenario(sc: Scenario, gz: SimGazetteer): void {
  const problems: string[] = []
  sc.failures.forEach((f, i) => {
    for (const w of f.wards)
      if (!gz.wardByName.has(w)) problems.push(`failures.${i}.wards: no ward "${w}" in ${gz.id}`)
    if (f.street !== undefined && !gz.streets.some((s) => s.name === f.street))
      problems.push(`failures.${i}.street: no street "${f.street}" in ${gz.id}`)
  })
  for (const key of Object.keys(sc.services ?? {}))
    if (!EN.services[key]) problems.push(`services.${key}: no phrasing for this service key`)
  sc.failures.forEach((f, i) => {
    if (!EN.failures?.[f.kind] && !EN.services[f.kind] && !EN.services[f.service])
      problems.push(`failures.${i}: no phrasing for kind "${f.kind}" or service "${f.service}"`)
  })
  if (problems.length > 0)
    throw new AppError(
      'CONFIG_INVALID',
      `Scenario ${sc.name} cannot be simulated:\n  ${problems.join('\n  ')}`,
    )
}

/** Envelope of a failure: ramps up from onset, holds until the end, then decays exponentially. */
export function envelope(
  t: number,
  onset: number,
  end: number,
  rampMin: number,
  decayMin: number,
): number {
  if (t < onset) return 0
  if (t < end) return rampMin > 0 ? Math.min(1, (t - onset) / (rampMin * 60_000) + 0.15) : 1
  if (decayMin <= 0) return 0
  const e = Math.exp(-(t - end) / (decayMin * 60_000))
  return e < 0.02 ? 0 : e
}
