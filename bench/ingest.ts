/**
 * `npm run bench` (ingest part): generates N posts in the six input families, ingests them end to
 * end with the real CLI into a fresh SQLite file (FTS5 included), and prints posts/s, peak RSS and
 * the ratio to a bare loop that only JSON.parses the same NDJSON lines, measured in the same run.
 *
 * Usage: node --import tsx bench/ingest.ts [--posts 200000] [--ndjson-million]
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateBenchFiles, generateNdjson } from './generate.js'

export interface IngestBench {
  posts: number
  seconds: number
  postsPerSecond: number
  peakRssMb: number
  baselineLinesPerSecond: number
  ratioToJsonParse: number
  summary: Record<string, unknown>
}

function bareParse(files: string[]): { lines: number; seconds: number } {
  // Read first, so only parsing is timed (the ingest side also pays for reading).
  const texts = files.map((f) => readFileSync(f, 'utf8'))
  const t0 = performance.now()
  let lines = 0
  let sink = 0
  for (const t of texts) {
    let start = 0
    for (;;) {
      const nl = t.indexOf('\n', start)
      const end = nl === -1 ? t.length : nl
      if (end > start) {
        const v = JSON.parse(t.slice(start, end)) as Record<string, unknown>
        sink += v ? 1 : 0
        lines++
      }
      if (nl === -1) break
      start = nl + 1
    }
  }
  if (sink < 0) console.log(sink)
  return { lines, seconds: (performance.now() - t0) / 1000 }
}

function runIngest(
  files: string[],
  db: string,
  extra: string[] = [],
): { summary: Record<string, unknown>; seconds: number; peakRssMb: number } {
  const t0 = performance.now()
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'run-cli.ts'),
      'ingest',
      '--json',
      '--db',
      db,
      ...extra,
      ...files,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  )
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`ingest failed (${r.status}): ${r.stderr}`)
  const summary = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>
  const peak = /PEAK_RSS_MB=(\d+)/.exec(r.stderr)
  return { summary, seconds, peakRssMb: peak ? Number(peak[1]) : NaN }
}

/**
 * Generates the input in a temporary folder, times the bare JSON.parse loop over its NDJSON files,
 * then ingests every file with the real CLI.
 */
async function measure(
  generate: (dir: string) => Promise<string[]>,
  extra: string[],
): Promise<IngestBench> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'))
  try {
    const files = await generate(dir)
    const base = bareParse(files.filter((f) => f.endsWith('.ndjson')))
    const run = runIngest(files, join(dir, 'bench.db'), extra)
    // Use the command's own timing (excludes process start-up) for the rate.
    const seconds = Number(run.summary['seconds'] ?? run.seconds)
    const read = Number(run.summary['read'])
    const postsPerSecond = read / seconds
    const baselineLinesPerSecond = base.lines / base.seconds
    return {
      posts: read,
      seconds,
      postsPerSecond,
      peakRssMb: run.peakRssMb,
      baselineLinesPerSecond,
      ratioToJsonParse: baselineLinesPerSecond / postsPerSecond,
      summary: run.summary,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs the ingest benchmark over `posts` generated posts in the six formats. */
export function benchIngest(posts: number, extra: string[] = []): Promise<IngestBench> {
  return measure(async (dir) => (await generateBenchFiles(dir, posts)).files, extra)
}

/** Ingests one generated NDJSON file of `n` posts (the bounded-memory check). */
export function benchNdjson(n: number, extra: string[] = ['--no-label']): Promise<IngestBench> {
  return measure(async (dir) => {
    const f = join(dir, 'big.ndjson')
    await generateNdjson(f, n)
    return [f]
  }, extra)
}

export function fmt(b: IngestBench): string {
  return `${b.posts} records in ${b.seconds.toFixed(2)} s = ${Math.round(b.postsPerSecond)} posts/s; peak RSS ${b.peakRssMb} MB; bare JSON.parse ${Math.round(b.baselineLinesPerSecond)} lines/s; ratio ${b.ratioToJsonParse.toFixed(2)}×`
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2)
  const posts = Number(args[args.indexOf('--posts') + 1] ?? 200_000) || 200_000
  const mixed = await benchIngest(posts, ['--no-label'])
  console.log(`ingest, six formats: ${fmt(mixed)}`)
  console.log(JSON.stringify(mixed.summary))
  if (args.includes('--ndjson-million')) {
    const big = await benchNdjson(1_000_000)
    console.log(`ingest, 1M-post NDJSON: ${fmt(big)}`)
  }
}
