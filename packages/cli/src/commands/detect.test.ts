import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { register } from './detect.js'

function program(): Command {
  const p = new Command().exitOverride()
  register(p)
  return p
}

test('civicpulse detect --series IN --out OUT writes timestamp,value,anomaly_score with scores in 0..1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-'))
  const rows = ['timestamp,value']
  for (let i = 0; i < 1000; i++) {
    const t = new Date(Date.UTC(2026, 0, 5) + i * 300_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ')
    rows.push(`${t},${i === 900 ? 250 : 10 + ((i * 7) % 5)}`)
  }
  writeFileSync(join(dir, 'in.csv'), rows.join('\n') + '\n')
  await program().parseAsync([
    'node',
    'civicpulse',
    'detect',
    '--series',
    join(dir, 'in.csv'),
    '--out',
    join(dir, 'out.csv'),
  ])
  const out = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n')
  assert.equal(out[0], 'timestamp,value,anomaly_score')
  assert.equal(out.length, 1001)
  const scores = out.slice(1).map((l) => Number(l.split(',')[2]))
  assert.ok(scores.every((s) => s >= 0 && s <= 1))
  assert.equal(scores.indexOf(Math.max(...scores)), 900)
  assert.equal(out[901]!.split(',')[1], '250')
})

test('a CSV without timestamp and value columns is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-'))
  writeFileSync(join(dir, 'bad.csv'), 'when,count\n2026-01-01 00:00:00,3\n')
  await assert.rejects(
    program().parseAsync(['node', 'civicpulse', 'detect', '--series', join(dir, 'bad.csv')]),
    (e: Error & { kind?: string }) => e.kind === 'invalid',
  )
})
