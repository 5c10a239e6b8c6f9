/**
 * Test helper: a REAL local Bluesky PDS (`@atproto/pds` 0.4.217, SQLite in a temporary folder)
 * with an in-memory `@did-plc/server` directory, everything listening on 127.0.0.1 only, plus
 * the few XRPC calls tests need (create an account, post, list a repo's posts). `loadLocalPds()`
 * resolves to a reason to skip when the packages are not installed.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import type { Server as HttpServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

type Mod = Record<string, any>

async function load(name: string): Promise<Mod | undefined> {
  try {
    return (await import(name)) as Mod
  } catch {
    return undefined
  }
}

/** The PDS packages, or the reason a test should skip. */
export type PdsModules = { plc: Mod; pds: Mod; crypto: Mod }

/** Loads `@did-plc/server`, `@atproto/pds` and `@atproto/crypto`; a string says which is missing. */
export async function loadLocalPds(): Promise<PdsModules | string> {
  const [plc, pds, crypto] = await Promise.all([
    load('@did-plc/server'),
    load('@atproto/pds'),
    load('@atproto/crypto'),
  ])
  return plc && pds && crypto
    ? { plc, pds, crypto }
    : '@atproto/pds, @did-plc/server or @atproto/crypto is not installed'
}

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

/** An account made on the local PDS. */
export interface PdsAccount {
  did: string
  handle: string
  accessJwt: string
}

/** A post record as `com.atproto.repo.listRecords` returns it. */
export interface PdsPostRecord {
  uri: string
  cid: string
  value: {
    text: string
    reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }
  }
}

/** A running local PDS. */
export interface LocalPds {
  /** `http://127.0.0.1:<port>`. */
  base: string
  /** POSTs an XRPC procedure (asserting success) and returns its JSON. */
  xrpc(nsid: string, body: unknown, jwt?: string): Promise<Record<string, any>>
  createAccount(handle: string, password: string): Promise<PdsAccount>
  /** Creates an `app.bsky.feed.post` in the account's repo; returns its uri, cid, rkey and record. */
  post(
    a: PdsAccount,
    text: string,
  ): Promise<{ uri: string; cid: string; rkey: string; record: Record<string, unknown> }>
  /** The `app.bsky.feed.post` records of a repo. */
  listPosts(did: string): Promise<PdsPostRecord[]>
  stop(): Promise<void>
}

/** Starts PLC + PDS on 127.0.0.1 (the data in a temporary folder removed by `stop`). */
export async function startLocalPds(m: PdsModules): Promise<LocalPds> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-pds-'))
  const servers: HttpServer[] = []
  let made: Mod | undefined
  const stop = async () => {
    for (const s of servers)
      await new Promise<void>((r) => (s.closeAllConnections?.(), s.close(() => r())))
    await made?.['ctx']?.sequencer?.destroy?.()
    await made?.['ctx']?.backgroundQueue?.destroy?.()
    await made?.['ctx']?.accountManager?.close?.()
    await made?.['ctx']?.proxyAgent?.destroy?.()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const plcPort = await freePort()
    const plcServer = m.plc['PlcServer'].create({ db: m.plc['Database'].mock(), port: plcPort })
    servers.push(await listen(plcServer.app, plcPort))

    const port = await freePort()
    const rotation = await m.crypto['Secp256k1Keypair'].create({ exportable: true })
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
    made = (await m.pds['PDS'].create(m.pds['envToCfg'](env), m.pds['envToSecrets'](env))) as Mod
    // PDS.start() listens on every interface; start the sequencer and listen on loopback only.
    await made['ctx'].sequencer.start()
    servers.push(await listen(made['app'], port))
  } catch (e) {
    await stop()
    throw e
  }
  const base = `http://127.0.0.1:${(servers[1]?.address() as { port: number }).port}`

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
  return {
    base,
    xrpc,
    async createAccount(handle, password) {
      const a = await xrpc('com.atproto.server.createAccount', {
        email: `${handle.split('.')[0]}@example.test`,
        handle,
        password,
      })
      return { did: String(a['did']), handle, accessJwt: String(a['accessJwt']) }
    },
    async post(a, text) {
      const record = {
        $type: 'app.bsky.feed.post',
        text,
        createdAt: new Date().toISOString(),
        langs: ['en'],
      }
      const created = await xrpc(
        'com.atproto.repo.createRecord',
        { repo: a.did, collection: 'app.bsky.feed.post', record },
        a.accessJwt,
      )
      const uri = String(created['uri'])
      return { uri, cid: String(created['cid']), rkey: uri.split('/').pop() as string, record }
    },
    async listPosts(did) {
      const r = await fetch(
        `${base}/xrpc/com.atproto.repo.listRecords?repo=${encodeURIComponent(did)}&collection=app.bsky.feed.post`,
      )
      assert.ok(r.ok, `listRecords: ${r.status}`)
      return ((await r.json()) as { records: PdsPostRecord[] }).records
    },
    stop,
  }
}
