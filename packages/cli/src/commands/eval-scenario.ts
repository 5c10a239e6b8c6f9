/**
 * `civicpulse eval-scenario SCENARIO` — runs a simulated scenario as fast as possible through the
 * real pipeline and measures it against the generator's truth: labelling quality, and for every
 * planted failure whether and when an incident was raised, plus false incidents per day.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { loadJurisdiction } from '@civicpulse/adapters'
import {
  parseSimDuration,
  scenarioTruth,
  type FailureTruth,
  type Scenario,
} from '@civicpulse/adapters'
import { openPipeline } from '../compose.js'
import { backgroundOf, loadScenario, runScenario, type SimTruth } from '../scenario-run.js'

interface Flags {
  seed?: string
  json?: boolean
  db?: string
  history: string
  early: boolean
}

interface Binary {
  tp: number
  fp: number
  fn: number
}

const f1 = (b: Binary) => {
  const p = b.tp / Math.max(1, b.tp + b.fp)
  const r = b.tp / Math.max(1, b.tp + b.fn)
  return { precision: round(p), recall: round(r), f1: round(p + r ? (2 * p * r) / (p + r) : 0) }
}
const round = (x: number) => Math.round(x * 1000) / 1000

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('eval-scenario')
    .description(
      'Run a simulated scenario through the real pipeline and measure labels and detection against its truth.',
    )
    .argument('[scenario]', 'bundled scenario name or YAML path', 'lewisham-week')
    .option('--seed <n>', 'random seed')
    .option(
      '--history <duration>',
      'background history generated before the scenario, so baselines exist',
      '3d',
    )
    .option('--db <path>', 'keep the resulting database here (default: a temporary file, removed)')
    .option('--json', 'print one JSON object')
    .option(
      '--no-early',
      'judge only closed 5-minute buckets (the baseline before open-bucket judging)',
    )
    .action(async (name: string, flags: Flags) => {
      const report = await evaluateScenario({
        scenario: name,
        history: flags.history,
        early: flags.early,
        ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
        ...(flags.db ? { db: flags.db } : {}),
      })
      if (flags.json) process.stdout.write(JSON.stringify(report) + '\n')
      else process.stdout.write(formatReport(report))
    })
}

/** What `evaluateScenario` needs: a scenario (name, path or object), background history, seed, kept database. */
export interface EvaluateScenarioOptions {
  scenario: string | Scenario
  /** Background history before the scenario, e.g. '3d' (the detector needs 2 days to warm up). */
  history: string
  seed?: number
  /** Keep the database here (default: a temporary file, removed). */
  db?: string
  /** Judge the open bucket as posts arrive (default true). */
  early?: boolean
}

/** The scenario evaluation report (labels against truth, per-failure detection, false incidents). */
export type ScenarioReport = Awaited<ReturnType<typeof measure>>

/** Runs a scenario as fast as possible through the real pipeline and measures it against its truth. */
export async function evaluateScenario(o: EvaluateScenarioOptions): Promise<ScenarioReport> {
  const started = performance.now()
  const sc = typeof o.scenario === 'string' ? loadScenario(o.scenario) : o.scenario
  const seed = o.seed
  const tmp = o.db ? undefined : mkdtempSync(join(tmpdir(), 'cp-eval-'))
  const pipeline = await openPipeline({
    dbPath: o.db ?? join(tmp!, 'eval.db'),
    label: true,
    detect: true,
    earlyDetection: o.early ?? true,
  })
  const truth = new Map<string, SimTruth>()
  try {
    const histMs = parseSimDuration(o.history)
    const start = Date.parse(sc.start)
    if (histMs > 0) {
      await runScenario({
        pipeline,
        scenario: backgroundOf(sc, start, histMs),
        seed: (seed ?? 1) + 1000,
        source: 'history',
      })
    }
    const summary = await runScenario({
      pipeline,
      scenario: sc,
      seed,
      onBatch: (b) => {
        for (const e of b.events) truth.set(e.truth.postKey, e.truth)
      },
    })
    return await measure(
      pipeline,
      truth,
      scenarioTruth(sc).failures,
      sc,
      summary.read,
      (performance.now() - started) / 1000,
    )
  } finally {
    await pipeline.close()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  }
}

