/**
 * `civicpulse model list|rollback` — the sieve's model versions: every snapshot saved after
 * corrections is kept, and any of them (or the shipped files) can be made active again.
 */
import type { Command } from 'commander'
import { AppError } from '@civicpulse/core'
import { ModelVersionRepository, openSqliteStore } from '@civicpulse/adapters'
import { dbPath } from '../options.js'

/** Registers the command. */
export function register(program: Command): void {
  const m = program
    .command('model')
    .description('Model versions learnt from corrections: list them, roll back.')
  m.command('list')
    .description('List saved model versions, newest first.')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--json', 'print a JSON array')
    .action(async (flags: { db?: string; json?: boolean }) => {
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        const list = await new ModelVersionRepository(store.db).list()
        if (flags.json) process.stdout.write(JSON.stringify(list) + '\n')
        else if (!list.length)
          process.stdout.write('No saved versions: the shipped model files are in use.\n')
        else
          for (const v of list)
            process.stdout.write(
              `#${v.id}  ${v.version}  ${v.createdAt}  ${v.corrections} corrections${v.active ? '  (active)' : ''}\n`,
            )
      } finally {
        await store.close()
      }
    })
  m.command('rollback')
    .description(
      'Make an earlier version active (0 = the shipped model files). Takes effect at the next start.',
    )
    .argument('<id>', 'version number from `model list`, or 0')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(async (idArg: string, flags: { db?: string }) => {
      const id = Number.parseInt(idArg.replace(/^#/, ''), 10)
      if (!Number.isInteger(id) || id < 0)
        throw new AppError('USAGE_INVALID', `${idArg} is not a version number.`)
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        if (!(await new ModelVersionRepository(store.db).activate(id)))
          throw new AppError('USAGE_INVALID', `There is no model version #${id}.`)
        process.stdout.write(
          id === 0
            ? 'The shipped model files are active again.\n'
            : `Model version #${id} is active.\n`,
        )
      } finally {
        await store.close()
      }
    })
}
