/**
 * `civicpulse serve` — runs the product on the embedded SQLite store (http://localhost:8080 by
 * default; CIVICPULSE_PORT and CIVICPULSE_DB override).
 */
import type { Command } from 'commander'
import { openSqliteStore } from '@civicpulse/adapters'
import { createApp } from '@civicpulse/server'
import { dbPath, host, port } from '../options.js'

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the Civic Pulse server on the embedded database.')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--port <port>', 'HTTP port (default 8080, or CIVICPULSE_PORT)')
    .action(async (flags: { db?: string; port?: string }) => {
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      const app = createApp({ store })
      const p = port(flags.port)
      const h = host()
      await app.listen({ port: p, host: h })
      const addr = app.server.address()
      const actual = typeof addr === 'object' && addr ? addr.port : p
      process.stdout.write(`Civic Pulse is running at http://localhost:${actual}/ (database ${dbPath(flags.db)}). Press Ctrl+C to stop.\n`)
      await new Promise<void>((resolve) => {
        const stop = () => resolve()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await app.close()
      await store.close()
    })
}
