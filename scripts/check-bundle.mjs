#!/usr/bin/env node
// Checks the web app's first-load weight from the Vite manifest: the sign-in page (index.html, the
// entry chunk, its static imports and CSS) and the landing page after sign-in (plus the Overview
// route and the chart chunk it loads). Both must stay under the budget, gzipped.
// Usage: node scripts/check-bundle.mjs [distDir] [budgetKB]   (prints JSON; exits 1 over budget)
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const dist = process.argv[2] ?? 'packages/web/dist'
const budget = Number(process.argv[3] ?? 350) * 1024
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'))
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length

/** Collects a chunk's file, CSS and static imports (recursively). */
function collect(key, out) {
  const c = manifest[key]
  if (!c || out.has(c.file)) return out
  out.add(c.file)
  for (const css of c.css ?? []) out.add(css)
  for (const imp of c.imports ?? []) collect(imp, out)
  return out
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)
if (!entryKey) throw new Error('No entry chunk in the manifest; build with manifest: true.')
const signin = collect(entryKey, new Set(['index.html']))
const overview = new Set(signin)
for (const k of Object.keys(manifest))
  if (/pages\/Overview\.tsx$|components\/Chart\.tsx$/.test(k)) collect(k, overview)

const size = (files) => [...files].reduce((a, f) => a + gz(f), 0)
const result = {
  budgetKB: budget / 1024,
  signinKB: +(size(signin) / 1024).toFixed(1),
  overviewKB: +(size(overview) / 1024).toFixed(1),
  files: [...overview],
}
console.log(JSON.stringify(result))
if (size(signin) > budget || size(overview) > budget) {
  console.error(`The first load is over the ${budget / 1024} KB gzip budget.`)
  process.exit(1)
}
