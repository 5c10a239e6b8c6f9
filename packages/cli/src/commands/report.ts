/**
 * `civicpulse report digest` — the periodic digest (weekly by default): volume by service and ward,
 * incidents raised and resolved, response times, top campaign themes, notable changes.
 */
import type { Command } from 'commander'
import { AppError, buildDigest } from '@civicpulse/core'
import {
  htmlToPdf,
  loadDigestInput,
  loadJurisdiction,
  loadTaxonomy,
  openSqliteStore,
  renderDigestReport,
} from '@civicpulse/adapters'
import { dbPath } from '../options.js'
import { writeOutput } from './campaign.js'

const DAY = 86_400_000

function time(flag: string, value: string): number {
  const t = Date.parse(value)
  if (!Number.isFinite(t))
    throw new AppError('USAGE_INVALID', `${flag} is not a date or time: ${value}`)
  return t
}

/** Plain names for service codes and ward codes, from the taxonomy and the jurisdiction pack (codes when unreadable). */
function names(): { services?: Map<string, string>; wards?: Map<string, string> } {
  const out: { services?: Map<string, string>; wards?: Map<string, string> } = {}
  try {
    out.services = new Map(
      loadTaxonomy().services.map((s) => [s.code, `${s.groupName}: ${s.name}`]),
    )
  } catch {
    // codes stay as they are
  }
  try {
    out.wards = new Map(loadJurisdiction().wards.map((w) => [w.code, w.name]))
  } catch {
    // codes stay as they are
  }
  return out
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
        let digest
        try {
          let to = f.to ? time('--to', f.to) : undefined
          if (to === undefined) {
            const r = await store.db
              .selectFrom('posts')
              .select((eb) => eb.fn.max('created_at').as('t'))
              .executeTakeFirst()
            const newest = r?.t === null || r?.t === undefined ? Date.now() : Number(r.t)
            to = Math.floor(newest / DAY) * DAY + DAY
          }
          const from = f.from ? time('--from', f.from) : to - 7 * DAY
          if (from >= to) throw new AppError('USAGE_INVALID', '--from must be before --to.')
          digest = buildDigest(await loadDigestInput(store.db, from, to, names()))
        } finally {
          await store.close()
        }
        if (f.format === 'json') {
          await writeOutput(
            f.out,
            JSON.stringify(digest, (_k, v: unknown) => (v === Infinity ? null : v), 2) + '\n',
          )
          return
        }
        const html = renderDigestReport(digest, { generatedAtMs: Date.now(), timeZone: f.tz })
        await writeOutput(f.out, f.format === 'html' ? html : await htmlToPdf(html))
      },
    )
}
