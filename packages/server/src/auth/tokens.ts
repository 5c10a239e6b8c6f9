/**
 * Random secrets for session cookies, CSRF tokens and API tokens, and the hash under which the
 * server stores them (the database never holds a usable cookie or token).
 */
import { createHash, randomBytes } from 'node:crypto'

/** A 256-bit random value, base64url. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url')
}

/** SHA-256 hex of a secret, as stored. */
export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex')
}
