/**
 * Runs the SQLite write path on a worker thread with its own connection (WAL allows the main
 * thread to keep reading), so parsing and labelling use one core and SQLite the other. Batches are
 * written strictly in the order they are sent; a failed batch rejects its own promise only.
 */
import { Worker } from 'node:worker_threads'
import type { WriteResult } from '@civicpulse/core'
import type { WireBatch } from './sqlite-writer.js'

type Reply =
  | { id: number; ok: true; result: WriteResult }
  | { id: number; ok: false; message: string }
  | { id: 0; ready: true }

export class WriterWorker {
  private next = 1
  private readonly pending = new Map<
    number,
    { resolve: (r: WriteResult) => void; reject: (e: Error) => void }
  >()

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      if ('ready' in m) return
      const p = this.pending.get(m.id)
      if (!p) return
      this.pending.delete(m.id)
      if (m.ok) p.resolve(m.result)
      else p.reject(new Error(m.message))
    })
    worker.on('error', (e) => this.failAll(e))
    worker.on('exit', (code) => {
      if (this.pending.size)
        this.failAll(new Error(`The database writer thread stopped (exit code ${code}).`))
    })
  }

  /** Starts a writer thread on the database file and waits until it is ready. */
  static async start(path: string): Promise<WriterWorker> {
    const tsx = import.meta.url.endsWith('.ts')
    const entry = new URL(
      tsx ? './sqlite-writer-main.ts' : './sqlite-writer-main.js',
      import.meta.url,
    ).href
    const worker = new Worker(new URL('./sqlite-writer-boot.mjs', import.meta.url), {
      workerData: { path, entry, tsx },
    })
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if ('ready' in m) {
          worker.off('error', reject)
          resolve()
        }
      }
      worker.once('message', onMessage)
      worker.once('error', reject)
    })
    return new WriterWorker(worker)
  }

  write(batch: WireBatch, now: number): Promise<WriteResult> {
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.worker.postMessage({ id, batch, now })
    })
  }

  async close(): Promise<void> {
    this.worker.postMessage({ id: -1 })
    await new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
