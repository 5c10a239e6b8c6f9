/**
 * The scheduled digest e-mail against a real local SMTP sink (smtp-server on 127.0.0.1) and a real
 * SQLite file: one e-mail per finished period, none twice across a restart, a missed period sent
 * once on start; the period boundaries follow the configured day, time and zone (DST included).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'
import { latestPeriod, nextBoundary } from '@civicpulse/engine'
import { chromiumPath, loadDigestConfig, openSqliteStore } from '@civicpulse/adapters'
import { digestScheduler } from './digest-schedule.js'

interface Mail {
  to: string[]
  data: string
}

const dir = mkdtempSync(join(tmpdir(), 'civicpulse-digest-'))
const received: Mail[] = []
let smtp: SMTPServer
let port = 0

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 20 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          // header lines unfolded
          data: Buffer.concat(chunks)
            .toString('utf8')
            .replace(/\r\n[ \t]+/g, ' '),
        })
        callback()
      })
    },
  })
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()))
  port = (smtp.server.address() as AddressInfo).port
})

after(async () => {
  await new Promise<void>((r) => smtp.close(() => r()))
  rmSync(dir, { recursive: true, force: true })
})

const MON = '2026-07-20T08:00:00+01:00' // a Monday, 08:00 London (BST)

test('periods end on the configured day and local time, across a clock change', () => {
  const s = { every: 'weekly' as const, day: 1, time: '08:00', timeZone: 'Europe/London' }
  const p = latestPeriod(Date.parse('2026-07-22T12:00:00Z'), s)
  assert.equal(new Date(p.toMs).toISOString(), '2026-07-20T07:00:00.000Z')
  assert.equal(new Date(p.fromMs).toISOString(), '2026-07-13T07:00:00.000Z')
  // The week the clocks go back (25 October 2026): 08:00 BST, then 08:00 GMT.
  const q = latestPeriod(Date.parse('2026-10-27T12:00:00Z'), s)
  assert.equal(new Date(q.fromMs).toISOString(), '2026-10-19T07:00:00.000Z')
  assert.equal(new Date(q.toMs).toISOString(), '2026-10-26T08:00:00.000Z')
  assert.equal(
    new Date(nextBoundary(Date.parse('2026-07-22T12:00:00Z'), s)).toISOString(),
    '2026-07-27T07:00:00.000Z',
  )
  const daily = latestPeriod(Date.parse('2026-07-22T06:00:00Z'), { ...s, every: 'daily' })
  assert.equal(new Date(daily.toMs).toISOString(), '2026-07-21T07:00:00.000Z')
  assert.equal(daily.toMs - daily.fromMs, 86_400_000)
})

test(
  'one e-mail per period, none twice across a restart, a missed period sent once on start',
  { timeout: 120_000 },
  async () => {
    const cfgPath = join(dir, 'digest.yaml')
    writeFileSync(
      cfgPath,
      [
        'schedule: { every: weekly, day: monday, time: "08:00", timeZone: Europe/London }',
        `smtp: { host: 127.0.0.1, port: ${port}, ignoreTLS: true }`,
        'from: "Civic Pulse <digest@council.example>"',
        'to: [comms@council.example, parks@council.example]',
        'link: https://civicpulse.council.example',
      ].join('\n'),
    )
    const config = loadDigestConfig(cfgPath)
    const dbPath = join(dir, 'digest.db')
    let now = Date.parse(MON) + 3_600_000 // an hour after the period ended

    const run = async (): Promise<void> => {
      const store = await openSqliteStore({ path: dbPath })
      try {
        const s = digestScheduler({
          db: store.db,
          config,
          now: () => now,
          labels: {},
          onError: (e) => assert.fail(e as Error),
        })
        await s.runDue()
        await s.stop()
      } finally {
        await store.close()
      }
    }

    await run()
    assert.equal(received.length, 1, 'the period that just ended is sent')
    const first = received[0]!
    assert.deepEqual(first.to.sort(), ['comms@council.example', 'parks@council.example'])
    assert.match(
      first.data,
      /Subject: Civic Pulse digest: 13 Jul 2026, 08:00 to 20 Jul 2026,\s+08:00/,
    )
    assert.match(first.data, /text\/html/)
    assert.match(first.data, /X-CivicPulse-Digest-Period: weekly:2026-07-13T07:00:00.000Z/i)
    assert.match(first.data, /reports\/digest\.pdf/)
    if (chromiumPath()) {
      assert.match(first.data, /Content-Type: application\/pdf/)
      assert.match(first.data, /filename=civicpulse-digest-2026-07-13\.pdf/)
    }

    // A restart in the same period sends nothing.
    now += 2 * 86_400_000
    await run()
    assert.equal(received.length, 1, 'not sent twice across a restart')

    // Down for two weeks: on start, only the latest finished period is sent, once.
    now = Date.parse('2026-08-03T09:30:00+01:00')
    await run()
    await run()
    assert.equal(received.length, 2)
    assert.match(received[1]!.data, /weekly:2026-07-27T07:00:00.000Z\/2026-08-03T07:00:00.000Z/)

    const store = await openSqliteStore({ path: dbPath })
    try {
      const rows = await store.db.selectFrom('digest_sends').selectAll().execute()
      assert.equal(rows.length, 2)
      assert.ok(rows.every((r) => r.recipients === 2))
    } finally {
      await store.close()
    }
  },
)

test('a bad configuration is refused with every problem listed', () => {
  const p = join(dir, 'bad.yaml')
  writeFileSync(p, 'schedule: { day: someday, time: "25:00" }\nfrom: x\nto: []\n')
  assert.throws(
    () => loadDigestConfig(p),
    (e: Error) =>
      /schedule\.day/.test(e.message) &&
      /schedule\.time/.test(e.message) &&
      /smtp/.test(e.message) &&
      /to/.test(e.message),
  )
})
