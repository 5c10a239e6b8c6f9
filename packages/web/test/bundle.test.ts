/**
 * The web bundle's first load stays under 350 KB gzipped: the sign-in page, and the overview a
 * person lands on after signing in (entry + overview route + chart chunk). Builds the app when stale.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..', '..', '..')

test('first load is under 350 KB gzipped', { timeout: 240_000 }, async () => {
  const mod = (await import(join(ROOT, 'scripts', 'build-web.mjs'))) as {
    buildWeb: () => Promise<boolean>
  }
  await mod.buildWeb()
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'check-bundle.mjs'), join(ROOT, 'packages', 'web', 'dist'), '350'],
    { encoding: 'utf8' },
  )
  assert.equal(r.status, 0, r.stderr + r.stdout)
  const result = JSON.parse(r.stdout) as { signinKB: number; overviewKB: number; files: string[] }
  assert.ok(result.signinKB > 20 && result.signinKB < 350, `sign-in ${result.signinKB} KB`)
  assert.ok(result.overviewKB < 350, `overview ${result.overviewKB} KB`)
  // The map library is not part of the first load.
  assert.ok(!result.files.some((f) => /WardMap/.test(f)))
})
