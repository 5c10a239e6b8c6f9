/**
 * Why a record was put in quarantine instead of stored. Codes are stable: they are stored with each
 * quarantined record, counted in `ingest --json` (`byReason`) and documented in
 * docs/reference/quarantine-reasons.md.
 */
export const QUARANTINE_REASONS = {
  MALFORMED_JSON: 'The record is not valid JSON (truncated or corrupted).',
  MALFORMED_XML: 'The feed is not well-formed XML.',
  MALFORMED_CSV: 'The CSV row could not be parsed.',
  INVALID_UTF8: 'The record is not valid UTF-8 text and could not be read safely.',
  UNKNOWN_FORMAT: 'The record matches none of the supported payload formats.',
  WRONG_TYPE: 'A field has the wrong type (for example a number where text is expected).',
  MISSING_FIELD: 'A required field (id, text, author or time) is missing.',
  TOO_LARGE: 'The record is larger than the size limit.',
  BAD_TIMESTAMP: 'The time is missing, unreadable, or too far in the future.',
  INVALID_POST: 'The decoded post failed validation.',
  PLATFORM_ERROR: 'The payload is an error message from the platform, not a post.',
} as const
export type QuarantineReason = keyof typeof QUARANTINE_REASONS

/** A record that could not become a post, kept with its reason and raw bytes. */
export interface QuarantineRecord {
  /** Which input it came from (file path, `-` for standard input, or a source id). */
  source: string
  /** Where in that input (line number, byte offset, item index), when known. */
  position?: string | undefined
  reason: QuarantineReason
  /** A plain-English explanation of what exactly was wrong, for the person reviewing it. */
  message: string
  /** The raw bytes of the record (capped at POST_LIMITS.rawBytes). */
  raw: Uint8Array
}
