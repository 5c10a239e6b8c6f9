// The reference docs cannot drift from the code: they must list exactly the catalogue's codes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ERROR_CATALOGUE } from './errors.js'
import { QUARANTINE_REASONS } from './post/quarantine.js'

const codesIn = (file: string) =>
  new Set(
    [
      ...readFileSync(new URL(`../../../docs/reference/${file}`, import.meta.url), 'utf8').matchAll(
        /^\| `([A-Z0-9_]+)` *\|/gm,
      ),
    ].map((m) => m[1]),
  )

test('docs/reference/quarantine-reasons.md lists exactly the quarantine reasons', () => {
  assert.deepEqual(codesIn('quarantine-reasons.md'), new Set(Object.keys(QUARANTINE_REASONS)))
})

test('docs/reference/errors.md lists exactly the error catalogue', () => {
  assert.deepEqual(codesIn('errors.md'), new Set(Object.keys(ERROR_CATALOGUE)))
})
