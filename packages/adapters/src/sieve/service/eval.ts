/**
 * Scoring of the service classifier: at service level against mapped gold codes, and at a SHEF level
 * (B or C) where the predicted group is the one with the most probability mass summed over its services.
 */
import { readFileSync } from 'node:fs'
import {
  emptyConfusion,
  featurise,
  scoresFrom,
  type Features,
  type Scores,
} from '../linear/index.js'
import type { ServiceClassifier } from './index.js'

/** Scores predictions at a SHEF level (b or c) over rows with a recorded group; top1MacroF1 uses the top service's group instead of the mass. */
export function scoreShef(
  clf: ServiceClassifier,
  rows: { f: Features; gold?: string | undefined }[],
  level: 'b' | 'c',
): Scores & { top1MacroF1: number } {
  const labels = [...new Set(rows.map((r) => r.gold).filter((g): g is string => !!g))].sort()
  const ix = new Map(labels.map((l, i) => [l, i]))
  const conf = emptyConfusion(labels.length + 1) // last column: predicted a group outside the gold set
  const conf1 = emptyConfusion(labels.length + 1)
  const groups = clf.codes.map((c) =>
    level === 'b' ? clf.taxonomy.byCode.get(c)?.shefB : clf.taxonomy.byCode.get(c)?.shefC,
  )
  for (const r of rows) {
    if (!r.gold) continue
    const p = clf.probabilities(r.f)
    const mass = clf.shefMass(p, level)
    let best = ''
    let bp = -1
    for (const [g, m] of mass) if (m > bp) [best, bp] = [g, m]
    const g = ix.get(r.gold)!
    conf[g]![ix.get(best) ?? labels.length]!++
    let k0 = 0
    for (let k = 1; k < p.length; k++) if (p[k]! > p[k0]!) k0 = k
    conf1[g]![ix.get(groups[k0] ?? '') ?? labels.length]!++
  }
  const trim = (m: number[][]): number[][] =>
    m
      .map((row) => row.slice(0, labels.length + 1))
      .slice(0, labels.length)
      .concat([new Array<number>(labels.length + 1).fill(0)])
  const s = scoresFrom(trim(conf), [...labels, '(other)'])
  // macro over the gold classes only (the '(other)' row has no support)
  const per = s.perClass.filter((c) => c.support > 0)
  const mf1 = per.reduce((a, c) => a + c.f1, 0) / Math.max(1, per.length)
  const s1 = scoresFrom(trim(conf1), [...labels, '(other)'])
  const per1 = s1.perClass.filter((c) => c.support > 0)
  const mf1top = per1.reduce((a, c) => a + c.f1, 0) / Math.max(1, per1.length)
  return { ...s, macroF1: mf1, perClass: per, top1MacroF1: mf1top }
}

/** Accuracy and macro-F1 at service level against mapped gold codes. */
export function scoreServices(
  clf: ServiceClassifier,
  rows: { f: Features; code: string }[],
): { accuracy: number; macroF1: number; n: number; top3: number } {
  const labels = [...new Set(rows.map((r) => r.code))].sort()
  const ix = new Map(labels.map((l, i) => [l, i]))
  const conf = emptyConfusion(labels.length + 1)
  let top3 = 0
  for (const r of rows) {
    const lab = clf.classifyFeatures(r.f)
    conf[ix.get(r.code)!]![ix.get(lab.code) ?? labels.length]!++
    if (lab.top.some((t) => t.code === r.code)) top3++
  }
  const s = scoresFrom(conf, [...labels, '(other)'])
  const per = s.perClass.filter((c) => c.support > 0)
  return {
    n: rows.length,
    accuracy: r3(s.accuracy),
    macroF1: r3(per.reduce((a, c) => a + c.f1, 0) / Math.max(1, per.length)),
    top3: r3(top3 / Math.max(1, rows.length)),
  }
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000

/** Test figures on FixMyStreet Lewisham reports from 2025 on (the time split's test part). */
export function evaluateServiceOnFms(
  clf: ServiceClassifier,
  ndjsonPath: string,
): {
  shefC: Scores & { top1MacroF1: number }
  shefB: Scores & { top1MacroF1: number }
  services: ReturnType<typeof scoreServices>
} {
  const rows = readFileSync(ndjsonPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map(
      (l) =>
        JSON.parse(l) as {
          text: string
          label: string
          datetime: string
          shef_b?: string
          shef_c?: string
        },
    )
    .filter((r) => Number(r.datetime.slice(0, 4)) >= 2025)
    .map((r) => ({
      r,
      f: featurise(r.text),
      code: clf.taxonomy.byCategory.get(r.label.trim().toLowerCase()),
    }))
  return {
    shefC: scoreShef(
      clf,
      rows.map((x) => ({ f: x.f, gold: x.r.shef_c })),
      'c',
    ),
    shefB: scoreShef(
      clf,
      rows.map((x) => ({ f: x.f, gold: x.r.shef_b })),
      'b',
    ),
    services: scoreServices(
      clf,
      rows.filter((x) => x.code).map((x) => ({ f: x.f, code: x.code! })),
    ),
  }
}
