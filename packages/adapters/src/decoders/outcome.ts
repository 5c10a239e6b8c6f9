/**
 * Small helpers shared by every decoder: a typed error for "this record cannot become a post",
 * quarantine/skip constructors, and the raw-bytes cap.
 */
import type { QuarantineReason } from '@civicpulse/core'
import type { DecodedItem } from './types.js'
import { MAX_RAW_BYTES } from './limits.js'

/**
 * Thrown inside a decoder when one record cannot become a post; the caller turns it into exactly
 * one quarantine outcome. It never escapes `decodeStream`.
 */
export class RecordError extends Error {
  override name = 'RecordError'
  constructor(
    readonly reason: QuarantineReason,
    message: string,
  ) {
    super(message)
  }
}

const encoder = new TextEncoder()

/** Caps raw record bytes at {@link MAX_RAW_BYTES}; strings longer than the cap become bytes. */
export function capRaw(raw: Uint8Array | string): Uint8Array | string {
  if (typeof raw === 'string') {
    // A string of n UTF-16 units takes at most 3n UTF-8 bytes: only encode when it might be over.
    if (raw.length * 3 <= MAX_RAW_BYTES) return raw
    const bytes = encoder.encode(raw)
    return bytes.length <= MAX_RAW_BYTES ? raw : bytes.slice(0, MAX_RAW_BYTES)
  }
  return raw.length <= MAX_RAW_BYTES ? raw : raw.slice(0, MAX_RAW_BYTES)
}

/** A quarantine outcome with its raw bytes capped. */
export function quarantine(
  reason: QuarantineReason,
  message: string,
  raw: Uint8Array | string,
  position: string | undefined,
): DecodedItem {
  return { kind: 'quarantine', reason, message, raw: capRaw(raw), position }
}

/** A skip outcome: a well-formed record that is not a post. */
export function skip(reason: string, position: string | undefined): DecodedItem {
  return { kind: 'skip', reason, position }
}

/** Serialises a parsed record back to JSON for a quarantine, never throwing (deep nesting). */
export function jsonRaw(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return '(the record could not be serialised: it is nested too deeply)'
  }
}

/** Describes an unexpected exception for a quarantine message. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Where a record sits and how to decode it; passed down to each platform decoder. */
export interface RecordContext {
  /** Human position of the record (`line 12`, `document`, `event 3 (line 9)`). */
  position: string
  /** Keep the source object on each draft as `draft.raw`. */
  keepRaw: boolean
  /** The record's raw text (a line, an SSE data field), for quarantines and exact number ids. */
  rawText?: string | undefined
}

/**
 * Runs one record's decoder and guarantees exactly one outcome when it fails: a
 * {@link RecordError} becomes its quarantine; anything unexpected becomes INVALID_POST.
 */
export function guarded(
  out: DecodedItem[],
  position: string | undefined,
  raw: () => Uint8Array | string,
  fn: () => void,
): void {
  const mark = out.length
  try {
    fn()
  } catch (err) {
    out.length = mark // drop partial outcomes of this record: it gets exactly one quarantine
    if (err instanceof RecordError) out.push(quarantine(err.reason, err.message, raw(), position))
    else if (err instanceof RangeError && /call stack/i.test(err.message))
      out.push(
        quarantine(
          'TOO_LARGE',
          'The record is nested too deeply to decode safely.',
          raw(),
          position,
        ),
      )
    else
      out.push(
        quarantine(
          'INVALID_POST',
          `The decoder failed on this record: ${describeError(err)}`,
          raw(),
          position,
        ),
      )
  }
}

/** Says "it ends in the middle of a value" when the parse error is at the very end of the text. */
export function truncationHint(text: string, err: unknown): string {
  const m = /position (\d+)/.exec(describeError(err))
  const pos = m ? Number(m[1]) : -1
  const ended =
    /end of (JSON )?input|Unterminated/i.test(describeError(err)) || pos >= text.trimEnd().length
  return ended ? ' (it is cut off: the text ends in the middle of a value)' : ''
}
