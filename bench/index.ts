/**
 * `npm run bench`: every stage's throughput, each beside a simple baseline measured in the same run.
 *   decode   — lines/s per format vs a bare JSON.parse loop over the same lines
 *   label    — posts/s on one core for all labels vs a bare lower-case + split loop
 *   places   — texts/s of place resolution
 *   ingest   — 200k posts in six formats end to end (FTS5 included): without the sieve, then with
 *              labels, then with labels + detection (detection's cost is the difference)
 *   alerts   — p50/p99 from the post that tips a planted spike to its alert in the in-app channel,
 *              embedded mode, live stream at 60× (packages/cli/src/alert-latency.ts), with the
 *              closed-bucket baseline in the same run
 *   themes, sla, outbox — Converse's theme grouping, Respond's SLA clocks and reply outbox
 *              (bench/respond-converse.ts)
 * Options: --posts N (default 200000), --ndjson-million (also the 1M-post NDJSON memory check),
 * --json (one JSON object at the end).
 */
import { benchDecode } from '../packages/adapters/src/decoders/bench.js'
import { benchLabelDetailed } from '../packages/adapters/src/sieve/bench.js'
import { benchPlaces } from '../packages/adapters/src/sieve/places/bench.js'
import { syntheticPosts } from '../packages/adapters/src/sieve/bench.js'
import { benchIngest, benchNdjson, fmt } from './ingest.js'
import { measureAlertLatency, summarise } from '../packages/cli/src/alert-latency.js'
import { benchOutbox, benchSla, benchThemes } from './respond-converse.js'

const args = process.argv.slice(2)
const posts = Number(args[args.indexOf('--posts') + 1] ?? 0) || 200_000
const json = args.includes('--json')
const out: Record<string, unknown> = { node: process.version, date: new Date().toISOString() }
const say = (s: string) => {
  if (!json) console.log(s)
}

say('== decode (100k lines per format)')
const dec = await benchDecode(100_000)
for (const d of dec)
  say(
    `  ${d.format.padEnd(18)} ${Math.round(d.linesPerSecond).toLocaleString('en-GB')} lines/s; bare JSON.parse ${Math.round(d.jsonParseLinesPerSecond).toLocaleString('en-GB')} lines/s; ratio ${d.ratio.toFixed(2)}×`,
  )
out['decode'] = dec

say('== label (all labels, one core)')
const lab = await benchLabelDetailed(20_000)
const texts = syntheticPosts(20_000).map((p) => p.text)
const t0 = process.cpuUsage()
let sink = 0
for (let r = 0; r < 5; r++) for (const t of texts) sink += t.toLowerCase().split(/\W+/).length
const base = (texts.length * 5) / ((process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1e6)
if (sink < 0) console.log(sink)
say(
  `  ${Math.round(lab.cpuPerSec).toLocaleString('en-GB')} posts/s per CPU-second (${Math.round(lab.wallPerSec).toLocaleString('en-GB')} wall); models load in ${Math.round(lab.loadMs)} ms; bare lower-case+split ${Math.round(base).toLocaleString('en-GB')}/s; ratio ${(base / lab.cpuPerSec).toFixed(1)}×`,
)
out['label'] = { ...lab, baselinePerSec: base }

say('== places (gazetteer + point-in-polygon)')
const pl = benchPlaces(200_000)
say(`  ${Math.round(pl).toLocaleString('en-GB')} texts/s`)
out['places'] = pl

say(`== ingest end to end, ${posts.toLocaleString('en-GB')} posts in six formats (FTS5 on)`)
const bare = await benchIngest(posts, ['--no-label'])
say(`  without the sieve: ${fmt(bare)}`)
const labelled = await benchIngest(posts, ['--no-detect'])
say(`  with labels:       ${fmt(labelled)}`)
const full = await benchIngest(posts, [])
say(`  labels + detect:   ${fmt(full)}`)
const detectCost = full.seconds / labelled.seconds - 1
say(`  detection adds ${(detectCost * 100).toFixed(1)}% to ingest time`)
out['ingest'] = { bare, labelled, full, detectCost }

say('== alert latency, embedded mode (tipping post handed to ingest → alert in the in-app channel)')
const latEarly = await measureAlertLatency({ spikes: 6, early: true })
const latClosed = await measureAlertLatency({ spikes: 6, early: false })
// The closed-bucket baseline's tipping post is the one at which the open bucket would have fired.
const tipping = new Map(latEarly.alerts.map((a) => [a.match, a.knownAt]))
const sEarly = summarise(latEarly)
const sClosed = summarise(latClosed, (a) => tipping.get(a.match) ?? a.knownAt - 5 * 60_000)
const ms = (x: number) => `${Math.round(x).toLocaleString('en-GB')} ms`
say(
  `  open-bucket judging: ${sEarly.alerts} alerts (${sEarly.knownAtClose} known only at a bucket's close); p50 ${ms(sEarly.realP50)}, p99 ${ms(sEarly.realP99)} (target p99 < 2,000 ms)`,
)
say(
  `  closed buckets only (baseline): ${sClosed.alerts} alerts; p50 ${ms(sClosed.realP50)}, p99 ${ms(sClosed.realP99)} in real time (waiting for the bucket to close), processing alone p99 ${ms(sClosed.wallP99)}`,
)
out['alertLatency'] = {
  early: { ...sEarly, run: latEarly },
  closed: { ...sClosed, run: latClosed },
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-GB')
say('== Converse: theme grouping (10,000 synthetic contributions, one core)')
const th = benchThemes(10_000)
say(
  `  ${n0(th.perSec)} contributions/s (${n0(th.cpuMs)} ms CPU, ${th.themes} themes; target < 5,000 ms); bare word count ${n0(th.baselinePerSec)}/s; ratio ${(th.baselinePerSec / th.perSec).toFixed(1)}×`,
)
out['themes'] = th
say('== Respond: SLA clocks (business hours, bank holidays, pauses)')
const sla = benchSla(20_000)
say(
  `  ${n0(sla.perSec)} cases/s (${sla.overdue} of ${n0(sla.n)} overdue); bare now − createdAt ${n0(sla.baselinePerSec)}/s; ratio ${(sla.baselinePerSec / sla.perSec).toFixed(0)}×`,
)
out['sla'] = sla
say('== Respond: reply outbox (SQLite outbox → Mastodon sender → local server)')
const ob = await benchOutbox(300)
say(
  `  ${n0(ob.perSec)} replies/s (${ob.sent} of ${ob.n} sent); bare fetch POSTs ${n0(ob.baselinePerSec)}/s; ratio ${(ob.baselinePerSec / ob.perSec).toFixed(1)}×`,
)
out['outbox'] = ob

if (args.includes('--ndjson-million')) {
  say('== ingest of a 1M-post NDJSON file (bounded memory; without the sieve)')
  const big = await benchNdjson(1_000_000)
  say(`  ${fmt(big)}`)
  out['million'] = big
}
if (json) console.log(JSON.stringify(out))