async function measure(
  pipeline: Awaited<ReturnType<typeof openPipeline>>,
  truth: Map<string, SimTruth>,
  failures: FailureTruth[],
  sc: { name: string; start: string; duration: string | number },
  read: number,
  seconds: number,
) {
  const wardCode = new Map(loadJurisdiction().wards.map((w) => [w.name, w.code]))
  // Only the scenario's own posts: the background history may reuse a platform id of the scenario.
  const rows = await pipeline.store.db
    .selectFrom('posts')
    .select([
      'platform',
      'platform_id',
      'relevant_p',
      'service_code',
      'intent',
      'sentiment',
      'lang',
      'ward_code',
      'spam_p',
    ])
    .where('created_at', '>=', Date.parse(sc.start))
    .execute()
  const relevance: Binary = { tp: 0, fp: 0, fn: 0 }
  const spam: Binary = { tp: 0, fp: 0, fn: 0 }
  let civic = 0
  let serviceOk = 0
  let intentOk = 0
  let intentN = 0
  let sentimentOk = 0
  let sentimentN = 0
  let langOk = 0
  let langN = 0
  let wardOk = 0
  let wardN = 0
  for (const r of rows) {
    const t = truth.get(`${r.platform}:${r.platform_id}`)
    if (!t) continue
    const rel = (r.relevant_p ?? 0) >= 0.5 && (r.spam_p ?? 0) < 0.5
    if (t.civic && rel) relevance.tp++
    else if (!t.civic && rel) relevance.fp++
    else if (t.civic && !rel) relevance.fn++
    const isSpam = (r.spam_p ?? 0) >= 0.5
    if (t.spam && isSpam) spam.tp++
    else if (!t.spam && isSpam) spam.fp++
    else if (t.spam && !isSpam) spam.fn++
    if (t.lang) {
      langN++
      if (r.lang === t.lang) langOk++
    }
    if (!t.civic) continue
    civic++
    if (r.service_code === t.service) serviceOk++
    if (t.intent) {
      intentN++
      if (r.intent === t.intent) intentOk++
    }
    if (t.sentiment) {
      sentimentN++
      if (r.sentiment === t.sentiment) sentimentOk++
    }
    if (t.ward && t.place !== 'none') {
      wardN++
      if (r.ward_code === wardCode.get(t.ward)) wardOk++
    }
  }
  const incidents = await pipeline.detections.listIncidents({ limit: 10_000 })
  // Which planted failure each incident is about, judged by its evidence posts (the generator's
  // truth), not by its labels: an incident counts for failure F when F's posts are the most common
  // failure among its evidence and at least a quarter of it, and it started between 30 minutes
  // before F's onset and F's end. Service labels may differ (the sieve may call a burst main a
  // road problem); whether the incident's service group agrees is reported separately.
  const links = await pipeline.store.db
    .selectFrom('incident_posts')
    .innerJoin('incidents', 'incidents.id', 'incident_posts.incident_id')
    .innerJoin('posts', 'posts.id', 'incident_posts.post_id')
    .select(['incidents.public_id as incident', 'posts.platform', 'posts.platform_id'])
    .execute()
  const evidence = new Map<string, Map<string, number>>()
  const members = new Map<string, number>()
  for (const l of links) {
    members.set(l.incident, (members.get(l.incident) ?? 0) + 1)
    const f = truth.get(`${l.platform}:${l.platform_id}`)?.failureId
    if (!f) continue
    let m = evidence.get(l.incident)
    if (!m) evidence.set(l.incident, (m = new Map()))
    m.set(f, (m.get(f) ?? 0) + 1)
  }
  const aboutOf = (id: string): { failure: string; share: number } | undefined => {
    const top = [...(evidence.get(id) ?? [])].sort((a, b) => b[1] - a[1])[0]
    if (!top) return undefined
    return { failure: top[0], share: top[1] / Math.max(1, members.get(id) ?? 0) }
  }
  const group = (code: string) => code.split('.')[0] ?? code
  const matched = new Set<string>()
  // When the detector knew: the tipping post's time when the open bucket was judged, the end of
  // the bucket when it was judged closed (older incidents without it: the end of their bucket).
  const knownAt = new Map<string, number>()
  for (const i of incidents) {
    const d = (await pipeline.detections.getIncident(i.id))?.detectedAt
    knownAt.set(i.id, d ?? Date.parse(i.startedAt) + 5 * 60_000)
  }
  const perFailure = failures.map((f) => {
    const onset = Date.parse(f.onset)
    const end = Date.parse(f.end)
    const hits = incidents.filter((i) => {
      const t = Date.parse(i.startedAt)
      const about = aboutOf(i.id)
      return (
        about !== undefined &&
        about.failure === f.id &&
        about.share >= 0.25 &&
        t >= onset - 30 * 60_000 &&
        t <= end
      )
    })
    for (const h of hits) matched.add(h.id)
    const firstHit = [...hits].sort((a, b) => knownAt.get(a.id)! - knownAt.get(b.id)!)[0]
    const first = firstHit ? knownAt.get(firstHit.id) : undefined
    const delayMinutes =
      first === undefined ? null : Math.max(0, Math.round((first - onset) / 60_000))
    return {
      id: f.id,
      title: f.title,
      service: f.service,
      detected: first !== undefined,
      incidents: hits.length,
      delayMinutes,
      incidentService: firstHit?.service ?? null,
      serviceGroupAgrees: firstHit ? group(firstHit.service) === group(f.service) : null,
      incidentTitle: firstHit?.title ?? null,
    }
  })
  const days = (Date.parse(scenarioTruth(sc as never).end) - Date.parse(sc.start)) / 86_400_000
  const falseIncidents = incidents.filter(
    (i) => !matched.has(i.id) && Date.parse(i.startedAt) >= Date.parse(sc.start),
  )
  const delays = perFailure
    .map((p) => p.delayMinutes)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b)
  return {
    scenario: sc.name,
    posts: read,
    seconds: round(seconds),
    labels: {
      relevance: f1(relevance),
      spam: f1(spam),
      serviceAccuracy: round(serviceOk / Math.max(1, civic)),
      intentAccuracy: round(intentOk / Math.max(1, intentN)),
      sentimentAccuracy: round(sentimentOk / Math.max(1, sentimentN)),
      languageAccuracy: round(langOk / Math.max(1, langN)),
      wardAccuracy: round(wardOk / Math.max(1, wardN)),
      civicPosts: civic,
    },
    failures: perFailure,
    detected: perFailure.filter((p) => p.detected).length,
    medianDelayMinutes: delays.length ? delays[Math.floor((delays.length - 1) / 2)] : null,
    falseIncidents: falseIncidents.length,
    falseIncidentsPerDay: round(falseIncidents.length / Math.max(1e-9, days)),
    falseIncidentTitles: falseIncidents.slice(0, 10).map((i) => `${i.title} (${i.service})`),
  }
}

