/**
 * Size limits of the decoders. They bound memory: a line-based input never holds more than one
 * line (plus one input chunk) in memory, a whole-document input never more than one document.
 */
import { POST_LIMITS } from '@civicpulse/core'

/**
 * The largest line (NDJSON/JSONL record, CSV row, SSE event) decoded, in bytes. A 1 MB post text
 * still fits (the sanitiser cuts text to 40k characters); a larger line becomes one TOO_LARGE
 * quarantine and its bytes are skipped up to the next newline, so memory stays bounded.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024

/**
 * The largest whole document (pretty-printed JSON, RSS/Atom XML) read into memory, in bytes.
 * Beyond it the input yields one TOO_LARGE quarantine and the rest is drained unread.
 */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

/** Raw bytes kept with a quarantined record (the store keeps no more than this). */
export const MAX_RAW_BYTES = POST_LIMITS.rawBytes

/** How many outcomes a whole-document decode yields per batch. */
export const DOCUMENT_BATCH = 1024

/** How many bytes of the input are examined to choose the framing (per-file auto-detection). */
export const SNIFF_BYTES = 64 * 1024
