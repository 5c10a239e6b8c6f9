/**
 * `civicpulse open311 keys add|list|revoke` — API keys for integrations that send service requests
 * to the Open311 GeoReport v2 server (`POST /open311/v2/requests`). A key is printed once; only
 * its SHA-256 is stored.
 */
import type { Command } from 'commander'
import { AppError } from '@civicpulse/core'
import { openSqliteStore, RespondSettingsRepository } from '@civicpulse/adapters'
import { dbPath } from '../options.js'

const DB_HELP = 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)'

async function withSettings<T>(
  db: string | undefined,
  f: (s: RespondSettingsRepository) => Promise<T>,
): Promise<T> {
  const store = await openSqliteStore({ path: dbPath(db) })
  try {
    return await f(new RespondSettingsRepository(store.db))
  } finally {
    await store.close()
  }
}

/** Registers the command. */
export function register(program: Command): void {
  const open311 = program
    .command('open311')
    .description('The Open311 GeoReport v2 server at /open311/v2/: API keys for integrations.')
  const keys = open311.command('keys').description('Issue, list and revoke Open311 API keys.')
  keys
    .command('add')
    .description('Issue an API key to an integration (printed once).')
    .argument('<name>', 'who the key is for, e.g. fixmystreet')
    .option('--db <path>', DB_HELP)
    .action(async (name: string, flags: { db?: string }) => {
      if (!name.trim()) throw new AppError('USAGE_INVALID', 'Give the key a name.')
      const { id, key } = await withSettings(flags.db, (s) =>
        s.issueOpen311Key(name.trim(), Date.now()),
      )
      process.stdout.write(
        `Open311 API key ${id} for ${name.trim()} (shown once; send it as api_key): ${key}\n`,
      )
    })
  keys
    .command('list')
    .description('List the API keys (never the keys themselves).')
    .option('--db <path>', DB_HELP)
    .action(async (flags: { db?: string }) => {
      const rows = await withSettings(flags.db, (s) => s.listOpen311Keys())
      if (!rows.length)
        process.stdout.write(
          'No Open311 API keys yet. Issue one with: civicpulse open311 keys add NAME\n',
        )
      for (const k of rows)
        process.stdout.write(
          `${k.id}  ${k.name}  issued ${new Date(k.createdAt).toISOString()}  ${
            k.revoked
              ? 'revoked'
              : k.lastUsedAt
                ? `last used ${new Date(k.lastUsedAt).toISOString()}`
                : 'never used'
          }\n`,
        )
    })
  keys
    .command('revoke')
    .description('Revoke an API key by its number (from keys list).')
    .argument('<id>', 'the key number')
    .option('--db <path>', DB_HELP)
    .action(async (id: string, flags: { db?: string }) => {
      const n = Number(id)
      if (!Number.isInteger(n)) throw new AppError('USAGE_INVALID', `${id} is not a key number.`)
      const done = await withSettings(flags.db, (s) => s.revokeOpen311Key(n, Date.now()))
      if (!done) throw new AppError('USAGE_INVALID', `No active Open311 key has the number ${n}.`)
      process.stdout.write(`Open311 API key ${n} is revoked.\n`)
    })
}
