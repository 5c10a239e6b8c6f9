/**
 * The Bluesky sender against a REAL local PDS (`@atproto/pds` 0.4.217, SQLite, with an in-memory
 * `@did-plc/server` directory), everything bound to 127.0.0.1: two accounts, a citizen's post
 * ingested through the Jetstream decoder, a reply from the council account, read back from the
 * council's repo, and a repeated send with the same key that creates no second reply.
 * Skips when the packages are not installed.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import type { Server as HttpServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BlueskyReplySender, tidFromKey } from './bluesky.js'
import { decodeJetstreamEvent } from '../decoders/bluesky.js'
import type { DecodedItem } from '../decoders/types.js'

type Mod = Record<string, any>
async function load(name: string): Promise<Mod | undefined> {
  try {
    return (await import(name)) as Mod
  } catch {
    return undefined
  }
}
const [plc, pds, crypto] = await Promise.all([
  load('@did-plc/server'),
  load('@atproto/pds'),
  load('@atproto/crypto'),
])
const skip =
  plc && pds && crypto ? false : '@atproto/pds, @did-plc/server or @atproto/crypto is not installed'

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s: Server = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

function listen(
  app: { listen: (port: number, host: string) => HttpServer },
  port: number,
): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const srv = app.listen(port, '127.0.0.1')
    srv.once('listening', () => resolve(srv))
    srv.once('error', reject)
  })
}

test(
  'Bluesky reply through a real local PDS, threaded and sent once',
  { skip, timeout: 60_000 },
  async () => {
    const P = plc as Mod
    const D = pds as Mod
    const C = crypto as Mod
    const dir = mkdtempSync(join(tmpdir(), 'cp-pds-'))
    const servers: HttpServer[] = []
    let pdsServer: Mod | undefined
    try {
      const plcPort = await freePort()
      const plcServer = P['PlcServer'].create({ db: P['Database'].mock(), port: plcPort })
      servers.push(await listen(plcServer.app, plcPort))

      const port = await freePort()
      const rotation = await C['Secp256k1Keypair'].create({ exportable: true })
      const env = {
        devMode: true,
        port,
        hostname: 'localhost',
        dataDirectory: dir,
        blobstoreDiskLocation: join(dir, 'blobs'),
        adminPassword: 'admin-test',
        jwtSecret: 'jwt-test',
        serviceHandleDomains: ['.test'],
        didPlcUrl: `http://127.0.0.1:${plcPort}`,
        plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotation.export()).toString('hex'),
        inviteRequired: false,
        disableSsrfProtection: true,
        bskyAppViewUrl: 'https://appview.invalid',
        bskyAppViewDid: 'did:example:invalid',
        bskyAppViewCdnUrlPattern: 'http://cdn.invalid/%s/%s/%s',
        modServiceUrl: 'https://moderator.invalid',
        modServiceDid: 'did:example:invalid',
        serviceName: 'Civic Pulse test PDS',
      }
      const made: Mod = await D['PDS'].create(D['envToCfg'](env), D['envToSecrets'](env))
      pdsServer = made
      // PDS.start() listens on every interface; start the sequencer and listen on loopback only.
      await made['ctx'].sequencer.start()
      servers.push(await listen(made['app'], port))
      const base = `http://127.0.0.1:${port}`

      const xrpc = async (nsid: string, body: unknown, jwt?: string) => {
        const r = await fetch(`${base}/xrpc/${nsid}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(jwt ? { authorization: `Bearer ${jwt}` } : {}),
          },
          body: JSON.stringify(body),
        })
        const j = (await r.json()) as Record<string, any>
        assert.ok(r.ok, `${nsid}: ${JSON.stringify(j)}`)
        return j
      }
      const citizen = await xrpc('com.atproto.server.createAccount', {
        email: 'citizen@example.test',
        handle: 'citizen.test',
        password: 'citizen-pass',
      })
      const council = await xrpc('com.atproto.server.createAccount', {
        email: 'council@example.test',
        handle: 'council.test',
        password: 'council-pass',
      })
      const record = {
        $type: 'app.bsky.feed.post',
        text: 'The streetlight on Mill Lane has been out for a week #streetlights',
        createdAt: new Date().toISOString(),
        langs: ['en'],
      }
      const created = await xrpc(
        'com.atproto.repo.createRecord',
        { repo: citizen['did'], collection: 'app.bsky.feed.post', record },
        citizen['accessJwt'],
      )
      const rkey = String(created['uri']).split('/').pop() as string

      // Ingest: the citizen's post as Jetstream would deliver it, through the project's decoder.
      const out: DecodedItem[] = []
      decodeJetstreamEvent(
        {
          did: citizen['did'],
          time_us: Date.now() * 1000,
          kind: 'commit',
          commit: {
            rev: '3l0000000000a',
            operation: 'create',
            collection: 'app.bsky.feed.post',
            rkey,
            record,
            cid: created['cid'],
          },
        },
        { position: 'event 1', keepRaw: false },
        out,
      )
      const item = out[0] as Extract<DecodedItem, { kind: 'post' }>
      assert.equal(item?.kind, 'post')
      const platformId = (item as unknown as { draft: { platformId: string } }).draft.platformId
      assert.equal(platformId, created['uri'])

      // Reply from the case, as the outbox would.
      const sender = new BlueskyReplySender({
        service: base,
        identifier: 'council.test',
        password: 'council-pass',
        maxInlineRetries: 0,
      })
      const target = { platform: 'bluesky' as const, account: 'council', inReplyTo: platformId }
      const text = 'Thanks for telling us. Street Lighting will fix it this week. Ref CP-21.'
      const sent = await sender.send(target, text, 'cp-pds-key-1')
      assert.equal(
        sent.id,
        `at://${council['did']}/app.bsky.feed.post/${tidFromKey('cp-pds-key-1')}`,
      )

      // Read it back in the thread: the council's repo holds one post replying to the citizen's.
      const list = async () => {
        const r = await fetch(
          `${base}/xrpc/com.atproto.repo.listRecords?repo=${council['did']}&collection=app.bsky.feed.post`,
        )
        return (
          (await r.json()) as {
            records: {
              uri: string
              value: {
                text: string
                reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }
              }
            }[]
          }
        ).records
      }
      const [reply] = await list()
      assert.equal(reply?.uri, sent.id)
      assert.equal(reply?.value.text, text)
      assert.deepEqual(reply?.value.reply?.parent, { uri: created['uri'], cid: created['cid'] })
      assert.deepEqual(reply?.value.reply?.root, { uri: created['uri'], cid: created['cid'] })

      // After a crash: the lookup finds it, and even a blind resend with the same key makes no second post.
      assert.deepEqual(await sender.findExisting(target, text, 'cp-pds-key-1'), {
        id: sent.id,
        url: null,
      })
      assert.equal(await sender.findExisting(target, text, 'cp-pds-key-2'), undefined)
      const again = await sender.send(target, text, 'cp-pds-key-1')
      assert.equal(again.id, sent.id)
      assert.equal((await list()).length, 1)
    } finally {
      for (const s of servers)
        await new Promise<void>((r) => (s.closeAllConnections?.(), s.close(() => r())))
      await pdsServer?.['ctx']?.sequencer?.destroy?.()
      await pdsServer?.['ctx']?.backgroundQueue?.destroy?.()
      await pdsServer?.['ctx']?.accountManager?.close?.()
      await pdsServer?.['ctx']?.proxyAgent?.destroy?.()
      rmSync(dir, { recursive: true, force: true })
    }
  },
)
