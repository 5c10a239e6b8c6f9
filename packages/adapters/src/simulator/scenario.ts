/**
 * Scenarios: YAML files (validated with Zod) describing a simulated stretch of a city's social
 * media — volume, platform and language mix, planted service failures and government-started
 * conversations — and the ground truth derived from them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { AppError } from '@civicpulse/core'
import { REPO_ROOT } from '../shared-data.js'
import { loadGazetteer, type SimGazetteer } from './places.js'
import { serviceCode } from './services.js'
import { INTENTS } from './grammar/types.js'

/** Parses a duration such as `7d`, `1d7h30m`, `90m`, `45s` or `0` into milliseconds. */
export function parseDuration(s: string | number): number {
  if (typeof s === 'number') return s
  const t = s.trim()
  if (t === '0') return 0
  const re = /(\d+(?:\.\d+)?)(d|h|m|s)/gy
  let ms = 0
  let m: RegExpExecArray | null
  let seen = 0
  while ((m = re.exec(t)) !== null) {
    const n = Number(m[1])
    ms += n * { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2] as 'd' | 'h' | 'm' | 's']
    seen = re.lastIndex
  }
  if (seen !== t.length || t.length === 0)
    throw new AppError('USAGE_INVALID', `Not a duration: "${s}" (use e.g. 7d, 1d7h, 90m).`)
  return ms
}

const Duration = z.union([z.string(), z.number()])
const Share = z.number().min(0).max(1)
const IntentMix = z.partialRecord(z.enum(INTENTS), z.number().nonnegative())

const FailureSchema = z.object({
  id: z.string().min(1),
  /** The phrasing used: a failure kind (missed-bins, water-main-burst…) or a service key. */
  kind: z.string().min(1),
  /** Simulator service key (mapped to a taxonomy code in the truth). */
  service: z.string().min(1),
  title: z.string().min(1),
  wards: z.array(z.string()).default([]),
  street: z.string().optional(),
  route: z.string().optional(),
  /** Offset from the scenario start. */
  onset: Duration,
  end: Duration,
  peakPerHour: z.number().positive(),
  rampMinutes: z.number().nonnegative().default(45),
  decayMinutes: z.number().nonnegative().default(120),
  intents: IntentMix.default({ complaint: 0.75, question: 0.15, information: 0.1 }),
})
/** A planted failure as written in a scenario. */
export type FailureSpec = z.infer<typeof FailureSchema>

const ThemeSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  service: z.string().min(1),
  intent: z.enum(INTENTS).default('suggestion'),
  weight: z.number().positive().default(1),
  templates: z.array(z.string().min(1)).min(1),
})

const CampaignSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  hashtags: z.array(z.string().min(1)).min(1),
  /** What the council asks, posted at launch (templates allowed). */
  question: z.string().min(1),
  launch: Duration,
  end: Duration,
  peakPerHour: z.number().positive(),
  halfLifeHours: z.number().positive().default(36),
  /** Share of answers that reply to the launch post instead of using the hashtag. */
  replyShare: Share.default(0.25),
  themes: z.array(ThemeSchema).min(1),
})
/** A council-started conversation as written in a scenario. */
export type CampaignSpec = z.infer<typeof CampaignSchema>

/** The scenario file format. */
export const ScenarioSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  jurisdiction: z.string().default('lewisham'),
  /** Simulated start (ISO 8601 with offset). */
  start: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'start must be an ISO 8601 date-time'),
  duration: Duration,
  /** Default clock: `max`, or simulated seconds per wall second. */
  speed: z.union([z.literal('max'), z.number().positive()]).default('max'),
  /** Simulated time before the live clock starts, emitted at once (history for baselines). */
  backfill: Duration.default(0),
  seed: z.number().int().default(1),
  volume: z
    .object({
      postsPerDay: z.number().positive().default(24000),
      civicShare: Share.default(0.1),
      spamShare: Share.default(0.02),
      replyRate: z.number().nonnegative().default(0.18),
      repostRate: z.number().nonnegative().default(0.05),
      duplicateRate: z.number().nonnegative().default(0.02),
      noise: z.number().nonnegative().default(1),
    })
    .prefault({}),
  platforms: z
    .record(z.enum(['x', 'mastodon', 'bluesky', 'reddit']), z.number().nonnegative())
    .default({
      x: 0.4,
      bluesky: 0.25,
      mastodon: 0.15,
      reddit: 0.2,
    }),
  languages: z
    .record(z.string(), z.number().nonnegative())
    .default({ en: 0.87, pl: 0.035, es: 0.03, pt: 0.025, tr: 0.02, fr: 0.02 }),
  /** Extra official accounts (the jurisdiction pack's come first). */
  accounts: z
    .array(
      z.object({ platform: z.string(), handle: z.string(), kind: z.string().default('council') }),
    )
    .default([]),
  /** Relative weights overriding the everyday mix of services. */
  services: z.record(z.string(), z.number().nonnegative()).optional(),
  failures: z.array(FailureSchema).default([]),
  campaigns: z.array(CampaignSchema).default([]),
})
/** A validated scenario. */
export type Scenario = z.infer<typeof ScenarioSchema>

