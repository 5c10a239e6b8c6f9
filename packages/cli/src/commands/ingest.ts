/**
 * `civicpulse ingest FILE...` — streams real exports (X, Mastodon, Bluesky Jetstream, Reddit,
 * RSS/Atom, CSV, NDJSON) into the store: decoded, sanitised, de-duplicated, searchable; anything
 * unreadable goes to the quarantine with its reason. Constant memory for any size of input.
 */
import { createReadStream, statSync } from 'node:fs'
import { Option, type Command } from 'commander'
import { AppError, type Clock } from '@civicpulse/core'
import { MemoryBus, runIngest, type IngestSummary } from '@civicpulse/engine'
import {
  INPUT_FORMATS,
  decodeStream,
  type FieldMapping,
  type InputFormat,
} from '@civicpulse/adapters'
import { dbPath } from '../options.js'
import { openPipeline } from '../compose.js'
import { progressReporter } from '../progress.js'

interface IngestFlags {
  format: InputFormat
  db?: string
  json?: boolean
  mapping?: string
  raw: boolean
  label: boolean
  detect: boolean
}

/** Registers the command. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('Read posts from files (or - for standard input) into the database.')
    .argument('<files...>', 'files to read; - reads standard input')
    .addOption(
      new Option('--format <format>', 'input format').choices(INPUT_FORMATS).default('auto'),
    )
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option(
      '--mapping <json>',
      'CSV/NDJSON column mapping as JSON, e.g. {"id":"tweet_id","text":"body"}',
    )
    .option('--no-raw', 'do not keep the original payload of each post')
    .option('--no-label', 'store posts without running the sieve (no labels, no detection)')
    .option('--no-detect', 'label posts but do not run early-warning detection')
    .option('--json', 'print one JSON summary object at the end')
    .action(async (files: string[], flags: IngestFlags) => {
      const mapping = parseMapping(flags.mapping)
      const sizes = files.map((f) => {
        if (f === '-') return 0
        try {
          const st = statSync(f)
          if (!st.isFile()) throw new AppError('INPUT_UNREADABLE', `${f} is not a file.`)
          return st.size
        } catch (e: unknown) {
          if (e instanceof AppError) throw e
          throw new AppError(
            'INPUT_UNREADABLE',
            `Cannot read ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`,
            { cause: e },
          )
        }
      })
      const pipeline = await openPipeline({
        dbPath: dbPath(flags.db),
        label: flags.label,
        detect: flags.label && flags.detect,
      })
      const store = pipeline.store
      const total: IngestSummary = {
        read: 0,
        accepted: 0,
        duplicates: 0,
        quarantined: 0,
        skipped: 0,
        deleted: 0,
        byReason: {},
        seconds: 0,
      }
      const progress = progressReporter(
        !flags.json,
        sizes.reduce((a, b) => a + b, 0),
      )
      const started = performance.now()
      try {
        const authorKey = pipeline.authorKey
        const clock: Clock = { now: () => Date.now() }
        let bytesBefore = 0
        for (const [i, file] of files.entries()) {
          let bytes = 0
          const input =
            file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 })
          const counted = (async function* () {
            for await (const chunk of input as AsyncIterable<Buffer>) {
              bytes += chunk.length
              yield chunk as Uint8Array
            }
          })()
          const s = await runIngest({
            items: decodeStream(counted, {
              format: flags.format,
              source: file,
              mapping,
              keepRaw: flags.raw,
            }),
            source: file,
            store,
            bus: new MemoryBus(),
            clock,
            authorKey,
            keepRaw: flags.raw,
            labeller: pipeline.labeller,
            afterStore: pipeline.afterStore,
            onProgress: (p) =>
              progress.update(
                bytesBefore + bytes,
                total.accepted + p.accepted,
                total.read + p.read,
              ),
          })
          bytesBefore += sizes[i] ?? bytes
          add(total, s)
        }
      } catch (e: unknown) {
        if (!(e instanceof AppError)) {
          const err = e as NodeJS.ErrnoException
          if (err?.code && /^E[A-Z]+$/.test(err.code))
            throw new AppError('INPUT_UNREADABLE', `Reading the input failed: ${err.message}`, {
              cause: e,
            })
        }
        throw e
      } finally {
        progress.stop()
        await pipeline.close()
      }
      total.seconds = Math.round((performance.now() - started) / 10) / 100
      if (flags.json) {
        process.stdout.write(JSON.stringify(total) + '\n')
      } else {
        const rate = total.seconds > 0 ? Math.round(total.read / total.seconds) : total.read
        const lines = [
          `Read ${total.read} records in ${total.seconds} s (${rate}/s).`,
          `  stored:      ${total.accepted}`,
          `  duplicates:  ${total.duplicates} (already stored)`,
          `  quarantined: ${total.quarantined}${total.quarantined ? ` — see \`civicpulse quarantine list\`` : ''}`,
          ...Object.entries(total.byReason).map(([r, n]) => `      ${r}: ${n}`),
          `  skipped:     ${total.skipped} (not posts: likes, follows, heartbeats…)`,
        ]
        if (total.deleted)
          lines.push(`  deleted:     ${total.deleted} (the platform reported them deleted)`)
        process.stdout.write(lines.join('\n') + '\n')
      }
    })
}

function add(t: IngestSummary, s: IngestSummary): void {
  t.read += s.read
  t.accepted += s.accepted
  t.duplicates += s.duplicates
  t.quarantined += s.quarantined
  t.skipped += s.skipped
  t.deleted += s.deleted
  for (const [k, v] of Object.entries(s.byReason)) t.byReason[k] = (t.byReason[k] ?? 0) + v
}

function parseMapping(s: string | undefined): FieldMapping | undefined {
  if (!s) return undefined
  try {
    const v = JSON.parse(s) as unknown
    if (
      !v ||
      typeof v !== 'object' ||
      Array.isArray(v) ||
      Object.values(v).some((x) => typeof x !== 'string')
    )
      throw new Error('not an object of strings')
    return v as FieldMapping
  } catch (e: unknown) {
    throw new AppError(
      'USAGE_INVALID',
      `--mapping must be a JSON object of field → column name (${(e as Error).message}).`,
    )
  }
}
