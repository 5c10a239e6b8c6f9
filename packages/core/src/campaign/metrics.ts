/**
 * Agreement between a grouping and a reference labelling (for example the simulator's planted
 * themes): purity and the adjusted Rand index.
 */

function contingency(pred: readonly (string | number)[], truth: readonly (string | number)[]) {
  if (pred.length !== truth.length) throw new RangeError('pred and truth must have the same length')
  const table = new Map<string, number>()
  const rows = new Map<string | number, number>()
  const cols = new Map<string | number, number>()
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i]!
    const t = truth[i]!
    const key = `${typeof p}:${String(p)}\u0000${typeof t}:${String(t)}`
    table.set(key, (table.get(key) ?? 0) + 1)
    rows.set(p, (rows.get(p) ?? 0) + 1)
    cols.set(t, (cols.get(t) ?? 0) + 1)
  }
  return { table, rows, cols }
}

/** Share of items whose cluster's majority reference label is their own (1 = every cluster pure). */
export function purity(
  pred: readonly (string | number)[],
  truth: readonly (string | number)[],
): number {
  if (pred.length === 0) return 1
  const best = new Map<string, number>()
  const { table } = contingency(pred, truth)
  for (const [key, n] of table) {
    const p = key.split('\u0000')[0]!
    best.set(p, Math.max(best.get(p) ?? 0, n))
  }
  let sum = 0
  for (const n of best.values()) sum += n
  return sum / pred.length
}

const pairs = (n: number): number => (n * (n - 1)) / 2

/** Adjusted Rand index (Hubert and Arabie): 1 = the same partition, about 0 = chance. */
export function adjustedRandIndex(
  pred: readonly (string | number)[],
  truth: readonly (string | number)[],
): number {
  const n = pred.length
  if (n < 2) return 1
  const { table, rows, cols } = contingency(pred, truth)
  let index = 0
  for (const v of table.values()) index += pairs(v)
  let a = 0
  for (const v of rows.values()) a += pairs(v)
  let b = 0
  for (const v of cols.values()) b += pairs(v)
  const expected = (a * b) / pairs(n)
  const max = (a + b) / 2
  if (max === expected) return 1
  return (index - expected) / (max - expected)
}
