/**
 * `civicpulse search QUERY` — full-text search over stored posts (words, "phrases", OR, prefix*).
 */
import type { Command } from 'commander'
import { openSqliteStore } from '@civicpulse/adapters'
import { dbPath } from '../options.js'

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('search')
    .description('Search stored posts by their words ("a phrase", word OR word, prefix*).')
    .argument('<query...>', 'what to look for')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--limit <n>', 'how many results at most', '20')
    .option('--json', 'print the results as a JSON array')
    .action(async (words: string[], flags: { db?: string; limit: string; json?: boolean }) => {
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        const limit = Math.max(1, Math.min(1000, Number.parseInt(flags.limit, 10) || 20))
        const hits = await store.search(words.join(' '), { limit })
        if (flags.json) {
          process.stdout.write(JSON.stringify(hits) + '\n')
          return
        }
        if (!hits.length) {
          process.stdout.write('No posts match.\n')
          return
        }
        for (const h of hits) {
          process.stdout.write(
            `${h.createdAt}  ${h.platform}:${h.platformId}\n  ${h.snippet.replace(/\s+/g, ' ')}\n`,
          )
        }
        process.stdout.write(`${hits.length} result${hits.length === 1 ? '' : 's'}.\n`)
      } finally {
        await store.close()
      }
    })
}