/** The report in plain words. */
export function formatReport(r: ScenarioReport): string {
  const L = r.labels
  const lines = [
    `Scenario ${r.scenario}: ${r.posts} posts through the pipeline in ${r.seconds} s.`,
    `Labels against the generator's truth (${L.civicPosts} civic posts):`,
    `  relevance  precision ${L.relevance.precision}  recall ${L.relevance.recall}  F1 ${L.relevance.f1}`,
    `  spam       precision ${L.spam.precision}  recall ${L.spam.recall}  F1 ${L.spam.f1}`,
    `  service ${L.serviceAccuracy}  intent ${L.intentAccuracy}  sentiment ${L.sentimentAccuracy}  language ${L.languageAccuracy}  ward ${L.wardAccuracy} (accuracy)`,
    `Planted failures: ${r.detected} of ${r.failures.length} detected; median delay ${r.medianDelayMinutes ?? '–'} min.`,
    ...r.failures.map(
      (f) =>
        `  ${f.detected ? 'detected' : 'MISSED  '}  ${f.title}${f.detected ? ` — after ${f.delayMinutes} min, ${f.incidents} incident(s); "${f.incidentTitle}" [${f.incidentService}${f.serviceGroupAgrees ? '' : ', another service group than the truth'}]` : ''}`,
    ),
    `(An incident is counted for a failure when at least a quarter of its evidence posts are that failure's posts.)`,
    `False incidents: ${r.falseIncidents} (${r.falseIncidentsPerDay} per day)`,
    ...r.falseIncidentTitles.map((t) => `  ${t}`),
  ]
  return lines.join('\n') + '\n'
}
