/**
 * `civicpulse quarantine list|show` — review records that could not become posts, with their
 * reason and raw bytes.
 */
import type { Command } from 'commander'
import { AppError, QUARANTINE_REASONS, type QuarantineReason } from '@civicpulse/core'
import { openSqliteStore } from '@civicpulse/adapters'
import { dbPath } from '../options.js'

/** Registers the command. */
export function register(program: Command): void {
  const q = program
    .command('quarantine')
    .description('Review records that could not be stored, and why.')
  q.command('list')
    .description('List quarantined records, newest first.')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--reason <code>', `only this reason (${Object.keys(QUARANTINE_REASONS).join(', ')})`)
    .option('--limit <n>', 'how many at most', '50')
    .option('--json', 'print a JSON array')
    .action(async (flags: { db?: string; reason?: string; limit: string; json?: boolean }) => {
      if (flags.reason && !(flags.reason in QUARANTINE_REASONS)) {
        throw new AppError(
          'USAGE_INVALID',
          `Unknown reason ${flags.reason}. Known reasons: ${Object.keys(QUARANTINE_REASONS).join(', ')}.`,
        )
      }
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        const rows = await store.listQuarantine({
          limit: Math.max(1, Number.parseInt(flags.limit, 10) || 50),
          ...(flags.reason ? { reason: flags.reason as QuarantineReason } : {}),
        })
        if (flags.json) {
          process.stdout.write(JSON.stringify(rows) + '\n')
          return
        }
        if (!rows.length) {
          process.stdout.write('The quarantine is empty.\n')
          return
        }
        for (const r of rows) {
          process.stdout.write(
            `#${r.id}  ${r.reason}  ${r.source}${r.position ? ` (${r.position})` : ''}  ${r.size} bytes\n  ${r.message}\n`,
          )
        }
      } finally {
        await store.close()
      }
    })
  q.command('show')
    .description('Show one quarantined record with its raw bytes.')
    .argument('<id>', 'the record number from `quarantine list`')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--json', 'print a JSON object (raw as base64)')
    .action(async (idArg: string, flags: { db?: string; json?: boolean }) => {
      const id = Number.parseInt(idArg.replace(/^#/, ''), 10)
      if (!Number.isInteger(id) || id < 1)
        throw new AppError('USAGE_INVALID', `${idArg} is not a quarantine record number.`)
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        const r = await store.getQuarantine(id)
        if (!r) throw new AppError('QUARANTINE_NOT_FOUND', `No quarantined record #${id}.`)
        if (flags.json) {
          process.stdout.write(
            JSON.stringify({ ...r, raw: Buffer.from(r.raw).toString('base64') }) + '\n',
          )
          return
        }
        const text = new TextDecoder('utf-8', { fatal: false }).decode(r.raw)
        process.stdout.write(
          [
            `Record #${r.id}`,
            `  reason:   ${r.reason} — ${QUARANTINE_REASONS[r.reason] ?? ''}`,
            `  detail:   ${r.message}`,
            `  source:   ${r.source}${r.position ? ` (${r.position})` : ''}`,
            `  received: ${r.receivedAt}`,
            `  raw (${r.size} bytes, invalid bytes shown as �):`,
            text.length > 4000 ? text.slice(0, 4000) + '\n  … (cut)' : text,
          ].join('\n') + '\n',
        )
      } finally {
        await store.close()
      }
    })
}
