#!/usr/bin/env node
// Builds the web app (packages/web/dist) when it is missing or older than its sources, so `npm start`,
// the bundle-size check and the browser tests always serve the current code. A lock folder keeps two
// concurrent callers (parallel test files) from building at once. `--force` always builds.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'web')
const out = join(web, 'dist', 'index.html')
const lock = join(web, '.build-lock')

function newest(p) {
  const s = statSync(p)
  if (!s.isDirectory()) return s.mtimeMs
  return Math.max(0, ...readdirSync(p).map((n) => newest(join(p, n))))
}

/** Whether dist is missing or older than src, public, index.html, vite.config.ts or package.json. */
export function isStale() {
  if (!existsSync(out)) return true
  const src = Math.max(
    ...['src', 'public', 'index.html', 'vite.config.ts', 'package.json']
      .filter((f) => existsSync(join(web, f)))
      .map((f) => newest(join(web, f))),
  )
  return src > statSync(out).mtimeMs
}

/** Builds when stale (or forced); returns whether it built. */
export async function buildWeb({ force = false } = {}) {
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // Another process builds; a lock older than 2 minutes is stale.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true })
      if (waited > 180_000) throw new Error('Timed out waiting for another web build to finish.')
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  try {
    if (!force && !isStale()) return false
    const vite = join(web, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js')
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: web,
      stdio: 'inherit',
    })
    if (r.status !== 0) throw new Error(`The web build failed (exit ${r.status}).`)
    return true
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildWeb({ force: process.argv.includes('--force') })
  console.log(built ? 'Built packages/web/dist.' : 'packages/web/dist is up to date.')
}
