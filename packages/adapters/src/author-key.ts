/**
 * Pseudonymous author keys: HMAC-SHA256 of `platform:authorId` under a per-database secret, so
 * analytics can count distinct people without holding who they are, and the key cannot be
 * reversed or recomputed without the secret.
 */
import { createHmac } from 'node:crypto'

/** Returns a keyed, memoised author-key function. */
export function authorKeyer(secret: string): (platform: string, authorId: string) => string {
  const cache = new Map<string, string>()
  return (platform, authorId) => {
    const k = `${platform}:${authorId}`
    let v = cache.get(k)
    if (v === undefined) {
      v = createHmac('sha256', secret).update(k).digest('base64url').slice(0, 22)
      if (cache.size > 100_000) cache.clear()
      cache.set(k, v)
    }
    return v
  }
}
