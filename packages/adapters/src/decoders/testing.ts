/**
 * Test helpers for the decoders: decode a whole input into one list of outcomes, read fixtures.
 * Used by the `*.test.ts` files beside it; not part of the package's public surface.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeStream } from './decode-stream.js'
import type { DecodeOptions, DecodedItem, InputFormat } from './types.js'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

/** The bytes of a fixture file in `decoders/fixtures/`. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)))
}

/** Splits bytes into chunks of `size` (to test chunk boundaries). */
export async function* chunked(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size)
    yield bytes.subarray(i, Math.min(bytes.length, i + size))
}

/** Decodes a whole input (text or bytes) and returns every outcome, in order. */
export async function decodeAll(
  input: string | Uint8Array,
  format: InputFormat = 'auto',
  extra: Partial<DecodeOptions> = {},
  chunkSize = 64 * 1024,
): Promise<DecodedItem[]> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  const out: DecodedItem[] = []
  for await (const batch of decodeStream(chunked(bytes, chunkSize), {
    format,
    source: 'test',
    keepRaw: false,
    ...extra,
  })) {
    out.push(...batch)
  }
  return out
}

/** The drafts of the post outcomes. */
export function posts(items: DecodedItem[]) {
  return items.flatMap((i) => (i.kind === 'post' ? [i.draft] : []))
}

/** A compact `kind[:reason]` list, handy for asserting the outcome sequence. */
export function kinds(items: DecodedItem[]): string[] {
  return items.map((i) => (i.kind === 'quarantine' ? `quarantine:${i.reason}` : i.kind))
}
