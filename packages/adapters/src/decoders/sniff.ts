/**
 * Per-file auto-detection from the first bytes: which framing the input has (XML document, JSON
 * document, JSON lines, server-sent events, CSV) and, for {@link detectFormat}, which format.
 */
import type { InputFormat } from './types.js'
import { DEFAULT_FIELD_NAMES } from './generic.js'
import { detectJsonKind } from './json-record.js'

/** How the bytes of an input are cut into records. */
export type Framing = 'xml' | 'json-document' | 'json-lines' | 'sse' | 'csv'

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/** True when the bytes start with a UTF-8 byte-order mark. */
export function hasBom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf
}

function firstLine(text: string): { line: string; complete: boolean } {
  const start = text.search(/\S/)
  if (start === -1) return { line: '', complete: false }
  const nl = text.indexOf('\n', start)
  return nl === -1
    ? { line: text.slice(start), complete: false }
    : { line: text.slice(start, nl).replace(/\r$/, ''), complete: true }
}

const SSE_LINE = /^(event|data|id|retry):|^:/
const TEXT_COLUMNS = new Set(DEFAULT_FIELD_NAMES.text.map((n) => n.toLowerCase()))

function looksLikeCsvHeader(line: string): boolean {
  if (!/^[\p{L}\p{N}_ .,;\t"'()/#-]+$/u.test(line)) return false
  const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase())
  return cells.length > 1 || cells.some((c) => TEXT_COLUMNS.has(c))
}

/** Chooses the framing from the first bytes (BOM already removed or not). */
export function detectFraming(sample: Uint8Array, eof: boolean): Framing {
  const text = utf8.decode(hasBom(sample) ? sample.subarray(3) : sample)
  const { line, complete } = firstLine(text)
  const c = line[0]
  if (c === '<') return 'xml'
  if (c === '{' || c === '[') {
    if (!complete && !eof) return 'json-lines' // a first line longer than the sample: NDJSON
    try {
      JSON.parse(line)
      return 'json-lines'
    } catch {
      return complete ? 'json-document' : 'json-lines'
    }
  }
  if (SSE_LINE.test(line)) return 'sse'
  if (looksLikeCsvHeader(line)) return 'csv'
  return 'json-lines'
}

/**
 * Guesses the format of a file from its first bytes (per-file auto-detection): RSS or Atom by the
 * XML root element, Mastodon for an event stream, CSV for a header row, and for JSON the kind of
 * the first record. Returns `auto` when the bytes give no answer (e.g. XML of another kind, or an
 * empty sample); `ndjson` for JSON that matches no platform.
 */
export function detectFormat(sample: Uint8Array): InputFormat {
  const framing = detectFraming(sample, true)
  const text = utf8.decode(hasBom(sample) ? sample.subarray(3) : sample)
  if (text.trim() === '') return 'auto'
  switch (framing) {
    case 'xml': {
      // The first element that is not a declaration, comment, DOCTYPE or processing instruction.
      const m = /<(?![?!])([A-Za-z_][\w.:-]*)/.exec(text)
      const root = m?.[1]
      if (root === 'feed') return 'atom'
      if (root === 'rss' || root === 'rdf:RDF') return 'rss'
      return 'auto'
    }
    case 'sse':
      return 'mastodon'
    case 'csv':
      return 'csv'
    case 'json-lines': {
      const { line } = firstLine(text)
      try {
        return detectJsonKind(JSON.parse(line))
      } catch {
        return guessFromKeys(line)
      }
    }
    case 'json-document':
      try {
        return detectJsonKind(JSON.parse(text))
      } catch {
        return guessFromKeys(text)
      }
  }
}

/** A textual guess for JSON that is cut off in the sample. */
function guessFromKeys(s: string): InputFormat {
  if (/"kind"\s*:\s*"(Listing|t[13])"/.test(s)) return 'reddit'
  if (/"did"\s*:/.test(s) && /"time_us"\s*:/.test(s)) return 'bluesky-jetstream'
  if (
    /"data"\s*:/.test(s) &&
    /"(includes|edit_history_tweet_ids|matching_rules|author_id)"\s*:/.test(s)
  )
    return 'x-v2'
  if (/"account"\s*:/.test(s) && /"content"\s*:/.test(s)) return 'mastodon'
  return 'ndjson'
}
