/**
 * The decoder contract: bytes of a real export or stream in → post drafts, quarantined records,
 * skips and deletions out. Decoders never throw on bad input: every record becomes exactly one
 * outcome (or several posts when one record holds several, e.g. an X search page or a Reddit
 * Listing).
 */

/** Formats `civicpulse ingest --format` accepts. `auto` detects per file, then per line. */
export const INPUT_FORMATS = [
  'auto',
  'x-v2',
  'mastodon',
  'bluesky-jetstream',
  'reddit',
  'rss',
  'atom',
  'csv',
  'ndjson',
] as const
export type InputFormat = (typeof INPUT_FORMATS)[number]

/** One outcome of decoding (defined in core so the engine can consume it). */
export type { DecodedItem } from '@civicpulse/core'

/** Column mapping for generic CSV / NDJSON: field in our model → column or JSON path in the input. */
export interface FieldMapping {
  id?: string
  text?: string
  createdAt?: string
  author?: string
  authorName?: string
  url?: string
  lang?: string
  lat?: string
  lon?: string
  replyTo?: string
  platform?: string
}

export interface DecodeOptions {
  format: InputFormat
  /** A name for the input, stored with quarantined records (file path or `-`). */
  source: string
  mapping?: FieldMapping | undefined
  /** Keep the raw payload on each draft (`draft.raw`). Default true. */
  keepRaw?: boolean | undefined
}