/** The folder holding the bundled scenarios. */
export const SCENARIO_DIR = join(REPO_ROOT, 'packages/adapters/config/scenarios')

/** Loads a scenario by bundled name (`lewisham-week`, `demo`) or by path, and validates it. */
export function loadScenario(nameOrPath = 'lewisham-week'): Scenario {
  const candidates = /[/\\]|\.ya?ml$/.test(nameOrPath)
    ? [isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath)]
    : [join(SCENARIO_DIR, `${nameOrPath}.yaml`), join(SCENARIO_DIR, `${nameOrPath}.yml`)]
  const file = candidates.find((f) => existsSync(f))
  if (!file)
    throw new AppError(
      'USAGE_INVALID',
      `No scenario "${nameOrPath}" (looked for ${candidates.join(', ')}).`,
    )
  return parseScenario(readFileSync(file, 'utf8'), file)
}

/** Validates scenario YAML text; every problem is reported at once. */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(parse(text))
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new AppError('CONFIG_INVALID', `Invalid scenario ${source}:\n${lines.join('\n')}`)
  }
  return r.data
}

function tryGazetteer(id: string): SimGazetteer | undefined {
  try {
    return loadGazetteer(id)
  } catch {
    return undefined
  }
}

/** One planted failure with absolute times, as evaluation needs it. */
export interface FailureTruth {
  id: string
  kind: string
  title: string
  /** Taxonomy code. */
  service: string
  serviceKey: string
  wards: string[]
  /** Ward codes from the jurisdiction pack, same order as `wards` (empty = borough-wide). */
  wardCodes: string[]
  street?: string
  route?: string
  onset: string
  end: string
}

/** One government-started conversation with its planted themes. */
export interface CampaignTruth {
  id: string
  title: string
  hashtags: string[]
  launch: string
  end: string
  themes: { id: string; label: string; service: string; intent: string }[]
}

/** What a scenario plants, with absolute times. */
export interface ScenarioTruth {
  scenario: string
  start: string
  end: string
  failures: FailureTruth[]
  campaigns: CampaignTruth[]
}

/** The scenario's planted failures and conversations with absolute times (start overridable). */
export function scenarioTruth(
  sc: Scenario,
  opts: { start?: string; duration?: string | number } = {},
): ScenarioTruth {
  const gz = tryGazetteer(sc.jurisdiction)
  const t0 = Date.parse(opts.start ?? sc.start)
  const dur = parseDuration(opts.duration ?? sc.duration)
  const iso = (off: string | number): string => new Date(t0 + parseDuration(off)).toISOString()
  return {
    scenario: sc.name,
    start: new Date(t0).toISOString(),
    end: new Date(t0 + dur).toISOString(),
    failures: sc.failures.map((f) => ({
      id: f.id,
      kind: f.kind,
      title: f.title,
      service: serviceCode(f.service),
      serviceKey: f.service,
      wards: f.wards,
      wardCodes: f.wards.map((w) => gz?.wardByName.get(w)?.code ?? w),
      ...(f.street !== undefined ? { street: f.street } : {}),
      ...(f.route !== undefined ? { route: f.route } : {}),
      onset: iso(f.onset),
      end: iso(f.end),
    })),
    campaigns: sc.campaigns.map((c) => ({
      id: c.id,
      title: c.title,
      hashtags: c.hashtags,
      launch: iso(c.launch),
      end: iso(c.end),
      themes: c.themes.map((t) => ({
        id: t.id,
        label: t.label,
        service: serviceCode(t.service),
        intent: t.intent,
      })),
    })),
  }
}
