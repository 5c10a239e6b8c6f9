/**
 * `civicpulse stats` — how many posts and quarantined records the database holds.
 */
import type { Command } from 'commander'
import { openSqliteStore } from '@civicpulse/adapters'
import { dbPath } from '../options.js'

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('stats')
    .description('Show how many posts and quarantined records are stored.')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--json', 'print one JSON object')
    .action(async (flags: { db?: string; json?: boolean }) => {
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        const s = await store.stats()
        if (flags.json) {
          process.stdout.write(JSON.stringify(s) + '\n')
          return
        }
        const lines = [`Posts: ${s.posts}`]
        for (const [p, n] of Object.entries(s.byPlatform)) lines.push(`  ${p}: ${n}`)
        if (s.firstPostAt) lines.push(`  from ${s.firstPostAt} to ${s.lastPostAt ?? ''}`)
        lines.push(`Quarantined: ${s.quarantined}`)
        for (const [r, n] of Object.entries(s.byReason)) lines.push(`  ${r}: ${n}`)
        process.stdout.write(lines.join('\n') + '\n')
      } finally {
        await store.close()
      }
    })
}
