/**
 * `civicpulse serve` — runs the product on the embedded SQLite store (http://localhost:8080 by
 * default; CIVICPULSE_PORT and CIVICPULSE_DB override), with the sieve loaded so corrections made
 * in the dashboard teach the models, and alerts delivered from the outbox.
 */
import type { Command } from 'commander'
import { dbPath, host, port } from '../options.js'
import { createProductApp, openPipeline } from '../compose.js'

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the Civic Pulse server on the embedded database.')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--port <port>', 'HTTP port (default 8080, or CIVICPULSE_PORT)')
    .action(async (flags: { db?: string; port?: string }) => {
      const pipeline = await openPipeline({ dbPath: dbPath(flags.db), label: true, detect: true })
      const app = createProductApp(pipeline)
      const p = port(flags.port)
      await app.listen({ port: p, host: host() })
      const addr = app.server.address()
      const actual = typeof addr === 'object' && addr ? addr.port : p
      process.stdout.write(
        `Civic Pulse is running at http://localhost:${actual}/ (database ${dbPath(flags.db)}). Press Ctrl+C to stop.\n`,
      )
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      })
      await app.close()
      await pipeline.close()
    })
}
