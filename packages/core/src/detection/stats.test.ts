import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  logGamma,
  negBinomialSurprise,
  negBinomialUpperTail,
  poissonUpperTail,
  surprise,
} from './stats.js'

const close = (a: number, b: number, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`)

test('log-gamma matches factorials', () => {
  let f = 1
  for (let n = 1; n < 20; n++) {
    close(logGamma(n + 1), Math.log((f *= n)))
  }
})

test('Poisson upper tail matches a direct sum', () => {
  for (const mu of [0.1, 1, 3.5, 20]) {
    for (const k of [1, 2, 5, 10, 30]) {
      let cdf = 0
      let term = Math.exp(-mu)
      for (let i = 0; i < k; i++) {
        cdf += term
        term *= mu / (i + 1)
      }
      close(poissonUpperTail(k, mu), 1 - cdf, 1e-7)
    }
  }
})

test('negative-binomial upper tail matches a direct sum and tends to Poisson as dispersion vanishes', () => {
  const r = 2
  const mu = 4
  const p = r / (r + mu)
  let cdf = 0
  for (let k = 0; k < 7; k++) cdf += (k + 1) * p ** 2 * (1 - p) ** k
  close(negBinomialUpperTail(7, mu, 1 / r), 1 - cdf, 1e-9)
  close(negBinomialUpperTail(6, 3, 1e-10), poissonUpperTail(6, 3), 1e-9)
  // more dispersion: a high count is less surprising
  assert.ok(negBinomialUpperTail(30, 10, 0.5) > negBinomialUpperTail(30, 10, 0.01))
})

test('surprise in log space stays finite and agrees with the direct tail where both work', () => {
  close(negBinomialSurprise(20, 5, 0.1), surprise(negBinomialUpperTail(20, 5, 0.1)), 1e-6)
  close(negBinomialSurprise(12, 2, 0), surprise(poissonUpperTail(12, 2)), 1e-6)
  const huge = negBinomialSurprise(100000, 50, 0.05)
  assert.ok(Number.isFinite(huge) && huge > 300, 'far beyond 1e-300 and still ordered')
  assert.ok(negBinomialSurprise(200000, 50, 0.05) > huge)
  assert.equal(negBinomialSurprise(3, 5, 0.1), 0, 'at or below the mean is no surprise')
})
