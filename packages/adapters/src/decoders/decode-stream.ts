/**
 * The decoder entry point: bytes in, batches of outcomes out. Chooses the framing per file from
 * the first bytes, then decodes line-based inputs (NDJSON, SSE, CSV) chunk by chunk in constant
 * memory, and whole documents (pretty JSON, RSS/Atom) after reading them up to a size cap.
 *
 * It never throws because of the input's content: every record becomes a post, a skip, a delete
 * or a quarantine. Errors raised by the input iterable itself (an unreadable file) do propagate,
 * so the caller can report an I/O error.
 */
import type { DecodeOptions, DecodedItem, InputFormat } from './types.js'
import { DOCUMENT_BATCH, MAX_DOCUMENT_BYTES, MAX_LINE_BYTES, SNIFF_BYTES } from './limits.js'
import { type Line, LineSplitter, firstInvalidUtf8 } from './lines.js'
import { JsonRecordDecoder } from './json-record.js'
import { SseDecoder } from './sse.js'
import { CsvDecoder } from './csv.js'
import { decodeFeed } from './feed-xml.js'
import { type Framing, detectFraming, hasBom } from './sniff.js'
import { isObj } from './fields.js'
import { describeError, guarded, quarantine, truncationHint } from './outcome.js'

const NL = 10

/** Reads the first chunks until the framing can be decided. */
async function readHead(
  it: AsyncIterator<Uint8Array>,
): Promise<{ head: Uint8Array; eof: boolean }> {
  const parts: Uint8Array[] = []
  let size = 0
  let eof = false
  for (;;) {
    const r = await it.next()
    if (r.done) {
      eof = true
      break
    }
    const chunk = r.value
    if (chunk.length === 0) continue
    parts.push(chunk)
    size += chunk.length
    if (size >= SNIFF_BYTES) break
    // Enough once a non-blank line is complete (XML, SSE, CSV and JSON lines are told apart by it).
    if (hasCompleteContentLine(parts)) break
  }
  return { head: concat(parts, size), eof }
}

function hasCompleteContentLine(parts: Uint8Array[]): boolean {
  let content = false
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      const b = p[i] as number
      if (b === NL) {
        if (content) return true
      } else if (b !== 32 && b !== 9 && b !== 13 && b !== 0xef && b !== 0xbb && b !== 0xbf)
        content = true
    }
  }
  return false
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array
  const out = new Uint8Array(size)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** The framing an explicit format implies; `auto` (and JSON platforms) look at the bytes. */
function framingFor(format: InputFormat, head: Uint8Array, eof: boolean): Framing {
  if (format === 'rss' || format === 'atom') return 'xml'
  if (format === 'csv') return 'csv'
  const sniffed = detectFraming(head, eof)
  if (format === 'auto') return sniffed
  if (sniffed === 'sse' && format === 'mastodon') return 'sse'
  return sniffed === 'json-document' ? 'json-document' : 'json-lines'
}

/**
 * Decodes an input (a file or standard input as byte chunks) into batches of outcomes: one batch
 * per input chunk for line formats, batches of up to 1024 for whole documents.
 */
export async function* decodeStream(
  input: AsyncIterable<Uint8Array>,
  opts: DecodeOptions,
): AsyncGenerator<DecodedItem[]> {
  const it = input[Symbol.asyncIterator]()
  const keepRaw = opts.keepRaw ?? true
  const first = await readHead(it)
  const eof = first.eof
  let head = first.head
  if (hasBom(head)) head = head.subarray(3)
  const framing = framingFor(opts.format, head, eof)
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: () => (eof ? Promise.resolve({ done: true, value: undefined }) : it.next()),
      // Stopping early (the consumer breaks) closes the input, e.g. its file descriptor.
      return: async () => {
        if (!eof) await it.return?.()
        return { done: true, value: undefined }
      },
    }),
  }
  if (framing === 'xml' || framing === 'json-document') {
    yield* decodeDocument(head, rest, framing, opts, keepRaw)
    return
  }
  const splitter = new LineSplitter()
  const json = new JsonRecordDecoder(opts.format, opts.mapping)
  let consume: (lines: Line[], out: DecodedItem[]) => void
  let finish: (out: DecodedItem[]) => void = () => undefined
  if (framing === 'sse') {
    const sse = new SseDecoder(json, keepRaw)
    consume = (lines, out) => sse.lines(lines, out)
    finish = (out) => sse.end(out)
  } else if (framing === 'csv') {
    const csv = new CsvDecoder(opts.mapping, keepRaw)
    consume = (lines, out) => csv.lines(lines, out)
    finish = (out) => csv.end(out)
  } else {
    consume = (lines, out) => decodeJsonLines(lines, json, keepRaw, out)
  }
  let out: DecodedItem[] = []
  consume(splitter.push(head), out)
  if (out.length > 0) {
    yield out
    out = []
  }
  for await (const chunk of rest) {
    consume(splitter.push(chunk), out)
    if (out.length > 0) {
      yield out
      out = []
    }
  }
  consume(splitter.end(), out)
  finish(out)
  if (out.length > 0) yield out
}

