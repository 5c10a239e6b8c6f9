/**
 * Typed, forgiving accessors over parsed JSON. Required fields throw a {@link RecordError} with a
 * plain-English message (MISSING_FIELD or WRONG_TYPE); optional fields of the wrong type are
 * ignored. Ids are kept as exact strings: a JSON number id is accepted only when it is a safe
 * integer, or when its digits can be read back exactly from the raw record text.
 */
import { RecordError } from './outcome.js'

/** A parsed JSON object. */
export type Obj = Record<string, unknown>

/** True for a plain JSON object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Names the JSON type of a value for messages ("a number (42)", "null", "an object"). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  switch (typeof v) {
    case 'number':
      return `a number (${String(v)})`
    case 'boolean':
      return `a boolean (${String(v)})`
    case 'object':
      return 'an object'
    case 'string':
      return 'text'
    default:
      return typeof v
  }
}

/** A required text field; `what` names it for the message (e.g. "the X tweet's `text`"). */
export function reqStr(o: Obj, key: string, what: string): string {
  const v = o[key]
  if (typeof v === 'string') return v
  if (v === undefined || v === null) throw new RecordError('MISSING_FIELD', `${what} is missing.`)
  throw new RecordError('WRONG_TYPE', `${what} should be text but is ${describeValue(v)}.`)
}

/** An optional text field: undefined when absent, null, empty or of another type. */
export function optStr(o: Obj | undefined, key: string): string | undefined {
  const v = o?.[key]
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** An optional object field. */
export function optObj(o: Obj | undefined, key: string): Obj | undefined {
  const v = o?.[key]
  return isObj(v) ? v : undefined
}

/** An optional array field (empty array when absent or of another type). */
export function optArr(o: Obj | undefined, key: string): unknown[] {
  const v = o?.[key]
  return Array.isArray(v) ? v : []
}

/** An optional non-negative integer (metrics); floats are rounded, negatives dropped. */
export function optCount(o: Obj | undefined, key: string): number | undefined {
  const v = o?.[key]
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v)
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v)
  return undefined
}

/**
 * Reads an id given as a JSON number without losing digits: finds `"key": 123…` in the raw text.
 * Returns undefined when the key appears with a number more than once (ambiguous) or not at all.
 */
function recoverNumberId(rawText: string | undefined, key: string): string | undefined {
  if (!rawText) return undefined
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const re = new RegExp(`"${escaped}"\\s*:\\s*(-?\\d+)(?![\\d.eE])`, 'g')
  let found: string | undefined
  for (const m of rawText.matchAll(re)) {
    if (found !== undefined) return undefined
    found = m[1]
  }
  return found
}

/**
 * An id as an exact string. Accepts text, or a JSON number when it is a safe integer or its digits
 * can be recovered from `rawText`; a larger number would already have lost digits in JSON.parse.
 */
export function toId(v: unknown, what: string, rawText?: string, key?: string): string {
  if (typeof v === 'string') {
    if (v.trim() === '') throw new RecordError('MISSING_FIELD', `${what} is empty.`)
    return v
  }
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return String(v)
    const recovered = key ? recoverNumberId(rawText, key) : undefined
    if (recovered !== undefined) return recovered
    throw new RecordError(
      'WRONG_TYPE',
      `${what} is a number too large to be exact in JavaScript (it reads as ${String(v)}); export ids as text.`,
    )
  }
  if (v === undefined || v === null) throw new RecordError('MISSING_FIELD', `${what} is missing.`)
  throw new RecordError('WRONG_TYPE', `${what} should be text but is ${describeValue(v)}.`)
}

/** An optional id: undefined when absent/null/empty; same exactness rules as {@link toId}. */
export function optId(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v)
  return undefined
}

/**
 * A time value as the sanitiser accepts it: an ISO-like string as given, or epoch milliseconds.
 * Numbers (and all-digit strings) below 1e11 are taken as epoch seconds (1e11 s is the year 5138,
 * 1e11 ms is 1973), so Reddit's float `created_utc` and Unix timestamps both work.
 */
export function toTime(v: unknown): string | number | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined
    return Math.abs(v) < 1e11 ? Math.round(v * 1000) : Math.round(v)
  }
  if (typeof v === 'string') {
    const s = v.trim()
    if (s === '') return undefined
    if (/^-?\d+(\.\d+)?$/.test(s)) return toTime(Number(s))
    return s
  }
  return undefined
}

/** A finite number from a number or numeric string. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

/** A geo point when both coordinates are finite and in range (out-of-range points are dropped). */
export function geoPoint(
  lat: number | undefined,
  lon: number | undefined,
): { lat: number; lon: number } | undefined {
  if (lat === undefined || lon === undefined) return undefined
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return undefined
  return { lat, lon }
}

/** Pushes a value into a list once (keeps first-seen order). */
export function pushUnique(list: string[], v: string | undefined): void {
  if (v !== undefined && v !== '' && !list.includes(v)) list.push(v)
}

/** Builds a metrics object with only the counts that are present; undefined when none are. */
export function metricsOf(m: {
  likes?: number | undefined
  reposts?: number | undefined
  replies?: number | undefined
  quotes?: number | undefined
}): { likes?: number; reposts?: number; replies?: number; quotes?: number } | undefined {
  const r: { likes?: number; reposts?: number; replies?: number; quotes?: number } = {}
  if (m.likes !== undefined) r.likes = m.likes
  if (m.reposts !== undefined) r.reposts = m.reposts
  if (m.replies !== undefined) r.replies = m.replies
  if (m.quotes !== undefined) r.quotes = m.quotes
  return Object.keys(r).length > 0 ? r : undefined
}
