import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  detectSeriesScores,
  formatSeriesScores,
  mulberry32,
  parseSeriesCsv,
} from '@civicpulse/core'
import { sharedData, sharedDir } from '../shared-data.js'
import { detectFile } from './runner.js'
import { nabScore, scaledSigmoid, type NabFile } from './score.js'

const pad = (n: number) => String(n).padStart(2, '0')
/** Timestamps every 5 minutes from 2015-01-01 00:00. */
function stamps(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(2015, 0, 1) + i * 300_000)
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`
  })
}

function file(name: string, scores: number[], windows: [number, number][]): NabFile {
  const ts = stamps(scores.length)
  return {
    name,
    timestamps: ts,
    scores,
    windows: windows.map(([a, b]) => [`${ts[a]}.000000`, `${ts[b]}.000000`] as const),
  }
}

const zeros = (n: number) => new Array<number>(n).fill(0)

test('scaled sigmoid: +1 well inside, 0 at the edge, -1 far after', () => {
  assert.ok(Math.abs(scaledSigmoid(-1) - 0.9866) < 1e-4)
  assert.equal(scaledSigmoid(0), 0)
  assert.equal(scaledSigmoid(3.5), -1)
})

test('null scores 0, a perfect detector 100, and each false positive costs the profile weight', () => {
  const n = 1000
  assert.equal(nabScore([file('a.csv', zeros(n), [[400, 499]])]).score, 0)
  const perfect = zeros(n)
  perfect[400] = 1
  assert.ok(Math.abs(nabScore([file('a.csv', perfect, [[400, 499]])]).score - 100) < 1e-9)
  const withFp = [...perfect]
  withFp[200] = 1
  // raw = 1 - 0.11 (a false positive before any window costs the full weight), normalised over [-1, 1]
  assert.ok(Math.abs(nabScore([file('a.csv', withFp, [[400, 499]])]).score - 94.5) < 1e-9)
  assert.ok(
    Math.abs(nabScore([file('a.csv', withFp, [[400, 499]])], 'reward_low_FP_rate').score - 89) <
      1e-9,
  )
  // late detection (at the window's centre) earns less than an early one
  const late = zeros(n)
  late[450] = 1
  const s = nabScore([file('a.csv', late, [[400, 499]])]).score
  assert.ok(s > 80 && s < 100)
  // probation: a detection in the first 15% is ignored
  const early = [...perfect]
  early[10] = 1
  assert.ok(Math.abs(nabScore([file('a.csv', early, [[400, 499]])]).score - 100) < 1e-9)
})

test('the threshold is chosen once for all files together', () => {
  const a = zeros(1000)
  a[400] = 0.9
  const b = zeros(1000)
  b[600] = 0.5
  b[300] = 0.7 // a false positive that scores higher than b's true detection
  const r = nabScore([file('a.csv', a, [[400, 499]]), file('b.csv', b, [[600, 699]])])
  assert.equal(r.threshold, 0.5)
  assert.equal(r.windows, 2)
  assert.deepEqual(
    r.files.map((f) => [f.detected, f.falsePositives]),
    [
      [1, 0],
      [1, 1],
    ],
  )
})

const tool = (() => {
  const d = sharedDir()
  const p = d ? join(d, 'tools', 'nabscore.py') : undefined
  const py = spawnSync('python3', ['--version']).status === 0
  return p && existsSync(p) && py ? p : undefined
})()

function pythonScore(
  windows: Record<string, [string, string][]>,
  results: Record<string, string>,
): number {
  const dir = mkdtempSync(join(tmpdir(), 'nab-py-'))
  writeFileSync(join(dir, 'windows.json'), JSON.stringify(windows))
  const res = join(dir, 'results')
  execFileSync('mkdir', ['-p', res])
  for (const [name, csv] of Object.entries(results)) writeFileSync(join(res, name), csv)
  return Number(
    execFileSync('python3', [tool!, join(dir, 'windows.json'), res, 'standard'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim(),
  )
}

test(
  'agrees with nabscore.py on a generated corpus',
  { skip: tool ? false : 'python3 or shared/tools/nabscore.py is not available' },
  () => {
    const rand = mulberry32(3)
    const windows: Record<string, [string, string][]> = {}
    const results: Record<string, string> = {}
    const files: NabFile[] = []
    for (const name of ['x.csv', 'y.csv', 'z.csv']) {
      const n = 3000
      const scores = Array.from({ length: n }, () => Math.round(rand() ** 6 * 1000) / 1000)
      const w: [number, number][] = [
        [800 + Math.floor(rand() * 400), 0],
        [2000 + Math.floor(rand() * 400), 0],
      ].map(([a]) => [a!, a! + 150] as [number, number])
      const f = file(name, scores, w)
      files.push(f)
      windows[name] = f.windows.map(([a, b]) => [a, b])
      results[name] =
        'timestamp,anomaly_score\n' +
        f.timestamps.map((t, i) => `${t},${scores[i]!.toFixed(3)}`).join('\n') +
        '\n'
    }
    const ts = nabScore(files).score
    const py = pythonScore(windows, results)
    assert.ok(Math.abs(ts - py) < 0.1, `TypeScript ${ts.toFixed(3)} vs Python ${py}`)
  },
)

const nabDir = sharedData('nab-realtweets')
test(
  'on the shared NAB realTweets: TypeScript and nabscore.py agree, and the standard score is at least 85',
  { skip: nabDir && tool ? false : 'shared NAB data or python3 is not available' },
  () => {
    const windows = JSON.parse(readFileSync(join(nabDir!, 'windows.json'), 'utf8')) as Record<
      string,
      [string, string][]
    >
    const results: Record<string, string> = {}
    const files: NabFile[] = []
    for (const [name, w] of Object.entries(windows)) {
      const series = parseSeriesCsv(readFileSync(join(nabDir!, name), 'utf8'))
      const scores = detectSeriesScores(series)
      results[name] = formatSeriesScores(series, scores)
      files.push({ name, timestamps: series.timestamps, scores, windows: w })
    }
    const ts = nabScore(files).score
    const py = pythonScore(windows, results)
    assert.ok(Math.abs(ts - py) < 0.1, `TypeScript ${ts.toFixed(3)} vs Python ${py}`)
    assert.ok(ts >= 85, `NAB standard score ${ts.toFixed(2)}`)
  },
)

test('detectFile reads timestamp,value and writes timestamp,value,anomaly_score', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nab-run-'))
  const ts = stamps(900)
  const rand = mulberry32(1)
  const values = ts.map((_, i) => (i === 800 ? 400 : 20 + Math.floor(rand() * 10)))
  writeFileSync(
    join(dir, 'in.csv'),
    'timestamp,value\n' + ts.map((t, i) => `${t},${values[i]}`).join('\n') + '\n',
  )
  detectFile(join(dir, 'in.csv'), join(dir, 'out.csv'))
  const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n')
  assert.equal(lines[0], 'timestamp,value,anomaly_score')
  assert.equal(lines.length, 901)
  const scores = lines.slice(1).map((l) => Number(l.split(',')[2]))
  assert.ok(scores.every((s) => s >= 0 && s <= 1))
  assert.equal(scores.indexOf(Math.max(...scores)), 800)
})
