/**
 * The series CSV format shared by `civicpulse detect` and NAB: `timestamp,value` in, and
 * `timestamp,value,anomaly_score` out. Pure string functions; the callers do the file I/O.
 */
import { DEFAULT_VOLUME_CONFIG, scoreSeries, type VolumeConfig } from './volume.js'

/** One parsed series: the timestamps as written, as epoch milliseconds, and the values. */
export interface ParsedSeries {
  readonly timestamps: string[]
  readonly times: number[]
  readonly values: number[]
}

/** Parses NAB's naive `YYYY-MM-DD HH:MM:SS` timestamps (or ISO 8601) as UTC milliseconds. */
export function parseSeriesTime(t: string): number {
  const s = t.trim()
  const iso = /^\d{4}-\d{2}-\d{2} /.test(s) ? s.replace(' ', 'T') : s
  const ms = Date.parse(/[zZ]$|[+-]\d{2}:?\d{2}$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`)
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${t}`)
  return ms
}

/** Parses a `timestamp,value` CSV (header required, other columns ignored, rows in time order). */
export function parseSeriesCsv(text: string): ParsedSeries {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const header = (lines.shift() ?? '')
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase())
  const ti = header.indexOf('timestamp')
  const vi = header.indexOf('value')
  if (ti < 0 || vi < 0)
    throw new Error('the CSV needs a header with the columns timestamp and value')
  const timestamps: string[] = []
  const times: number[] = []
  const values: number[] = []
  lines.forEach((line, i) => {
    const cells = line.split(',')
    const t = (cells[ti] ?? '').trim()
    const v = Number(cells[vi])
    if (!Number.isFinite(v)) throw new Error(`line ${i + 2}: the value is not a number`)
    timestamps.push(t)
    times.push(parseSeriesTime(t))
    values.push(v)
  })
  return { timestamps, times, values }
}

/** Scores a parsed series with the product's volume detector (anomaly scores in 0..1). */
export function detectSeriesScores(
  series: ParsedSeries,
  cfg: VolumeConfig = DEFAULT_VOLUME_CONFIG,
): number[] {
  return scoreSeries(series.times, series.values, cfg).map((s) => s.score)
}

/** Formats results as `timestamp,value,anomaly_score` CSV text. */
export function formatSeriesScores(series: ParsedSeries, scores: readonly number[]): string {
  const out = ['timestamp,value,anomaly_score']
  series.timestamps.forEach((t, i) =>
    out.push(`${t},${series.values[i]},${(scores[i] ?? 0).toFixed(6)}`),
  )
  return out.join('\n') + '\n'
}
