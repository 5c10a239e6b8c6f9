/**
 * Small special functions for tail probabilities of counts: log-gamma, the regularised incomplete
 * gamma and beta functions, and Poisson / negative-binomial upper tails. Pure and deterministic.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** Natural log of the gamma function (Lanczos approximation, ~1e-13 relative error for x > 0). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  x -= 1
  let a = 0.99999999999980993
  const t = x + 7.5
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (x + i + 1)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** Regularised lower incomplete gamma P(a, x), for the Poisson tail. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0
  if (x < a + 1) {
    let sum = 1 / a
    let del = sum
    let ap = a
    for (let n = 0; n < 500; n++) {
      ap += 1
      del *= x / ap
      sum += del
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break
    }
    return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - logGamma(a)))
  }
  return Math.max(0, 1 - gammaQcf(a, x))
}

/** Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), accurate in the far tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1
  if (x < a + 1) return Math.max(0, 1 - gammaP(a, x))
  return gammaQcf(a, x)
}

function gammaQcf(a: number, x: number): number {
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-15) break
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h
}

function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-300
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m < 1000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-15) break
  }
  return h
}

/** Regularised incomplete beta I_x(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x)
  if (x < (a + 1) / (a + b + 2)) return Math.exp(lbt + Math.log(betacf(a, b, x)) - Math.log(a))
  return 1 - Math.exp(lbt + Math.log(betacf(b, a, 1 - x)) - Math.log(b))
}

/** P(X >= k) for X ~ Poisson(mu); k may be fractional (continuous extension). */
export function poissonUpperTail(k: number, mu: number): number {
  if (k <= 0) return 1
  if (mu <= 0) return 0
  return gammaP(k, mu)
}

/**
 * P(X >= k) for a negative binomial with mean mu and dispersion alpha (variance mu + alpha·mu²);
 * falls back to Poisson when alpha is tiny.
 */
export function negBinomialUpperTail(k: number, mu: number, alpha: number): number {
  if (k <= 0) return 1
  if (mu <= 0) return 0
  if (alpha < 1e-8) return poissonUpperTail(k, mu)
  const r = 1 / alpha
  const q = mu / (r + mu) // failure probability per trial
  // P(X >= k) = I_q(k, r)
  return betaI(k, r, q)
}

/** Natural log of I_x(a, b), accurate when I_x(a, b) is far below 1e-300. */
export function logBetaI(a: number, b: number, x: number): number {
  if (x <= 0) return -Infinity
  if (x >= 1) return 0
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x)
  if (x < (a + 1) / (a + b + 2)) return lbt + Math.log(betacf(a, b, x)) - Math.log(a)
  return Math.log(Math.max(1e-300, 1 - Math.exp(lbt + Math.log(betacf(b, a, 1 - x)) - Math.log(b))))
}

/** Natural log of P(X >= k) under Poisson(mu), accurate far into the tail. */
export function logPoissonUpperTail(k: number, mu: number): number {
  if (k <= 0) return 0
  if (mu <= 0) return -Infinity
  if (mu < k + 1) {
    // series for P(k, mu) in log space
    let sum = 1 / k
    let del = sum
    let ap = k
    for (let n = 0; n < 1000; n++) {
      ap += 1
      del *= mu / ap
      sum += del
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break
    }
    return Math.log(sum) - mu + k * Math.log(mu) - logGamma(k)
  }
  return Math.log(Math.max(1e-300, gammaP(k, mu)))
}

/** -log10 P(X >= k) for the negative binomial of `negBinomialUpperTail`, without underflow. */
export function negBinomialSurprise(k: number, mu: number, alpha: number): number {
  if (k <= 0 || k <= mu) return 0
  if (mu <= 0) return 300
  const ln =
    alpha < 1e-8 ? logPoissonUpperTail(k, mu) : logBetaI(k, 1 / alpha, mu / (1 / alpha + mu))
  return Math.max(0, -ln / Math.LN10)
}

/** -log10 of a probability, capped so that p = 0 stays finite. */
export function surprise(p: number): number {
  return p <= 1e-300 ? 300 : -Math.log10(p)
}
