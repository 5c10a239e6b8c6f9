/**
 * Labelling throughput for `npm run bench`: all labels together, one core, over generated posts (the
 * project's own phrasing; no shared data needed). Returns posts per second after a warm-up.
 */
import type { LabelInput } from '@civicpulse/core'
import { mulberry32 } from './linear/index.js'
import { loadLabeller, type LabellerOptions } from './labeller.js'

const OPENERS = [
  '@LewishamCouncil',
  '',
  '',
  'Honestly',
  'Again',
  'Why is',
  'Thanks to the team,',
  'Does anyone know if',
  'Please',
  '',
]
const ISSUES = [
  'the bins on Ravensbourne Road have not been collected',
  'there is a massive pothole on Lee High Road',
  'the streetlight outside the school is out',
  'fly tipping behind the shops in Catford',
  'no hot water in our block since Friday',
  'the library in Deptford is open late tonight',
  'the 185 bus was 40 minutes late',
  'graffiti all over the underpass at Lewisham station',
  'what a great match last night',
  'my coffee is cold and I am tired',
  'le bus est encore en retard ce matin',
  'la basura no se ha recogido en toda la semana',
  'die Straßenlaterne ist seit Wochen kaputt',
]
const CLOSERS = [
  '',
  '!!',
  '?',
  ' 😡',
  ' 🙏',
  ' https://t.co/abc123',
  ' #lewisham',
  ' so annoying',
  ' thank you so much',
  '',
]

/** Generates n varied synthetic posts (seeded). */
export function syntheticPosts(n: number, seed = 1): LabelInput[] {
  const r = mulberry32(seed)
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)] as T
  const out: LabelInput[] = []
  for (let i = 0; i < n; i++) {
    const text = `${pick(OPENERS)} ${pick(ISSUES)}${pick(CLOSERS)} ${i % 97}`.trim()
    out.push(
      i % 5 === 0
        ? { id: String(i), text, lat: 51.45 + r() * 0.03, lon: -0.03 + r() * 0.03 }
        : { id: String(i), text },
    )
  }
  return out
}

/** Throughput figures of one benchmark run. */
export interface BenchResult {
  /** Posts per second of wall-clock time. */
  wallPerSec: number
  /** Posts per CPU-second of this process: the one-core figure, robust to other processes sharing the machine. */
  cpuPerSec: number
  /** Time to load every model, in milliseconds. */
  loadMs: number
  n: number
}

/** Measures labelling (all labels) over n generated posts after a warm-up: wall-clock and CPU-time rates, load time. */
export async function benchLabelDetailed(
  n = 20000,
  opts: LabellerOptions = {},
): Promise<BenchResult> {
  const t0 = performance.now()
  const labeller = await loadLabeller(opts)
  const loadMs = performance.now() - t0
  const posts = syntheticPosts(n)
  labeller.labelBatch(posts.slice(0, Math.min(3000, n)))
  const c0 = process.cpuUsage()
  const t1 = performance.now()
  labeller.labelBatch(posts)
  const wall = (performance.now() - t1) / 1000
  const c = process.cpuUsage(c0)
  const cpu = (c.user + c.system) / 1e6
  return { wallPerSec: n / wall, cpuPerSec: n / cpu, loadMs, n }
}

/** Labelling throughput (posts per CPU-second, i.e. on one core) over n generated posts, after a warm-up. */
export async function benchLabel(n = 20000, opts: LabellerOptions = {}): Promise<number> {
  return (await benchLabelDetailed(n, opts)).cpuPerSec
}
