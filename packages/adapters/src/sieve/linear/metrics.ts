/**
 * Classification metrics over a confusion matrix (rows = true class, columns = predicted): the figures the
 * acceptance criteria are stated in (macro-F1, macro-recall, accuracy, per-class precision/recall).
 */

/** Per-class and overall scores computed from a confusion matrix. */
export interface Scores {
  accuracy: number
  macroF1: number
  macroRecall: number
  macroPrecision: number
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[]
  confusion: number[][]
  labels: string[]
  n: number
}

/** An empty K×K confusion matrix. */
export function emptyConfusion(K: number): number[][] {
  return Array.from({ length: K }, () => new Array<number>(K).fill(0))
}

/** Computes accuracy, macro-F1/recall/precision and per-class figures from a confusion matrix. */
export function scoresFrom(conf: number[][], labels: string[]): Scores {
  const K = conf.length
  let n = 0
  let correct = 0
  const perClass: Scores['perClass'] = []
  for (let k = 0; k < K; k++) {
    let tp = 0
    let rowSum = 0
    let colSum = 0
    for (let j = 0; j < K; j++) {
      rowSum += conf[k]![j]!
      colSum += conf[j]![k]!
    }
    tp = conf[k]![k]!
    n += rowSum
    correct += tp
    const precision = colSum > 0 ? tp / colSum : 0
    const recall = rowSum > 0 ? tp / rowSum : 0
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0
    perClass.push({ label: labels[k] ?? String(k), precision, recall, f1, support: rowSum })
  }
  const present = perClass.filter((c) => c.support > 0)
  const avg = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0)
  return {
    accuracy: n > 0 ? correct / n : 0,
    macroF1: avg(present.map((c) => c.f1)),
    macroRecall: avg(present.map((c) => c.recall)),
    macroPrecision: avg(present.map((c) => c.precision)),
    perClass,
    confusion: conf,
    labels,
    n,
  }
}

/** Macro-F1 of a confusion matrix (a metric for `fitBias`). */
export function macroF1(conf: number[][]): number {
  return scoresFrom(conf, []).macroF1
}

/** Macro-recall of a confusion matrix (a metric for `fitBias`). */
export function macroRecall(conf: number[][]): number {
  return scoresFrom(conf, []).macroRecall
}

/** F1 of class 1 (the positive class of a binary task; a metric for `fitBias`). */
export function positiveF1(conf: number[][]): number {
  return scoresFrom(conf, []).perClass[1]?.f1 ?? 0
}
