/**
 * The writer thread's entry point: opens its own connection to the (already migrated) database
 * and applies batches in order. See sqlite-writer-thread.ts.
 */
import { parentPort, workerData } from 'node:worker_threads'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../schema.js'
import { SqliteWriter, type WireBatch } from './sqlite-writer.js'

const port = parentPort
if (!port) throw new Error('sqlite-writer-main runs only as a worker thread.')
const raw = new BetterSqlite3((workerData as { path: string }).path)
raw.pragma('journal_mode = WAL')
raw.pragma('synchronous = NORMAL')
raw.pragma('busy_timeout = 10000')
raw.pragma('cache_size = -65536')
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
const writer = new SqliteWriter(raw, db)

port.on('message', (m: { id: number; batch?: WireBatch; now?: number }) => {
  if (m.id === -1) {
    raw.close()
    port.close()
    return
  }
  try {
    const result = writer.write(m.batch!, m.now!)
    port.postMessage({ id: m.id, ok: true, result })
  } catch (e: unknown) {
    port.postMessage({ id: m.id, ok: false, message: (e as Error).message })
  }
})
port.postMessage({ id: 0, ready: true })
