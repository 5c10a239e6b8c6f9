/**
 * Reply-account credentials at rest, on a real SQLite file: sealed with AES-256-GCM when saved,
 * rows stored in clear by an older version sealed on open, read back for the senders, bound to
 * their account, and unreadable (not leaked, not crashing) under another key.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js'
import { RespondSettingsRepository } from '../store/queries/respond-settings.js'
import { openCredentials, sealCredentials, credentialKey } from './credential-box.js'

const SECRET = 'mastodon-token-never-at-rest-4b1c9e'
const OLD = 'reddit-token-from-an-older-version-77aa'
let dir: string
let store: SqliteStore

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-creds-'))
  store = await openSqliteStore({ path: join(dir, 'c.db') })
})
after(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

test('credentials are sealed at rest and read back for the senders', async () => {
  // A row written in clear, as versions before encryption did.
  await store.db
    .insertInto('reply_accounts')
    .values({
      platform: 'reddit',
      account: 'council',
      base_url: null,
      credentials: JSON.stringify({ accessToken: OLD, username: 'LewishamCouncil' }),
      enabled: 1,
      updated_at: 1,
    })
    .execute()
  const repo = new RespondSettingsRepository(store.db, undefined)
  assert.equal(await repo.sealStoredCredentials(), 1, 'the clear row is sealed on open')
  assert.equal(await repo.sealStoredCredentials(), 0, 'and only once')
  await repo.saveReplyAccount(
    {
      platform: 'mastodon',
      account: 'council',
      baseUrl: null,
      credentials: { accessToken: SECRET },
    },
    2,
  )
  const rows = await store.db.selectFrom('reply_accounts').select(['credentials']).execute()
  for (const r of rows) {
    assert.match(r.credentials, /^enc:v1:/)
    assert.ok(!r.credentials.includes(SECRET) && !r.credentials.includes(OLD))
  }
  // Not in the database file either (WAL included) once checkpointed.
  await store.close()
  for (const f of ['c.db', 'c.db-wal']) {
    let bytes = ''
    try {
      bytes = readFileSync(join(dir, f)).toString('latin1')
    } catch {
      continue
    }
    assert.ok(!bytes.includes(SECRET), `${f} holds no clear credential`)
  }
  store = await openSqliteStore({ path: join(dir, 'c.db') })
  const again = new RespondSettingsRepository(store.db, undefined)
  const accounts = await again.replyAccountsWithCredentials()
  assert.deepEqual(
    accounts.map((a) => [a.platform, a.credentials['accessToken']]),
    [
      ['mastodon', SECRET],
      ['reddit', OLD],
    ],
  )
  assert.deepEqual((await again.listReplyAccounts())[1]?.credentialFields, [
    'accessToken',
    'username',
  ])

  // Another key (CIVICPULSE_SECRET_KEY set later): nothing leaks, the fields read as unset.
  const other = new RespondSettingsRepository(store.db, 'a-different-secret-key')
  const blind = await other.replyAccountsWithCredentials()
  assert.deepEqual(
    blind.map((a) => a.credentials),
    [{}, {}],
  )
})

test('a sealed value is bound to its account and fails closed', () => {
  const key = credentialKey('k')
  const sealed = sealCredentials(key, 'mastodon:council', { accessToken: SECRET })
  assert.notEqual(sealed, sealCredentials(key, 'mastodon:council', { accessToken: SECRET }))
  assert.deepEqual(openCredentials(key, 'mastodon:council', sealed), { accessToken: SECRET })
  assert.throws(() => openCredentials(key, 'mastodon:other', sealed), /cannot be decrypted/)
  assert.throws(
    () => openCredentials(credentialKey('k2'), 'mastodon:council', sealed),
    /Enter them again/,
  )
  const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1)
  assert.throws(() => openCredentials(key, 'mastodon:council', tampered))
})
