/**
 * Reply-account credentials at rest: AES-256-GCM (node:crypto) with a fresh 96-bit nonce per
 * value and the account (`platform:account`) as associated data, so a sealed value cannot be
 * moved to another account. The key comes from `CIVICPULSE_SECRET_KEY` when set (any string,
 * hashed to 32 bytes with SHA-256), else from a random per-database key kept in the `meta` table
 * beside the author-key secret.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

const PREFIX = 'enc:v1:'

/** True when a stored value is sealed (older rows hold plain JSON). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX)
}

/** The 32-byte key from a configured secret or the per-database hex key. */
export function credentialKey(secret: string): Buffer {
  return createHash('sha256').update(`civicpulse:credentials:${secret}`).digest()
}

/** Seals a credentials object: `enc:v1:<nonce>:<tag>:<ciphertext>` (base64url). */
export function sealCredentials(
  key: Buffer,
  account: string,
  credentials: Record<string, string>,
): string {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, iv)
  c.setAAD(Buffer.from(account, 'utf8'))
  const body = Buffer.concat([c.update(JSON.stringify(credentials), 'utf8'), c.final()])
  const b = (x: Buffer) => x.toString('base64url')
  return `${PREFIX}${b(iv)}:${b(c.getAuthTag())}:${b(body)}`
}

/** Why sealed credentials cannot be read. */
export class CredentialsUnreadable extends Error {
  override readonly name = 'CredentialsUnreadable'
}

/** Opens sealed credentials (or parses an old plain row). */
export function openCredentials(
  key: Buffer,
  account: string,
  stored: string,
): Record<string, string> {
  if (!isSealed(stored)) return JSON.parse(stored) as Record<string, string>
  const [iv, tag, body] = stored.slice(PREFIX.length).split(':')
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'))
    d.setAAD(Buffer.from(account, 'utf8'))
    d.setAuthTag(Buffer.from(tag ?? '', 'base64url'))
    const text = Buffer.concat([d.update(Buffer.from(body ?? '', 'base64url')), d.final()])
    return JSON.parse(text.toString('utf8')) as Record<string, string>
  } catch {
    throw new CredentialsUnreadable(
      `The credentials of ${account} cannot be decrypted: the key differs from the one they were stored with (CIVICPULSE_SECRET_KEY). Enter them again.`,
    )
  }
}
