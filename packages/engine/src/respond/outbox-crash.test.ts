import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { JsonFileReplyOutbox } from './file-outbox.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const T0 = Date.parse('2026-01-05T09:00:00Z')

/** A Mastodon-shaped server that honours Idempotency-Key the way Mastodon does (same key → same status). */
function mastodon(): Promise<{
  server: Server
  url: string
  created: () => number
  posts: () => number
}> {
  const byKey = new Map<string, Record<string, unknown>>()
  let posts = 0
  let seq = 110000000000000000n
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      posts++
      const key = String(req.headers['idempotency-key'] ?? '')
      let status = key ? byKey.get(key) : undefined
      if (!status) {
        const p = JSON.parse(body) as { status: string; in_reply_to_id: string }
        const id = String(++seq)
        status = {
          id,
          created_at: new Date(T0).toISOString(),
          in_reply_to_id: p.in_reply_to_id,
          content: `<p>${p.status}</p>`,
          url: `http://127.0.0.1/@council/${id}`,
          visibility: 'public',
        }
        if (key) byKey.set(key, status)
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(status))
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        created: () => byKey.size,
        posts: () => posts,
      })
    })
  })
}

function runChild(
  file: string,
  url: string,
  mode: 'crash' | 'run',
  now: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(HERE, 'outbox-crash.child.ts'), file, url, mode, String(now)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve({ code, signal, out }))
  })
}

test(
  'a reply is delivered exactly once when the sending process is killed between send and acknowledgement',
  { timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-outbox-'))
    const file = join(dir, 'outbox.json')
    const srv = await mastodon()
    try {
      const store = new JsonFileReplyOutbox(file)
      const { item } = await store.enqueue(
        {
          idempotencyKey: 'cp-test-key-1',
          caseId: '1',
          target: { platform: 'mastodon', account: 'council', inReplyTo: '1100' },
          text: 'Thanks, fixed today.',
          createdBy: 'ana',
        },
        T0,
      )

      const first = await runChild(file, srv.url, 'crash', T0)
      assert.equal(first.signal, 'SIGKILL', 'the child was killed mid-send')
      assert.equal(srv.created(), 1, 'the platform got the reply')
      const afterCrash = await new JsonFileReplyOutbox(file).get(item.id)
      assert.equal(
        afterCrash?.status,
        'sending',
        'the claim reached the disk, the acknowledgement did not',
      )

      // Restarted too soon: the claim is not stale yet, nothing is sent.
      const early = await runChild(file, srv.url, 'run', T0 + 1000)
      assert.equal(early.code, 0)
      assert.deepEqual(JSON.parse(early.out), {
        sent: 0,
        retried: 0,
        failed: 0,
        uncertain: 0,
        skipped: 0,
      })

      // Restarted after the stale window: resent with the same key, the platform returns the same status.
      const second = await runChild(file, srv.url, 'run', T0 + 5 * 60_000)
      assert.equal(second.code, 0)
      assert.equal(JSON.parse(second.out).sent, 1)
      const done = await new JsonFileReplyOutbox(file).get(item.id)
      assert.equal(done?.status, 'sent')
      assert.equal(done?.attempts, 2)
      assert.equal(srv.created(), 1, 'exactly one reply exists on the platform')
      assert.equal(srv.posts(), 2)

      // Later runs do nothing.
      const third = await runChild(file, srv.url, 'run', T0 + 60 * 60_000)
      assert.equal(JSON.parse(third.out).sent, 0)
      assert.equal(srv.posts(), 2)
    } finally {
      srv.server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
)
