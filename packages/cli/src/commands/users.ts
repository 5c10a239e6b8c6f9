/**
 * `civicpulse users add|list|token` — local accounts for the dashboard: first-run admin creation,
 * adding people with a role, and API tokens for integrations.
 */
import { randomBytes } from 'node:crypto'
import type { Command } from 'commander'
import { AppError } from '@civicpulse/core'
import { openSqliteStore } from '@civicpulse/adapters'
import { addUser, createApiToken, ROLES } from '@civicpulse/server'
import { dbPath } from '../options.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** Registers the command. */
export function register(program: Command): void {
  const users = program.command('users').description('Manage who can sign in to the dashboard.')
  users
    .command('add')
    .description(
      'Add a user (or reset an existing user’s password and role). Without --password-stdin a password is generated and printed once.',
    )
    .requiredOption('--email <email>', 'the e-mail they sign in with')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(
      async (flags: {
        email: string
        role: string
        name?: string
        passwordStdin?: boolean
        db?: string
      }) => {
        if (!(ROLES as readonly string[]).includes(flags.role))
          throw new AppError(
            'USAGE_INVALID',
            `Unknown role ${flags.role}. Use one of ${ROLES.join(', ')}.`,
          )
        const generated = !flags.passwordStdin
        const password = generated ? randomBytes(15).toString('base64url') : await readStdin()
        const store = await openSqliteStore({ path: dbPath(flags.db) })
        try {
          await addUser(store.db, {
            email: flags.email,
            password,
            role: flags.role,
            name: flags.name,
          })
        } catch (e) {
          throw new AppError('USAGE_INVALID', (e as Error).message)
        } finally {
          await store.close()
        }
        process.stdout.write(`${flags.email} can now sign in as ${flags.role}.\n`)
        if (generated) process.stdout.write(`Password (shown once): ${password}\n`)
      },
    )
  users
    .command('list')
    .description('List users and their roles.')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(async (flags: { db?: string }) => {
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        const rows = await store.db
          .selectFrom('users')
          .select(['email', 'role', 'disabled'])
          .orderBy('email')
          .execute()
        if (!rows.length)
          process.stdout.write(
            'No users yet. Add the first admin with: civicpulse users add --email you@example.org --role admin\n',
          )
        for (const u of rows)
          process.stdout.write(`${u.email}  ${u.role}${u.disabled ? '  (disabled)' : ''}\n`)
      } finally {
        await store.close()
      }
    })
  users
    .command('token')
    .description(
      'Create an API token for an integration; it acts with the user’s role. Shown once.',
    )
    .requiredOption('--email <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(async (flags: { email: string; name: string; db?: string }) => {
      const store = await openSqliteStore({ path: dbPath(flags.db) })
      try {
        const u = await store.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', flags.email.trim().toLowerCase())
          .executeTakeFirst()
        if (!u)
          throw new AppError(
            'USAGE_INVALID',
            `No user has the e-mail ${flags.email}. Add them first with civicpulse users add.`,
          )
        const token = await createApiToken(store.db, u.id, flags.name)
        process.stdout.write(
          `Token (shown once; send as "Authorization: Bearer <token>"): ${token}\n`,
        )
      } finally {
        await store.close()
      }
    })
}
