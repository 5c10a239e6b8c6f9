/**
 * Measures place resolution on FixMyStreet reports that carry a pin and a recorded ward: the ward from
 * text + point against the recorded ward, and from the text alone as precision / recall.
 */
import { readFileSync } from 'node:fs'
import { bestWard, type PlaceResolver } from './index.js'

/** Figures for one set of reports. */
export interface PlaceEvalFigures {
  n: number
  /** Share of reports whose ward from text + point equals the recorded ward. */
  textPointAccuracy: number
  /** Text alone: share of reports given a ward whose ward is right. */
  textPrecision: number
  /** Text alone: share of all reports given the right ward. */
  textRecall: number
  /** Text alone: share of reports given any ward. */
  textCoverage: number
}

interface Report {
  text: string
  lat?: number
  lon?: number
  ward_code?: string
  datetime?: string
}

/** Reads the FixMyStreet NDJSON and scores the resolver, split by period (2021-24 reports were not used to build the gazetteer). */
export function evaluatePlaces(
  resolver: PlaceResolver,
  ndjsonPath: string,
): Record<'all' | 'upTo2024' | 'from2025', PlaceEvalFigures> {
  const rows: Report[] = readFileSync(ndjsonPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Report)
    .filter((r) => r.ward_code && typeof r.lat === 'number' && typeof r.lon === 'number')
  const score = (set: Report[]): PlaceEvalFigures => {
    let tp = 0
    let predicted = 0
    let correct = 0
    for (const r of set) {
      if (bestWard(resolver.resolve(r.text, r.lat, r.lon))?.code === r.ward_code) tp++
      const w = bestWard(resolver.resolve(r.text))
      if (w) {
        predicted++
        if (w.code === r.ward_code) correct++
      }
    }
    const n = set.length
    const r3 = (x: number): number => Math.round(x * 1000) / 1000
    return {
      n,
      textPointAccuracy: r3(tp / Math.max(1, n)),
      textPrecision: r3(correct / Math.max(1, predicted)),
      textRecall: r3(correct / Math.max(1, n)),
      textCoverage: r3(predicted / Math.max(1, n)),
    }
  }
  const year = (r: Report): number => Number((r.datetime ?? '0').slice(0, 4))
  return {
    all: score(rows),
    upTo2024: score(rows.filter((r) => year(r) <= 2024)),
    from2025: score(rows.filter((r) => year(r) >= 2025)),
  }
}
