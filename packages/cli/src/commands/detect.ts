/**
 * `civicpulse detect --series FILE.csv [--out FILE.csv]` — runs the product's volume detector over
 * a `timestamp,value` series (NAB format) and writes `timestamp,value,anomaly_score` (0..1).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { AppError, detectSeriesScores, formatSeriesScores, parseSeriesCsv } from '@civicpulse/core'

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('detect')
    .description(
      'Score a timestamp,value series for anomalies with the volume detector (writes timestamp,value,anomaly_score).',
    )
    .requiredOption(
      '--series <file>',
      'CSV with the columns timestamp and value, one row per time bucket',
    )
    .option('--out <file>', 'where to write the scored CSV (default: standard output)')
    .action((flags: { series: string; out?: string }) => {
      const text = readFileSync(flags.series, 'utf8')
      let series
      try {
        series = parseSeriesCsv(text)
      } catch (e) {
        throw new AppError('USAGE_INVALID', `${flags.series}: ${(e as Error).message}`)
      }
      const out = formatSeriesScores(series, detectSeriesScores(series))
      if (flags.out) writeFileSync(flags.out, out)
      else process.stdout.write(out)
    })
}
