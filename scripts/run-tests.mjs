#!/usr/bin/env node
// Runs every `*.test.ts` under packages/*/src and packages/*/test with node's test runner and tsx
// (browser tests included; see below).
// Node 20's `--test` takes no globs, so the file list is built here. Extra arguments filter paths
// (e.g. `npm test -- decoders`).
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const filters = process.argv.slice(2)
const files = []
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (name.endsWith('.test.ts')) {
      // Browser tests (*.e2e.test.ts) run with the rest (they skip when Chromium is missing);
      // E2E_ONLY=1 runs only them, SKIP_E2E=1 leaves them out.
      const e2e = name.endsWith('.e2e.test.ts')
      if (process.env.E2E_ONLY ? e2e : !(e2e && process.env.SKIP_E2E)) files.push(p)
    }
  }
}
for (const pkg of readdirSync('packages')) {
  for (const sub of ['src', 'test']) {
    try {
      walk(join('packages', pkg, sub))
    } catch {
      /* the package has no such folder */
    }
  }
}
const selected = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files
if (selected.length === 0) {
  console.error('No test files matched.')
  process.exit(1)
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...selected],
  { stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } },
)
process.exit(r.status ?? 1)