/** Decodes JSON lines: blank lines are skipped silently; every other line yields ≥ 1 outcome. */
export function decodeJsonLines(
  lines: readonly Line[],
  json: JsonRecordDecoder,
  keepRaw: boolean,
  out: DecodedItem[],
): void {
  for (const l of lines) {
    const position = `line ${l.no}`
    if (l.text === undefined) {
      out.push(
        l.tooLarge !== undefined
          ? quarantine(
              'TOO_LARGE',
              `Line ${l.no} is ${l.tooLarge} bytes, over the ${MAX_LINE_BYTES}-byte limit.`,
              l.bytes,
              position,
            )
          : quarantine('INVALID_UTF8', `Line ${l.no} is not valid UTF-8 text.`, l.bytes, position),
      )
      continue
    }
    const t = l.text
    const c = t.charCodeAt(0)
    if (c !== 123 /* { */ && t.trim() === '') continue
    let v: unknown
    try {
      v = JSON.parse(t)
    } catch (err) {
      out.push(
        quarantine(
          'MALFORMED_JSON',
          `Line ${l.no} is not valid JSON${truncationHint(t, err)}: ${describeError(err)}.`,
          t,
          position,
        ),
      )
      continue
    }
    guarded(
      out,
      position,
      () => t,
      () => json.decode(v, { position, keepRaw, rawText: t }, out),
    )
  }
}

async function* decodeDocument(
  head: Uint8Array,
  rest: AsyncIterable<Uint8Array>,
  framing: 'xml' | 'json-document',
  opts: DecodeOptions,
  keepRaw: boolean,
): AsyncGenerator<DecodedItem[]> {
  const parts: Uint8Array[] = [head]
  let size = head.length
  let over = false
  for await (const chunk of rest) {
    if (over) continue // drain without keeping
    size += chunk.length
    if (size > MAX_DOCUMENT_BYTES) {
      over = true
      continue
    }
    parts.push(chunk)
  }
  if (over) {
    yield [
      quarantine(
        'TOO_LARGE',
        `The document is ${size} bytes, over the ${MAX_DOCUMENT_BYTES}-byte limit for whole-document formats (JSON documents, RSS/Atom); convert it to NDJSON, one record per line.`,
        head,
        'document',
      ),
    ]
    return
  }
  const bytes = concat(parts, size)
  parts.length = 0
  const out: DecodedItem[] = []
  const bad = firstInvalidUtf8(bytes)
  if (bad !== -1) {
    // One bad byte should not cost a whole feed: read with U+FFFD replacement, and say so.
    out.push(
      quarantine(
        'INVALID_UTF8',
        `The document has invalid UTF-8 at byte ${bad}; it was read with replacement characters (U+FFFD) and its records decoded.`,
        bytes.subarray(Math.max(0, bad - 64), bad + 64).slice(),
        `byte ${bad}`,
      ),
    )
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  if (framing === 'xml') {
    const format = opts.format === 'rss' || opts.format === 'atom' ? opts.format : 'auto'
    decodeFeed(text, format, keepRaw, out)
  } else decodeJsonDocument(text, opts, keepRaw, out)
  for (let i = 0; i < out.length; i += DOCUMENT_BATCH) yield out.slice(i, i + DOCUMENT_BATCH)
}

function decodeJsonDocument(
  text: string,
  opts: DecodeOptions,
  keepRaw: boolean,
  out: DecodedItem[],
): void {
  const json = new JsonRecordDecoder(opts.format, opts.mapping)
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (err) {
    // Perhaps NDJSON whose first line is broken: if most lines are JSON objects, decode line by line.
    const lines = text.split('\n')
    let nonBlank = 0
    let objects = 0
    for (const l of lines) {
      const t = l.trim()
      if (t === '') continue
      nonBlank++
      if (t[0] !== '{' && t[0] !== '[') continue
      try {
        const p: unknown = JSON.parse(t)
        if (isObj(p) || Array.isArray(p)) objects++
      } catch {
        // not a whole value on one line
      }
    }
    if (objects > 0 && objects * 2 >= nonBlank) {
      const splitter = new LineSplitter()
      const enc = new TextEncoder()
      decodeJsonLines([...splitter.push(enc.encode(text)), ...splitter.end()], json, keepRaw, out)
      return
    }
    out.push(
      quarantine(
        'MALFORMED_JSON',
        `The JSON document is not valid JSON${truncationHint(text, err)}: ${describeError(err)}.`,
        text,
        'document',
      ),
    )
    return
  }
  guarded(
    out,
    'document',
    () => text,
    () => json.decode(v, { position: 'document', keepRaw, rawText: text }, out),
  )
}
