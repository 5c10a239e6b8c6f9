/**
 * Data access for sign-in: users, sessions (by the hash of the cookie value), API tokens (by hash)
 * and the access log of who viewed which post.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Database, UsersTable } from '../schema.js'

/** A user row as read. */
export type UserRow = Selectable<UsersTable>

/** Finds a user by e-mail (case-insensitive: e-mails are stored lower-cased). */
export async function findUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst()
}

/** Finds a user by id. */
export async function findUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Creates a user or, when the e-mail exists, replaces its role, name and hash. Returns the id. */
export async function upsertUser(
  db: Kysely<Database>,
  u: { email: string; name: string; passwordHash: string; role: string; at: number },
): Promise<number> {
  const email = u.email.trim().toLowerCase()
  await db
    .insertInto('users')
    .values({ email, name: u.name, password_hash: u.passwordHash, role: u.role, created_at: u.at })
    .onConflict((oc) =>
      oc
        .column('email')
        .doUpdateSet({ name: u.name, password_hash: u.passwordHash, role: u.role, disabled: 0 }),
    )
    .execute()
  return (
    await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
  ).id
}

/** Lists users (no hashes). */
export async function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'disabled', 'created_at', 'last_login_at'])
    .orderBy('id')
    .execute()
}

/** Counts users. */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Stores a new session. */
export async function insertSession(
  db: Kysely<Database>,
  s: { idHash: string; userId: number; csrfToken: string; at: number; expiresAt: number },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.at,
      last_seen_at: s.at,
      expires_at: s.expiresAt,
    })
    .execute()
  await db.updateTable('users').set({ last_login_at: s.at }).where('id', '=', s.userId).execute()
}

/** Reads a live session with its user; expired sessions and disabled users give undefined. */
export async function findSession(db: Kysely<Database>, idHash: string, now: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.role',
    ])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .where('u.disabled', '=', 0)
    .executeTakeFirst()
}

/** Slides a session's expiry forward. */
export async function touchSession(
  db: Kysely<Database>,
  idHash: string,
  at: number,
  expiresAt: number,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: at, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute()
}

/** Deletes a session (sign out) and any expired ones. */
export async function deleteSession(
  db: Kysely<Database>,
  idHash: string,
  now: number,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('id_hash', '=', idHash), eb('expires_at', '<=', now)]))
    .execute()
}

/** Stores a new API token hash for a user. */
export async function insertApiToken(
  db: Kysely<Database>,
  t: { tokenHash: string; userId: number; name: string; at: number },
): Promise<number> {
  const r = await db
    .insertInto('api_tokens')
    .values({ token_hash: t.tokenHash, user_id: t.userId, name: t.name, created_at: t.at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return r.id
}

/** Reads a live (unrevoked) API token with its user. */
export async function findApiToken(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 'u.id as user_id', 'u.email', 'u.name', 'u.role'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.disabled', '=', 0)
    .executeTakeFirst()
}

/** Records that a user saw the author of these posts. */
export async function logAccess(
  db: Kysely<Database>,
  userId: number,
  postIds: number[],
  view: string,
  at: number,
): Promise<void> {
  if (!postIds.length) return
  await db
    .insertInto('access_log')
    .values(postIds.map((post_id) => ({ user_id: userId, post_id, view, at })))
    .execute()
}

/** The access log, newest first, optionally for one post. */
export async function listAccess(
  db: Kysely<Database>,
  f: { postId?: number | undefined; limit: number },
) {
  let q = db
    .selectFrom('access_log as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.post_id', 'a.view', 'a.at', 'u.email'])
  if (f.postId !== undefined) q = q.where('a.post_id', '=', f.postId)
  return q.orderBy('a.id', 'desc').limit(f.limit).execute()
}
