import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import {
  backoffDelay,
  parseRetryAfter,
  sendWebhook,
  verifyWebhook,
  WEBHOOK_HEADERS,
} from './webhook.js'
import { incidentEmail, sendEmail } from './email.js'

interface Received {
  key: string
  body: string
  valid: boolean
}

/** A real HTTP receiver on 127.0.0.1 that fails `failures` times (500, 503 + Retry-After, 429) then accepts, deduplicating by idempotency key. */
async function receiver(secret: string, failures: number) {
  const attempts: Received[] = []
  const accepted = new Map<string, string>()
  let calls = 0
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const key = String(req.headers[WEBHOOK_HEADERS.idempotency] ?? '')
      const valid = verifyWebhook(
        secret,
        req.headers[WEBHOOK_HEADERS.timestamp] as string,
        req.headers[WEBHOOK_HEADERS.signature] as string,
        body,
        Math.floor(Date.now() / 1000),
      )
      attempts.push({ key, body, valid })
      calls++
      if (!valid) return void res.writeHead(401).end()
      if (calls <= failures) {
        const mode = calls % 3
        if (mode === 1) return void res.writeHead(500).end('boom')
        if (mode === 2) return void res.writeHead(503, { 'retry-after': '2' }).end()
        return void res.writeHead(429, { 'retry-after': '1' }).end()
      }
      if (!accepted.has(key)) accepted.set(key, body)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  return { url, attempts, accepted, close: () => new Promise<void>((r) => server.close(() => r())) }
}

test('a receiver that fails 3 times then succeeds gets exactly one accepted delivery, same key on every try', async () => {
  const secret = 's3cret'
  const rx = await receiver(secret, 3)
  const slept: number[] = []
  try {
    const payload = {
      incident: 'inc-1',
      title: 'Missed bin collection in Catford South',
      severity: 'high',
    }
    const r = await sendWebhook({ url: rx.url, secret }, payload, {
      idempotencyKey: 'inc-1:high:r1:webhook',
      sleep: async (ms) => void slept.push(ms),
      random: () => 0.5,
      baseDelayMs: 100,
    })
    assert.equal(r.ok, true)
    assert.equal(r.attempts, 4)
    assert.equal(rx.attempts.length, 4)
    assert.ok(
      rx.attempts.every((a) => a.valid),
      'every attempt is correctly signed',
    )
    assert.deepEqual(new Set(rx.attempts.map((a) => a.key)), new Set(['inc-1:high:r1:webhook']))
    assert.equal(rx.accepted.size, 1)
    assert.deepEqual(JSON.parse(rx.accepted.get('inc-1:high:r1:webhook')!), payload)
    // backoff grows, and Retry-After (2 s, then 1 s) is honoured
    assert.equal(slept.length, 3)
    assert.ok(slept[1]! >= 2000, `503 with Retry-After: 2 waited ${slept[1]} ms`)
    assert.ok(slept[2]! >= 1000)
    // a redelivery of the same alert is dropped by the receiver's dedupe: still one accepted
    const again = await sendWebhook({ url: rx.url, secret }, payload, {
      idempotencyKey: 'inc-1:high:r1:webhook',
      sleep: async () => {},
    })
    assert.equal(again.ok, true)
    assert.equal(rx.accepted.size, 1)
  } finally {
    await rx.close()
  }
})

test('a client error is not retried, and an unreachable receiver gives up after the attempts', async () => {
  const rx = await receiver('right', 0)
  try {
    const r = await sendWebhook(
      { url: rx.url, secret: 'wrong' },
      { a: 1 },
      { idempotencyKey: 'k', sleep: async () => {} },
    )
    assert.equal(r.ok, false)
    assert.equal(r.status, 401)
    assert.equal(r.attempts, 1)
  } finally {
    await rx.close()
  }
  const down = await sendWebhook(
    { url: rx.url, secret: 'x' },
    { a: 1 },
    { idempotencyKey: 'k', maxAttempts: 3, sleep: async () => {}, timeoutMs: 2000 },
  )
  assert.equal(down.ok, false)
  assert.equal(down.attempts, 3)
  assert.match(down.error ?? '', /could not be reached/)
})

test('backoff is exponential, capped and jittered; Retry-After parses seconds and dates', () => {
  const d = [1, 2, 3, 4, 10].map((n) => backoffDelay(n, 500, 8000, () => 1))
  assert.deepEqual(d, [500, 1000, 2000, 4000, 8000])
  assert.equal(
    backoffDelay(3, 500, 8000, () => 0),
    1000,
  )
  assert.equal(parseRetryAfter('3', 0), 3000)
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000)
  assert.equal(parseRetryAfter(null, 0), undefined)
})

test('e-mail reaches a real SMTP sink on 127.0.0.1', async () => {
  const received: { from: string; to: string[]; data: string }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.server.address() as AddressInfo).port
  try {
    const mail = incidentEmail({
      id: 'inc-1',
      title: 'Missed bin collection in Catford South',
      severity: 'high',
      service: 'Waste collection',
      areas: ['Catford South'],
      startedAt: Date.UTC(2026, 2, 2, 7),
      observed: 37,
      expected: 3,
    })
    const r = await sendEmail(
      { host: '127.0.0.1', port, ignoreTLS: true },
      {
        from: 'alerts@civicpulse.test',
        to: ['waste-team@council.test'],
        ...mail,
        idempotencyKey: 'inc-1:high:r1:email',
      },
    )
    assert.deepEqual(r.accepted, ['waste-team@council.test'])
    assert.equal(received.length, 1)
    assert.equal(received[0]!.from, 'alerts@civicpulse.test')
    assert.deepEqual(received[0]!.to, ['waste-team@council.test'])
    assert.match(received[0]!.data, /Subject: \[high\] Missed bin collection in Catford South/)
    assert.match(received[0]!.data, /37 reports, usually 3/)
    assert.match(received[0]!.data, /X-CivicPulse-Alert-Key: inc-1:high:r1:email/i)
  } finally {
    await new Promise<void>((r) => server.close(() => r()))
  }
})
