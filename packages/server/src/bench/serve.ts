/**
 * The benchmark's server process: the app on a given database, listening on a free loopback port.
 */
import { openSqliteStore } from '@civicpulse/adapters'
import { createApp } from '../app.js'

const store = await openSqliteStore({ path: process.argv[2] ?? '/tmp/civicpulse-bench.db' })
// BENCH_CACHE_MS=0 measures every aggregate request computed afresh (no shared cache).
const cache = process.env['BENCH_CACHE_MS']
const app = createApp({
  store,
  webDist: false,
  ...(cache !== undefined ? { aggregateCacheMs: Number(cache) } : {}),
})
await app.listen({ port: 0, host: '127.0.0.1' })
const a = app.server.address()
process.stdout.write(`listening on port ${typeof a === 'object' && a ? a.port : 0}\n`)
const stop = async () => {
  await app.close()
  await store.close()
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
