/**
 * Password hashing with argon2id (@node-rs/argon2 defaults: m=19 MiB, t=2, p=1, the OWASP minimum).
 */
import { hash, verify } from '@node-rs/argon2'

/** Shortest password accepted for a new account. */
export const MIN_PASSWORD_LENGTH = 10

/** Hashes a password as an argon2id PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 })
}

/** A hash of a random string, verified when the e-mail is unknown so timing does not reveal it. */
let dummy: Promise<string> | undefined

/** Checks a password against a PHC hash; with no hash, burns the same time and answers false. */
export async function verifyPassword(phc: string | undefined, password: string): Promise<boolean> {
  if (!phc) {
    dummy ??= hashPassword('not-a-real-password-' + Math.random())
    await verify(await dummy, password).catch(() => false)
    return false
  }
  try {
    return await verify(phc, password)
  } catch {
    return false
  }
}
