/**
 * Benchmarks of Converse and Respond for `npm run bench`, each beside a simple baseline measured in
 * the same run:
 *   themes — contributions/s grouped into themes vs a bare lower-case + split + count loop
 *   sla    — SLA clocks (business hours, holidays, a pause) per second vs a bare `now − createdAt`
 *   outbox — replies/s through the durable SQLite outbox and the Mastodon sender to a local
 *            Mastodon-shaped server vs bare `fetch` POSTs to the same server
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { groupThemes, PRIORITIES, slaState, type Priority, type SlaPolicy } from '@civicpulse/core'
import { ManualClock, syntheticContributions } from '@civicpulse/core/testing'
import { ReplyOutboxProcessor } from '@civicpulse/engine'
import {
  CaseRepository,
  MastodonReplySender,
  loadRespondConfig,
  loadTaxonomy,
  openSqliteStore,
} from '@civicpulse/adapters'
import { startLocalMastodon } from '@civicpulse/adapters/testing'

/** CPU milliseconds of this process while `fn` runs. */
function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage()
  fn()
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000
}

/** Theme grouping of n contributions, and a bare word-count pass over the same texts. */
export function benchThemes(n = 10_000) {
  const { items } = syntheticContributions(n, 11)
  let themes = 0
  const ms = cpuMs(() => {
    themes = groupThemes(items).themes.length
  })
  const counts = new Map<string, number>()
  const baseMs = cpuMs(() => {
    for (const it of items)
      for (const w of it.text.toLowerCase().split(/\W+/)) counts.set(w, (counts.get(w) ?? 0) + 1)
  })
  return { n, themes, cpuMs: ms, perSec: n / (ms / 1000), baselinePerSec: n / (baseMs / 1000) }
}

/** SLA clocks of n open cases under the default policy, and the bare elapsed-time baseline. */
export function benchSla(n = 20_000) {
  const cfg = loadRespondConfig(loadTaxonomy())
  const policy = cfg.policies[cfg.defaultPolicy] as SlaPolicy
  const now = Date.parse('2026-11-25T15:00:00Z')
  const subjects = Array.from({ length: n }, (_, i) => ({
    priority: PRIORITIES[i % 4] as Priority,
    createdAt: now - (i % 30) * 86_400_000 - (i % 97) * 60_000,
    pauses: i % 5 === 0 ? [{ from: now - 3 * 86_400_000, to: now - 2 * 86_400_000 }] : [],
  }))
  let overdue = 0
  const ms = cpuMs(() => {
    for (const s of subjects) if (slaState(s, policy, now).overdue) overdue++
  })
  let sink = 0
  const baseMs = cpuMs(() => {
    for (let r = 0; r < 100; r++) for (const s of subjects) sink += now - s.createdAt
  })
  if (sink < 0) console.log(sink)
  return {
    n,
    overdue,
    perSec: n / (ms / 1000),
    baselinePerSec: (n * 100) / (baseMs / 1000),
  }
}

/** n replies through the SQLite outbox to a local Mastodon-shaped server, then n bare POSTs. */
export async function benchOutbox(n = 300) {
  const masto = await startLocalMastodon()
  const base = masto.url
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-outbox-'))
  const store = await openSqliteStore({ path: join(dir, 'outbox.db') })
  try {
    const outbox = new CaseRepository(store.db).outbox
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'))
    const proc = new ReplyOutboxProcessor({
      store: outbox,
      clock,
      senders: { mastodon: new MastodonReplySender({ baseUrl: base, accessToken: 'bench' }) },
    })
    const t0 = performance.now()
    for (let i = 0; i < n; i++)
      await outbox.enqueue(
        {
          idempotencyKey: `bench-${i}`,
          caseId: String(1 + (i % 50)),
          target: { platform: 'mastodon', account: 'council', inReplyTo: String(1000 + i) },
          text: `Thank you, we are on it (reply ${i}).`,
          createdBy: 'bench',
        },
        clock.now(),
      )
    let sent = 0
    while (sent < n) {
      const r = await proc.runOnce()
      if (r.sent === 0) break
      sent += r.sent
    }
    const ms = performance.now() - t0
    const b0 = performance.now()
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${base}/api/v1/statuses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
        body: JSON.stringify({ status: `Thank you (${i}).`, in_reply_to_id: String(1000 + i) }),
      })
      await res.json()
    }
    const baseMs = performance.now() - b0
    return { n, sent, perSec: sent / (ms / 1000), baselinePerSec: n / (baseMs / 1000) }
  } finally {
    await store.close()
    await masto.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
