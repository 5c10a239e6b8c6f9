/**
 * `civicpulse simulate`: writes a simulated city stream as NDJSON payload lines (what
 * `civicpulse ingest` reads) and, with `--truth`, the generator's ground truth per line.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import type { Command } from 'commander'
import cliProgress from 'cli-progress'
import { AppError } from '@civicpulse/core'
// The simulator is imported by path until the adapters index re-exports it.
import {
  pacedSimulation,
  parseSimSpeed,
  planSimulation,
  simulate,
  SimStatsCollector,
} from '@civicpulse/adapters'

interface SimulateFlags {
  scenario: string
  seed?: string
  speed?: string
  start?: string
  duration?: string
  out: string
  truth?: string
  stats?: boolean
}

/** Registers the `simulate` command. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'Write a simulated Lewisham social-media stream (Mastodon, X, Bluesky, Reddit payloads) as NDJSON.',
    )
    .option('--scenario <name|path>', 'bundled scenario name or YAML path', 'lewisham-week')
    .option('--seed <n>', 'random seed (same seed, same bytes)')
    .option(
      '--speed <n|max>',
      'simulated seconds per wall second, or max (default: the scenario’s)',
    )
    .option('--start <iso>', 'simulated start time (default: the scenario’s)')
    .option('--duration <d>', 'simulated duration, e.g. 7d, 36h, 90m (default: the scenario’s)')
    .option('--out <file|->', 'where to write the payload lines', '-')
    .option('--truth <file>', 'also write the ground truth, one JSON line per payload line')
    .option(
      '--stats',
      'print stream statistics (volume, shares, phrasing variety) to standard error',
    )
    .action(async (flags: SimulateFlags) => {
      await runSimulate(flags)
    })
}

async function runSimulate(f: SimulateFlags): Promise<void> {
  const seed = f.seed === undefined ? undefined : Number(f.seed)
  if (seed !== undefined && !Number.isInteger(seed))
    throw new AppError('USAGE_INVALID', `Invalid seed "${f.seed}": use an integer.`)
  if (f.start !== undefined && Number.isNaN(Date.parse(f.start)))
    throw new AppError('USAGE_INVALID', `Invalid start "${f.start}": use ISO 8601.`)
  const opts = {
    scenario: f.scenario,
    ...(seed !== undefined ? { seed } : {}),
    ...(f.start !== undefined ? { start: f.start } : {}),
    ...(f.duration !== undefined ? { duration: f.duration } : {}),
  }
  const plan = planSimulation(opts)
  const speed = parseSimSpeed(f.speed, plan.speed)
  const out: Writable = f.out === '-' ? process.stdout : createWriteStream(f.out)
  const truth: WriteStream | undefined = f.truth ? createWriteStream(f.truth) : undefined
  const stats = f.stats ? new SimStatsCollector() : undefined
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: 'simulating {bar} {percentage}% | {day} | {posts} posts',
          hideCursor: true,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined
  const span = plan.endMs - plan.startMs
  bar?.start(100, 0, { day: '', posts: 0 })
  let posts = 0
  let broken = false
  const began = performance.now()
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') broken = true
    else throw e
  })
  const abort = new AbortController()
  const stop = (): void => abort.abort()
  process.once('SIGINT', stop)
  try {
    for await (const b of pacedSimulation(simulate(opts), {
      speed,
      liveFromMs: plan.liveFromMs,
      signal: abort.signal,
    })) {
      if (broken) break
      if (b.events.length === 0) continue
      let chunk = ''
      let tchunk = ''
      for (const e of b.events) {
        chunk += e.line + '\n'
        if (truth) tchunk += JSON.stringify({ at: e.at, format: e.format, ...e.truth }) + '\n'
        stats?.add(e)
      }
      posts += b.events.length
      if (!out.write(chunk)) await drained(out)
      if (truth && !truth.write(tchunk)) await drained(truth)
      bar?.update(Math.floor(((b.to - plan.startMs) / span) * 100), {
        day: new Date(b.from).toISOString().slice(0, 16),
        posts,
      })
    }
  } finally {
    process.off('SIGINT', stop)
    bar?.stop()
    if (out !== process.stdout) await new Promise<void>((r) => (out as WriteStream).end(r))
    if (truth) await new Promise<void>((r) => truth.end(r))
  }
  if (stats) {
    const seconds = (performance.now() - began) / 1000
    const rate = Math.round(posts / seconds)
    process.stderr.write(
      JSON.stringify(
        { ...stats.result(), wallSeconds: Math.round(seconds * 10) / 10, postsPerWallSecond: rate },
        null,
        2,
      ) + '\n',
    )
  }
}

function drained(s: Writable): Promise<void> {
  return new Promise((r) => s.once('drain', r))
}
