/**
 * Builds a large benchmark database (default 1,000,000 posts over 30 days) straight through
 * better-sqlite3: posts with labels, FTS rows and the m5/h1/d1 series the pipeline would keep.
 * Deterministic (seeded generator). Usage:
 *   node --import tsx packages/server/src/bench/seed-big.ts /tmp/big.db [posts]
 */
import { rmSync } from 'node:fs'
import { openSqliteStore } from '@civicpulse/adapters'
import { addUser } from '../auth/users.js'
import { Q } from '../adapters.js'
import { loadWards } from '../context.js'
import { DEFAULT_WARDS_PATH, loadTaxonomy } from '../adapters.js'

const path = process.argv[2] ?? '/tmp/civicpulse-bench.db'
const N = Number(process.argv[3] ?? 1_000_000)
for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })

let seed = 42
/** mulberry32: a small seeded generator. */
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T

const store = await openSqliteStore({ path })
await addUser(store.db, {
  email: 'bench@example.org',
  password: 'bench-password-1',
  role: 'analyst',
})
const services = loadTaxonomy()
  .services.map((s) => s.code)
  .slice(0, 40)
const wards = [...loadWards(DEFAULT_WARDS_PATH).names.keys()]
const intents = [
  'complaint',
  'complaint',
  'complaint',
  'question',
  'praise',
  'information',
  'other',
  'other',
]
const sents = ['negative', 'negative', 'neutral', 'neutral', 'positive'] as const
const words = [
  'bins',
  'collection',
  'missed',
  'again',
  'street',
  'road',
  'pothole',
  'fly',
  'tipping',
  'rubbish',
  'park',
  'light',
  'broken',
  'council',
  'library',
  'closed',
  'noise',
  'parking',
  'bus',
  'late',
  'graffiti',
  'drain',
  'flood',
  'thanks',
  'great',
  'why',
  'still',
  'week',
]
const END = Date.UTC(2026, 6, 14)
const SPAN = 30 * 86_400_000

const raw = store.raw
raw.pragma('synchronous = OFF')
const ins =
  raw.prepare(`INSERT INTO posts (platform, platform_id, url, author_id, author_handle, author_name, author_key, text, display_text, lang_hint, created_at, received_at,
  hashtags, mentions, links, source, relevant_p, intent, intent_p, service_code, service_p, sentiment, sentiment_score, urgency, lang, ward_code, spam_p, abuse_p, labels, labelled_at, model_version)
  VALUES (?, ?, NULL, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, '[]', '[]', '[]', 'bench', 0.9, ?, 0.8, ?, 0.7, ?, ?, 0.1, 'en', ?, 0.01, ?, ?, ?, 'bench')`)
const fts = raw.prepare('INSERT INTO posts_fts(rowid, display_text) VALUES (?, ?)')
const series = new Map<string, [number, number, number, number]>()
const started = Date.now()
const BATCH = 20_000
for (let done = 0; done < N; done += BATCH) {
  raw.transaction(() => {
    for (let k = done; k < Math.min(N, done + BATCH); k++) {
      // Daily rhythm: more posts in the day than at night.
      let t = END - Math.floor(rnd() * SPAN)
      const hour = new Date(t).getUTCHours()
      if ((hour < 7 || hour > 22) && rnd() < 0.6) t -= 10 * 3_600_000
      const service = rnd() < 0.1 ? null : pick(services)
      const ward = rnd() < 0.4 ? null : pick(wards)
      const intent = pick(intents)
      const sent = pick(sents)
      const text = Array.from({ length: 6 + Math.floor(rnd() * 10) }, () => pick(words)).join(' ')
      const abuse = rnd() < 0.01 ? 0.9 : 0.01
      const labels = JSON.stringify({
        id: String(k),
        intent: { label: intent, p: 0.8 },
        service: { code: service ?? '', name: service ?? '', p: 0.7, top: [] },
        sentiment: { label: sent, score: 0 },
        abuse: { p: abuse },
      })
      const r = ins.run(
        'x',
        `b${k}`,
        `a${k % 50000}`,
        `@user${k % 50000}`,
        `k${k % 50000}`,
        text,
        text,
        t,
        t + 1000,
        intent,
        service,
        sent,
        sent === 'negative' ? -0.5 : sent === 'positive' ? 0.5 : 0,
        ward,
        abuse,
        labels,
        t + 2000,
      )
      fts.run(r.lastInsertRowid, text)
      for (const [res, step] of [
        ['m5', 300_000],
        ['h1', 3_600_000],
        ['d1', 86_400_000],
      ] as const) {
        const key = `${res}|${Math.floor(t / step) * step}|${service ?? ''}|${ward ?? ''}|${intent}`
        const c = series.get(key) ?? [0, 0, 0, 0]
        c[0]++
        c[sent === 'negative' ? 1 : sent === 'neutral' ? 2 : 3]++
        series.set(key, c)
      }
    }
  })()
  if (done % 200_000 === 0)
    process.stderr.write(`${done} posts, ${((Date.now() - started) / 1000).toFixed(0)} s\n`)
}
const sIns = raw.prepare(
  'INSERT INTO series (res, bucket, service_code, ward_code, intent, n, neg, neu, pos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
)
raw.transaction(() => {
  for (const [key, c] of series) {
    const [res, bucket, service, ward, intent] = key.split('|')
    sIns.run(res, Number(bucket), service, ward, intent, ...c)
  }
})()
await Q.rebuildSeriesRollups(store.db)
raw.pragma('synchronous = NORMAL')
process.stderr.write(
  `${N} posts and ${series.size} series rows in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
)
await store.close()
