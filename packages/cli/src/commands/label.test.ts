import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LabelsSchema } from '@civicpulse/core'
import { parsePostLine } from './label.js'

const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)))
const BIN = join(ROOT, 'packages/cli/bin/civicpulse.js')

test('parsePostLine accepts posts and explains bad lines', () => {
  assert.deepEqual(parsePostLine('{"id":"1","text":"hi","lat":51.4,"lon":"-0.02"}'), {
    id: '1',
    text: 'hi',
    lat: 51.4,
    lon: -0.02,
  })
  assert.deepEqual(parsePostLine('{"id":7,"text":"x","lang":"en"}'), {
    id: '7',
    text: 'x',
    lang: 'en',
  })
  assert.equal(parsePostLine('{oops'), 'not valid JSON')
  assert.match(parsePostLine('{"id":"1"}') as string, /text/)
  assert.match(parsePostLine('{"text":"no id"}') as string, /id/)
  assert.match(parsePostLine('{"id":"1","text":"x","lat":"north"}') as string, /lat/)
})

test('civicpulse label reads NDJSON posts on stdin and writes one labels line per post; bad lines go to stderr', () => {
  const input = [
    JSON.stringify({
      id: 'p1',
      text: 'Pothole on Lee High Road is getting worse, nearly came off my bike',
      lat: 51.457,
      lon: -0.012,
    }),
    'this is not json',
    JSON.stringify({
      id: 'p2',
      text: 'Does anyone know if the Catford library is open on Sunday?',
    }),
    '',
    JSON.stringify({ id: 'p3', text: 'Merci pour le nouveau parc, il est magnifique', lang: 'en' }),
  ].join('\n')
  const r = spawnSync(process.execPath, [BIN, 'label'], {
    input,
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 120_000,
  })
  assert.equal(r.status, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  assert.equal(lines.length, 3)
  const labels = lines.map((l) => LabelsSchema.parse(JSON.parse(l)))
  assert.deepEqual(
    labels.map((l) => l.id),
    ['p1', 'p2', 'p3'],
  )
  assert.equal(labels[1]!.intent.label, 'question')
  assert.equal(labels[2]!.language.code, 'fr', 'the language hint is not trusted over the text')
  assert.ok(labels[0]!.places.length > 0)
  assert.match(r.stderr, /line 2 skipped: not valid JSON/)
})

test('civicpulse eval prints macro-F1, accuracy, per-class figures and the confusion matrix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-eval-'))
  const file = join(dir, 'intent.ndjson')
  writeFileSync(
    file,
    [
      { text: 'The bins have not been collected for two weeks, disgusting', label: 'complaint' },
      { text: 'When does the library open on Saturday?', label: 'question' },
      { text: 'Thank you to the crew who fixed our streetlight so fast', label: 'praise' },
      {
        text: 'It would be great if the council added more benches in the park',
        label: 'suggestion',
      },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n') + '\nnot json\n',
  )
  const r = spawnSync(process.execPath, [BIN, 'eval', '--task', 'intent', '--data', file], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 120_000,
  })
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /macro-F1 \d+\.\d/)
  assert.match(r.stdout, /accuracy/)
  assert.match(r.stdout, /confusion/)
  assert.match(r.stdout, /complaint/)
  assert.match(r.stderr, /line 5 skipped/)
  const j = spawnSync(
    process.execPath,
    [BIN, 'eval', '--task', 'intent', '--data', file, '--json'],
    { encoding: 'utf8', cwd: ROOT, timeout: 120_000 },
  )
  const out = JSON.parse(j.stdout) as { macroF1: number; confusion: number[][]; n: number }
  assert.equal(out.n, 4)
  assert.ok(out.macroF1 >= 0 && out.macroF1 <= 1)
  const bad = spawnSync(process.execPath, [BIN, 'eval', '--task', 'nope', '--data', file], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 120_000,
  })
  assert.equal(bad.status, 1)
  assert.match(bad.stderr, /Unknown task/)
})
