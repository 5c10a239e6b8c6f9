/**
 * `npm run bench:nab`: runs the product's volume detector (the code behind `civicpulse detect`)
 * over the NAB realTweets series in shared/data/nab-realtweets, scores the results with NAB's
 * profiles (TypeScript scorer) and prints the standard score per series and in total.
 *   --cli        run the real `civicpulse detect --series … --out …` per file instead of in-process
 *   --python     also score the written result files with shared/tools/nabscore.py
 *   --config J   override detector tunables with a JSON object (experiments only; not the product)
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEFAULT_VOLUME_CONFIG,
  detectSeriesScores,
  formatSeriesScores,
  parseSeriesCsv,
  type VolumeConfig,
} from '@civicpulse/core'
import { nabScore, type NabFile, type NabProfileName } from '../packages/adapters/src/nab/score.js'
import { REPO_ROOT, sharedData, sharedDir } from '../packages/adapters/src/shared-data.js'

const args = process.argv.slice(2)
const dir = sharedData('nab-realtweets')
if (!dir) {
  console.log('shared/data/nab-realtweets is not there: nothing to benchmark.')
  process.exit(0)
}
const ci = args.indexOf('--config')
const overrides = ci >= 0 ? (JSON.parse(args[ci + 1] ?? '{}') as Partial<VolumeConfig>) : {}
const cfg: VolumeConfig = { ...DEFAULT_VOLUME_CONFIG, ...overrides }
const useCli = args.includes('--cli')
if (useCli && ci >= 0)
  throw new Error('--config cannot be combined with --cli (the CLI runs the product configuration)')
const windows = JSON.parse(readFileSync(join(dir, 'windows.json'), 'utf8')) as Record<
  string,
  [string, string][]
>
const out = mkdtempSync(join(tmpdir(), 'nab-'))
const files: NabFile[] = []
const t0 = performance.now()
for (const [name, wins] of Object.entries(windows)) {
  const input = join(dir, name)
  let scores: number[]
  let timestamps: string[]
  if (useCli) {
    execFileSync(
      process.execPath,
      [
        join(REPO_ROOT, 'packages/cli/bin/civicpulse.js'),
        'detect',
        '--series',
        input,
        '--out',
        join(out, name),
      ],
      { stdio: 'inherit' },
    )
    const res = readFileSync(join(out, name), 'utf8').trim().split('\n').slice(1)
    timestamps = res.map((l) => l.split(',')[0]!)
    scores = res.map((l) => Number(l.split(',')[2]))
  } else {
    const series = parseSeriesCsv(readFileSync(input, 'utf8'))
    scores = detectSeriesScores(series, cfg)
    timestamps = series.timestamps
    writeFileSync(join(out, name), formatSeriesScores(series, scores))
  }
  files.push({ name, timestamps, scores, windows: wins })
}
const ms = performance.now() - t0
const lines: string[] = []
for (const profile of [
  'standard',
  'reward_low_FP_rate',
  'reward_low_FN_rate',
] as NabProfileName[]) {
  const all = nabScore(files, profile)
  if (profile === 'standard') {
    for (const f of all.files) {
      const alone = nabScore(
        files.filter((x) => x.name === f.name),
        profile,
      )
      lines.push(
        `${f.name.padEnd(26)} alone ${alone.score.toFixed(1).padStart(6)}   at the corpus threshold: ${f.detected}/${f.windows} windows, ${f.falsePositives} false positives, raw ${f.raw.toFixed(2)}`,
      )
    }
  }
  lines.push(
    `${profile.padEnd(20)} NAB score ${all.score.toFixed(2)} (raw ${all.raw.toFixed(3)}, threshold ${all.threshold.toFixed(4)}, ${all.windows} windows)`,
  )
}
lines.push(
  `${useCli ? 'civicpulse detect' : 'detector'}: ${ms.toFixed(0)} ms for ${files.reduce((a, f) => a + f.scores.length, 0)} points; results in ${out}`,
)
const shared = sharedDir()
if (args.includes('--python') && shared) {
  const py = execFileSync(
    'python3',
    [join(shared, 'tools', 'nabscore.py'), join(dir, 'windows.json'), out, 'standard'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  )
  lines.push(`nabscore.py standard: ${py.trim()}`)
}
process.stdout.write(lines.join('\n') + '\n')
