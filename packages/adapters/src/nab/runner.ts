/**
 * Runs the product's volume detector over NAB-format series files (`timestamp,value` CSV) and
 * writes NAB result files (`timestamp,value,anomaly_score`). Used by `npm run bench:nab`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import {
  DEFAULT_VOLUME_CONFIG,
  detectSeriesScores,
  formatSeriesScores,
  parseSeriesCsv,
  type VolumeConfig,
} from '@civicpulse/core'

/** Reads a series file, scores it and writes the result CSV to `output` (when given); returns the CSV text. */
export function detectFile(
  input: string,
  output?: string,
  cfg: VolumeConfig = DEFAULT_VOLUME_CONFIG,
): string {
  const series = parseSeriesCsv(readFileSync(input, 'utf8'))
  const text = formatSeriesScores(series, detectSeriesScores(series, cfg))
  if (output) writeFileSync(output, text)
  return text
}
