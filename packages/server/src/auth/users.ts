/**
 * Account management used by the CLI and the demo: create or update a user, create an API token,
 * and the demo users with known passwords.
 */
import type { Kysely } from 'kysely'
import { RespondSettingsRepository } from '@civicpulse/adapters'
import { Q, type Database } from '../adapters.js'
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js'
import { isRole, type Role } from './roles.js'
import { randomToken, sha256 } from './tokens.js'

/** Creates a user or replaces the password and role of an existing one; returns its id. */
export async function addUser(
  db: Kysely<Database>,
  u: { email: string; password: string; role: Role | string; name?: string | undefined },
): Promise<number> {
  const email = u.email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`"${u.email}" is not an e-mail address.`)
  if (!isRole(u.role))
    throw new Error(`"${u.role}" is not a role; use admin, analyst, responder or viewer.`)
  if (u.password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`)
  return Q.upsertUser(db, {
    email,
    name: u.name ?? email.split('@')[0] ?? email,
    passwordHash: await hashPassword(u.password),
    role: u.role,
    at: Date.now(),
  })
}

/** Creates an API token for a user; returns the token (shown once, stored only as a hash). */
export async function createApiToken(
  db: Kysely<Database>,
  userId: number,
  name: string,
): Promise<string> {
  const token = randomToken('cpt_')
  await Q.insertApiToken(db, { tokenHash: sha256(token), userId, name, at: Date.now() })
  return token
}

/** The demo accounts: one per role, with passwords printed by `civicpulse demo`. */
export const DEMO_USERS: ReadonlyArray<{
  email: string
  password: string
  role: Role
  name: string
  /** The Respond team the demo user works in. */
  team?: string
}> = [
  {
    email: 'admin@demo.civicpulse.local',
    password: 'demo-admin-pass',
    role: 'admin',
    name: 'Demo admin',
  },
  {
    email: 'analyst@demo.civicpulse.local',
    password: 'demo-analyst-pass',
    role: 'analyst',
    name: 'Demo analyst',
  },
  {
    email: 'responder@demo.civicpulse.local',
    password: 'demo-responder-pass',
    role: 'responder',
    name: 'Demo responder',
    team: 'waste-and-recycling',
  },
  {
    email: 'viewer@demo.civicpulse.local',
    password: 'demo-viewer-pass',
    role: 'viewer',
    name: 'Demo viewer',
  },
]

/** Creates the demo users (idempotent: existing ones get their demo password back); returns them. */
export async function ensureDemoUsers(db: Kysely<Database>): Promise<typeof DEMO_USERS> {
  const teams = new RespondSettingsRepository(db)
  for (const u of DEMO_USERS) {
    const id = await addUser(db, u)
    if (u.team) await teams.setUserTeam(id, u.team)
  }
  return DEMO_USERS
}
