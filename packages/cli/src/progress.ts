/**
 * Progress for long-running commands: a bar with rate on a terminal (stderr), nothing when stderr
 * is not a terminal or the output is JSON.
 */
import cliProgress from 'cli-progress'

export interface Progress {
  update(bytes: number, stored: number, read: number): void
  stop(): void
}

/** Creates a progress reporter over a known total of bytes (0 = unknown, e.g. stdin). */
export function progressReporter(enabled: boolean, totalBytes: number): Progress {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} }
  const started = performance.now()
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: totalBytes
        ? 'ingest [{bar}] {percentage}% | {read} read | {stored} stored | {rate} records/s | ETA {eta}s'
        : 'ingest {read} read | {stored} stored | {rate} records/s',
      hideCursor: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(totalBytes || 1, 0, { read: 0, stored: 0, rate: 0 })
  return {
    update(bytes, stored, read) {
      const secs = (performance.now() - started) / 1000
      bar.update(totalBytes ? Math.min(bytes, totalBytes) : 0, {
        read,
        stored,
        rate: secs > 0 ? Math.round(read / secs) : 0,
      })
    },
    stop() {
      bar.stop()
    },
  }
}
