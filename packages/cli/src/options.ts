/**
 * Options shared by every command that reads or writes data: the database path and the port.
 * Only this module reads CIVICPULSE_* variables for the CLI.
 */
import { resolve } from 'node:path'

/** The database path: `--db`, else CIVICPULSE_DB, else ./data/civicpulse.db. */
export function dbPath(flag: string | undefined): string {
  return resolve(flag ?? process.env['CIVICPULSE_DB'] ?? './data/civicpulse.db')
}

/** The HTTP port: `--port`, else CIVICPULSE_PORT, else 8080. */
export function port(flag: string | number | undefined): number {
  const v = flag ?? process.env['CIVICPULSE_PORT'] ?? 8080
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`Invalid port: ${String(v)}`)
  return n
}

/** The interface to listen on: CIVICPULSE_HOST, else 127.0.0.1 (set 0.0.0.0 to serve a network). */
export function host(): string {
  return process.env['CIVICPULSE_HOST'] ?? '127.0.0.1'
}
