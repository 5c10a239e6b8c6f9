/**
 * `civicpulse report digest` — the periodic digest (weekly by default): volume by service and ward,
 * incidents raised and resolved, response times, top campaign themes, notable changes.
 */
import type { Command } from 'commander'
import { AppError } from '@civicpulse/core'
import {
  defaultDigestPeriod,
  digestDocument,
  digestJson,
  htmlToPdf,
  openSqliteStore,
} from '@civicpulse/adapters'
import { defaultDigestLabels } from '../digest-schedule.js'
import { dbPath } from '../options.js'
import { writeOutput } from './campaign.js'

const DAY = 86_400_000

function time(flag: string, value: string): number {
  const t = Date.parse(value)
  if (!Number.isFinite(t))
    throw new AppError('USAGE_INVALID', `${flag} is not a date or time: ${value}`)
  return t
}

/** Registers the command. */
export function register(program: Command): void {
  const cmd = program.command('report').description('Periodic reports.')
  cmd
    .command('digest')
    .description(
      'Write the digest for a period (default: the 7 days up to the end of the day of the newest post).',
    )
    .option('--from <iso>', 'start of the period')
    .option('--to <iso>', 'end of the period (exclusive)')
    .option('--format <format>', 'html, pdf or json', 'html')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--tz <zone>', 'time zone for dates', 'Europe/London')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(
      async (f: {
        from?: string
        to?: string
        format: string
        out?: string
        tz: string
        db?: string
      }) => {
        if (!['html', 'pdf', 'json'].includes(f.format))
          throw new AppError('USAGE_INVALID', '--format is one of html, pdf, json.')
        const store = await openSqliteStore({ path: dbPath(f.db) })
        let doc
        try {
          const def = await defaultDigestPeriod(store.db, Date.now())
          const to = f.to ? time('--to', f.to) : def.toMs
          const from = f.from ? time('--from', f.from) : to - 7 * DAY
          if (from >= to) throw new AppError('USAGE_INVALID', '--from must be before --to.')
          doc = await digestDocument(store.db, {
            fromMs: from,
            toMs: to,
            labels: defaultDigestLabels(),
            timeZone: f.tz,
            generatedAtMs: Date.now(),
          })
        } finally {
          await store.close()
        }
        if (f.format === 'json') {
          await writeOutput(f.out, digestJson(doc.digest))
          return
        }
        const html = doc.html
        await writeOutput(f.out, f.format === 'html' ? html : await htmlToPdf(html))
      },
    )
}
