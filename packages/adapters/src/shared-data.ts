/**
 * Locates the shared data folder (`../shared` beside the repository, or `CIVICPULSE_SHARED`).
 * Training, evaluation and the tests over real recorded payloads use it; each of them skips cleanly
 * when it is absent, so a clone without `../shared` still builds and tests.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (the folder holding the root package.json). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The shared data folder, or undefined when it is not there. */
export function sharedDir(): string | undefined {
  const dir = process.env['CIVICPULSE_SHARED'] ?? join(REPO_ROOT, '..', 'shared')
  return existsSync(join(dir, 'data')) ? dir : undefined
}

/** A path inside `shared/data`, or undefined when the shared folder or that file is absent. */
export function sharedData(...parts: string[]): string | undefined {
  const dir = sharedDir()
  if (!dir) return undefined
  const p = join(dir, 'data', ...parts)
  return existsSync(p) ? p : undefined
}
