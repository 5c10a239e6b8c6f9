/** Helpers for CLI tests: run the real `civicpulse` binary in a child process. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const BIN = resolve(import.meta.dirname, '../bin/civicpulse.js')
export const FIXTURES = resolve(import.meta.dirname, '../../adapters/src/decoders/fixtures')

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `civicpulse ...args` with optional standard input. */
export function run(
  args: string[],
  opts: { stdin?: string | Buffer; env?: Record<string, string> } = {},
): Promise<RunResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...opts.env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', rej)
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(opts.stdin ?? '')
  })
}

/** A temporary folder removed by `done()`. */
export function tmp(): { dir: string; db: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cp-cli-'))
  return { dir, db: join(dir, 'c.db'), done: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The last line of stdout parsed as JSON. */
export function lastJson<T = Record<string, unknown>>(r: RunResult): T {
  const lines = r.stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T
}
