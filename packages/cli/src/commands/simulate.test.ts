import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { register } from './simulate.js'

function program(): Command {
  const p = new Command().exitOverride()
  register(p)
  return p
}

test('civicpulse simulate writes payload lines and a matching truth file, the same for the same seed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-'))
  const run = async (name: string, seed: string): Promise<[string, string]> => {
    const out = join(dir, `${name}.ndjson`)
    const truth = join(dir, `${name}.truth.ndjson`)
    await program().parseAsync([
      'node',
      'civicpulse',
      'simulate',
      '--duration',
      '90m',
      '--start',
      '2026-07-14T08:00:00+01:00',
      '--seed',
      seed,
      '--out',
      out,
      '--truth',
      truth,
    ])
    return [readFileSync(out, 'utf8'), readFileSync(truth, 'utf8')]
  }
  const [a, ta] = await run('a', '5')
  const [b] = await run('b', '5')
  const [c] = await run('c', '6')
  assert.equal(a, b)
  assert.notEqual(a, c)
  const lines = a.trim().split('\n')
  const truths = ta
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { at: string; format: string; postKey: string; civic: boolean })
  assert.ok(lines.length > 1000, `${lines.length} lines`)
  assert.equal(truths.length, lines.length)
  for (const l of lines) JSON.parse(l)
  assert.ok(
    truths.every((t) => t.at >= '2026-07-14T07:00:00.000Z' && t.at < '2026-07-14T08:30:00.000Z'),
  )
  assert.deepEqual(
    new Set(truths.map((t) => t.format)),
    new Set(['x-v2', 'mastodon', 'bluesky-jetstream', 'reddit']),
  )
})

test('bad flags are usage errors', async () => {
  for (const args of [
    ['--speed', 'fast'],
    ['--seed', 'x'],
    ['--start', 'tuesday'],
    ['--duration', 'a week'],
    ['--scenario', 'nowhere'],
  ]) {
    await assert.rejects(
      program().parseAsync([
        'node',
        'civicpulse',
        'simulate',
        '--out',
        join(tmpdir(), 'never.ndjson'),
        ...args,
      ]),
      (e: Error & { kind?: string }) => e.kind === 'invalid',
      args.join(' '),
    )
  }
})
