/**
 * False-discovery control across the many series tested at one tick (every service × area): the
 * Benjamini–Hochberg step-up procedure, so that with hundreds of series a few chance blips do not
 * become alerts.
 */

/** Benjamini–Hochberg adjusted p-values (q-values), in the input order. */
export function bhAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = pValues
    .map((p, i) => ({ p: Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 1, i }))
    .sort((a, b) => a.p - b.p)
  const adjusted = new Array<number>(m).fill(1)
  let running = 1
  for (let r = m - 1; r >= 0; r--) {
    const e = order[r]!
    running = Math.min(running, (e.p * m) / (r + 1))
    adjusted[e.i] = running
  }
  return adjusted
}

/** Which hypotheses BH rejects at false-discovery rate `q` (true = a discovery), in the input order. */
export function benjaminiHochberg(pValues: readonly number[], q: number): boolean[] {
  return bhAdjust(pValues).map((a) => a <= q)
}

/** One series' verdict at a tick, as needed for alert selection. */
export interface TickSignal<K = string> {
  readonly key: K
  readonly p: number
  readonly newHigh: boolean
}

/**
 * The series that should alert at this tick: those BH rejects at level `q` among ALL series tested
 * (quiet ones included, so the correction is honest) and that are at a new high.
 */
export function selectAlerts<K, S extends TickSignal<K>>(signals: readonly S[], q: number): S[] {
  const reject = benjaminiHochberg(
    signals.map((s) => s.p),
    q,
  )
  return signals.filter((s, i) => reject[i] && s.newHigh)
}
