/**
 * `civicpulse incidents` — lists the service failures the early-warning detector has raised.
 */
import type { Command } from 'commander'
import { DetectionRepository, openSqliteStore } from '@civicpulse/adapters'
import { dbPath } from '../options.js'

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('incidents')
    .description('List detected incidents (service failures), newest first.')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--status <status>', 'only open, acknowledged, resolved or merged incidents')
    .option('--limit <n>', 'how many at most', '100')
    .option(
      '--json',
      'print a JSON array of {id,title,service,areas,startedAt,status,severity,posts}',
    )
    .action(async (flags: { db?: string; status?: string; limit: string; json?: boolean }) => {
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        const list = await new DetectionRepository(store.db).listIncidents({
          limit: Math.max(1, Number.parseInt(flags.limit, 10) || 100),
          ...(flags.status ? { status: flags.status } : {}),
        })
        if (flags.json) {
          process.stdout.write(JSON.stringify(list) + '\n')
          return
        }
        if (!list.length) {
          process.stdout.write('No incidents.\n')
          return
        }
        for (const i of list) {
          process.stdout.write(
            `${i.startedAt}  [${i.severity}, ${i.status}]  ${i.title}\n  ${i.service} · ${i.areas.join(', ')} · ${i.posts} posts · id ${i.id}\n`,
          )
        }
      } finally {
        await store.close()
      }
    })
}
