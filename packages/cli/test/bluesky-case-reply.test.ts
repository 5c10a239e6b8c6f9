/**
 * A Bluesky reply through the product's real path, against a REAL local PDS (`@atproto/pds`,
 * SQLite, an in-memory `@did-plc/server`, all on 127.0.0.1): the citizen posts; the post is
 * ingested as Jetstream delivers it into a SQLite database (decoder → `runIngest` with the sieve,
 * through `openPipeline`), so it is a stored, labelled post; an admin saves a Bluesky reply account
 * pointing at the PDS; a responder opens a case from the stored post and replies over the HTTP API;
 * the outbox delivers it; the reply is read back from the council's repo, threaded under the
 * citizen's post. A second outbox run makes no second record. Skips when the PDS is not installed.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeStream } from '@civicpulse/adapters'
import { MemoryBus, runIngest } from '@civicpulse/engine'
import { addUser, createApp } from '@civicpulse/server'
import {
  loadLocalPds,
  startLocalPds,
  type LocalPds,
} from '../../adapters/src/replies/testing/local-pds.js'
import { openPipeline, type Pipeline } from '../src/compose.js'
import { startRespond } from '../src/respond.js'

const modules = await loadLocalPds()
const skip = typeof modules === 'string' ? modules : false

const PASSWORD = 'correct-horse-battery'
const ADMIN = 'admin@council.test'
const RESPONDER = 'responder@council.test'

test(
  'a citizen’s Bluesky post, ingested, becomes a case whose reply lands in the thread once',
  { skip, timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-bsky-case-'))
    let pds: LocalPds | undefined
    let pipeline: Pipeline | undefined
    let stopRespond: (() => void) | undefined
    let app: ReturnType<typeof createApp> | undefined
    try {
      // 1. PLC + PDS on 127.0.0.1; the citizen and the council; the citizen posts.
      pds = await startLocalPds(modules as Exclude<typeof modules, string>)
      const citizen = await pds.createAccount('citizen.test', 'citizen-pass')
      const council = await pds.createAccount('council.test', 'council-pass')
      const post = await pds.post(
        citizen,
        'The streetlight on Mill Lane has been out for a week, the whole road is dark at night',
      )

      // 2. Ingest it as Jetstream delivers it, through the product's pipeline (sieve on).
      pipeline = await openPipeline({ dbPath: join(dir, 'c.db'), label: true, detect: false })
      const line = JSON.stringify({
        did: citizen.did,
        time_us: Date.now() * 1000,
        kind: 'commit',
        commit: {
          rev: '3l0000000000a',
          operation: 'create',
          collection: 'app.bsky.feed.post',
          rkey: post.rkey,
          record: post.record,
          cid: post.cid,
        },
      })
      const summary = await runIngest({
        items: decodeStream(
          (async function* () {
            yield new TextEncoder().encode(line + '\n')
          })(),
          { format: 'bluesky-jetstream', source: 'jetstream' },
        ),
        source: 'jetstream',
        store: pipeline.store,
        bus: new MemoryBus(),
        clock: { now: () => Date.now() },
        authorKey: pipeline.authorKey,
        labeller: pipeline.labeller,
        afterStore: pipeline.afterStore,
      })
      assert.equal(summary.accepted, 1, JSON.stringify(summary))
      const stored = await pipeline.store.db
        .selectFrom('posts')
        .select(['id', 'platform', 'labels'])
        .where('platform_id', '=', post.uri)
        .executeTakeFirstOrThrow()
      assert.equal(stored.platform, 'bluesky')
      const labels = JSON.parse(String(stored.labels)) as { service?: { code: string } }
      assert.equal(labels.service?.code, 'lighting.street-lights', 'labelled by the sieve')

      // 3. Respond as the product wires it (timers slowed: this test runs the outbox itself).
      const db = pipeline.store.db
      await addUser(db, { email: ADMIN, password: PASSWORD, role: 'admin' })
      await addUser(db, { email: RESPONDER, password: PASSWORD, role: 'responder' })
      const respond = await startRespond(db, pipeline, {
        outboxEveryMs: 3_600_000,
        sweepEveryMs: 3_600_000,
      })
      stopRespond = respond.stop
      const rt = respond.runtime
      app = createApp({
        store: pipeline.store,
        live: pipeline.live,
        webDist: false,
        respond: rt,
      })
      await app.ready()
      const web = app
      const login = async (email: string) => {
        const res = await web.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: PASSWORD },
        })
        assert.equal(res.statusCode, 200, res.body)
        const c = res.cookies.find((x) => x.name === 'cp_session')
        assert.ok(c)
        const csrf = (res.json() as { csrfToken: string }).csrfToken
        return (method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
          web.inject({
            method,
            url,
            headers: {
              cookie: `cp_session=${c.value}`,
              ...(method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
            },
            ...(payload ? { payload } : {}),
          })
      }
      const admin = await login(ADMIN)
      const responder = await login(RESPONDER)

      const put = await admin('PUT', '/api/v1/reply-accounts', {
        platform: 'bluesky',
        account: 'council',
        baseUrl: pds.base,
        credentials: { identifier: 'council.test', password: 'council-pass' },
      })
      assert.equal(put.statusCode, 200, put.body)
      assert.ok(!put.body.includes('council-pass'), 'the password is never returned')

      const opened = await responder('POST', '/api/v1/cases', {
        source: { kind: 'post', id: String(stored.id) },
      })
      assert.equal(opened.statusCode, 201, opened.body)
      const opening = (opened.json() as { case: { id: string; team: string } }).case
      assert.equal(opening.team, 'street-lighting', 'routed from the labels (no approval needed)')
      const caseId = opening.id
      const detail = async () => {
        const res = await responder('GET', `/api/v1/cases/${caseId}`)
        assert.equal(res.statusCode, 200, res.body)
        return (
          res.json() as {
            case: {
              firstResponseAt: string | null
              replyTarget: { platform: string; inReplyTo: string } | null
              replies: { id: string; status: string; text: string; lastError: string | null }[]
            }
          }
        ).case
      }
      const before = await detail()
      assert.equal(before.firstResponseAt, null)
      assert.deepEqual(
        { platform: before.replyTarget?.platform, inReplyTo: before.replyTarget?.inReplyTo },
        { platform: 'bluesky', inReplyTo: post.uri },
      )

      const text = 'Thanks for telling us. Street Lighting will fix the Mill Lane light this week.'
      const sent = await responder('POST', `/api/v1/cases/${caseId}/replies`, {
        text,
        clientKey: 'bsky-case-reply-0001',
      })
      assert.equal(sent.statusCode, 201, sent.body)
      const queued = (sent.json() as { reply: { id: string; status: string } }).reply
      assert.equal(queued.status, 'pending', 'queued in the outbox, not sent yet')
      assert.equal((await pds.listPosts(council.did)).length, 0)
      const replyId = queued.id
      await rt.runOutbox()

      // 4. Read it back in the thread: one council post replying to the citizen's.
      const records = await pds.listPosts(council.did)
      assert.equal(records.length, 1)
      const [reply] = records
      assert.equal(reply?.value.text, text)
      assert.deepEqual(reply?.value.reply?.parent, { uri: post.uri, cid: post.cid })
      assert.deepEqual(reply?.value.reply?.root, { uri: post.uri, cid: post.cid })

      const after = await detail()
      const row = after.replies.find((r) => r.id === replyId)
      assert.equal(row?.status, 'sent', row?.lastError ?? undefined)
      assert.notEqual(after.firstResponseAt, null, 'the first response is recorded')
      const [out] = await rt.cases.outbox.listByCase(caseId)
      assert.equal(out?.status, 'sent')
      assert.equal(out?.remoteId, reply?.uri, 'the outbox keeps the remote URI')

      await rt.runOutbox()
      assert.equal((await pds.listPosts(council.did)).length, 1, 'no second record')
    } finally {
      await app?.close()
      stopRespond?.()
      await pipeline?.close()
      await pds?.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  },
)
