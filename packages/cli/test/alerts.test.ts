import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { applySignal, type Incident } from '@civicpulse/core'
import { Alerter } from '@civicpulse/engine'
import {
  AlertOutboxRepository,
  DetectionRepository,
  channelSender,
  alertRules,
  openSqliteStore,
  verifyWebhook,
  type AlertConfig,
} from '@civicpulse/adapters'
import { tmp } from './helpers.js'

function incident(observed: number, surprise: number): Incident {
  const sig = {
    service: 'waste.missed-collection',
    area: 'E05013717',
    time: Date.parse('2026-07-14T06:00:00Z'),
    observed,
    expected: 2,
    p: 10 ** -surprise,
    surprise,
    score: 0.9,
  }
  return applySignal(
    [],
    sig,
    [{ id: '1', text: 'Bins not collected on Canadian Avenue', time: sig.time }],
    { newId: () => 'inc-1', gapMs: 7_200_000 },
  ).incident
}

test('an incident alerts once per severity through the outbox; a webhook that fails 3 times then succeeds gets exactly one delivery', async () => {
  const t = tmp()
  const seen: { key: string; ok: boolean }[] = []
  const accepted = new Set<string>()
  const secret = 'a-test-secret-of-some-length'
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'])
      const valid = verifyWebhook(
        secret,
        String(req.headers['x-civicpulse-timestamp']),
        String(req.headers['x-civicpulse-signature']),
        body,
        Math.floor(Date.now() / 1000),
      )
      const fail = seen.length < 3
      seen.push({ key, ok: !fail })
      if (fail) {
        res.writeHead(503).end()
        return
      }
      assert.ok(valid, 'signature verifies')
      accepted.add(key)
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  const store = await openSqliteStore({ path: t.db })
  try {
    const config: AlertConfig = {
      channels: { ops: { type: 'webhook', url, secret } },
      rules: [{ id: 'all', minSeverity: 'low', channels: ['ops'] }],
    }
    const outbox = new AlertOutboxRepository(store.db)
    let clock = Date.parse('2026-07-14T06:05:00Z')
    const alerter = new Alerter({
      outbox,
      rules: alertRules(config),
      send: channelSender(config, () => {}),
      baseDelayMs: 10,
      now: () => clock,
    })
    const detections = new DetectionRepository(store.db)
    const inc = incident(12, 5)
    await detections.saveIncident(inc, 'opened')

    assert.equal(await alerter.onIncident(inc), 1)
    // A redelivered or repeated update of the same incident queues nothing new.
    assert.equal(await alerter.onIncident(inc), 0)
    // Delivery: the channel retries inside one attempt (3 HTTP tries), then the outbox retries later.
    for (let i = 0; i < 5 && accepted.size === 0; i++) {
      await alerter.deliver()
      clock += 60_000
    }
    assert.equal(accepted.size, 1)
    assert.equal(seen.filter((s) => s.ok).length, 1, 'exactly one accepted delivery')
    assert.ok(seen.length >= 4)
    assert.equal(
      new Set(seen.map((s) => s.key)).size,
      1,
      'the same idempotency key on every attempt',
    )
    assert.equal(await alerter.deliver(), 0, 'nothing left to deliver')

    // A rise in severity is a new alert; the same severity again is not.
    const worse = { ...inc, severity: 'critical' as const }
    assert.equal(await alerter.onIncident(worse), 1)
    assert.equal(await alerter.onIncident(worse), 0)
    assert.equal(
      await alerter.onIncident(inc),
      0,
      'a fall back to a lower severity does not alert again',
    )
  } finally {
    server.close()
    await store.close()
    t.done()
  }
})
