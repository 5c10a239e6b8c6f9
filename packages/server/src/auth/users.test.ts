import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openSqliteStore } from '@civicpulse/adapters'
import { addUser, DEMO_USERS, ensureDemoUsers } from './users.js'
import { verifyPassword } from './passwords.js'
import { FailureLimiter } from './rate-limit.js'

test('users: argon2id hashes, validation, and idempotent demo users', async () => {
  const store = await openSqliteStore({ path: ':memory:' })
  await assert.rejects(
    addUser(store.db, { email: 'not-an-email', password: 'long-enough-pw', role: 'admin' }),
    /not an e-mail/,
  )
  await assert.rejects(
    addUser(store.db, { email: 'a@b.org', password: 'long-enough-pw', role: 'king' }),
    /not a role/,
  )
  await assert.rejects(
    addUser(store.db, { email: 'a@b.org', password: 'short', role: 'admin' }),
    /at least 10/,
  )
  const id = await addUser(store.db, {
    email: 'A@B.org',
    password: 'long-enough-pw',
    role: 'admin',
  })
  const row = await store.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  assert.equal(row.email, 'a@b.org')
  assert.match(row.password_hash, /^\$argon2id\$/)
  assert.equal(await verifyPassword(row.password_hash, 'long-enough-pw'), true)
  assert.equal(await verifyPassword(row.password_hash, 'wrong-password'), false)
  assert.equal(await verifyPassword(undefined, 'anything'), false)
  await ensureDemoUsers(store.db)
  await ensureDemoUsers(store.db)
  const n = await store.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  assert.equal(Number(n.n), 1 + DEMO_USERS.length)
  await store.close()
})

test('the login limiter counts failures in a sliding window', () => {
  let now = 0
  const l = new FailureLimiter(2, 1000, () => now)
  assert.equal(l.retryAfter('k'), 0)
  l.fail('k')
  l.fail('k')
  assert.equal(l.retryAfter('k'), 1000)
  now = 600
  assert.equal(l.retryAfter('k'), 400)
  now = 1001
  assert.equal(l.retryAfter('k'), 0)
  l.fail('k')
  l.reset('k')
  assert.equal(l.retryAfter('k'), 0)
})
