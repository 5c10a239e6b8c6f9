/**
 * Opaque API ids: a kind prefix plus the row id, base64url-encoded, so clients never build ids
 * from platform ids or row numbers, and an id of one kind is refused as another.
 */

/** Encodes a row id of a kind ('p' for posts) as an opaque id. */
export function encodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url')
}

/** Decodes an opaque id of the given kind; undefined when it is not one. */
export function decodeId(kind: string, opaque: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(opaque)) return undefined
  const s = Buffer.from(opaque, 'base64url').toString('utf8')
  const m = /^([a-z]+):(\d{1,15})$/.exec(s)
  if (!m || m[1] !== kind) return undefined
  return Number(m[2])
}

/** Encodes a pagination cursor (any JSON value) as an opaque string. */
export function encodeCursor(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url')
}

/** Decodes a cursor made by `encodeCursor`; undefined when it is malformed. */
export function decodeCursor<T>(
  s: string | undefined,
  check: (v: unknown) => v is T,
): T | undefined {
  if (!s) return undefined
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
    return check(v) ? v : undefined
  } catch {
    return undefined
  }
}
