/**
 * Small deterministic hashing and random-number helpers for the sieve's linear models.
 * FNV-1a keeps feature buckets stable across runs and machines; mulberry32 makes training reproducible.
 */

/** FNV-1a 32-bit offset basis. */
export const FNV_OFFSET = 0x811c9dc5
/** FNV-1a 32-bit prime. */
export const FNV_PRIME = 0x01000193

/** Hashes a string (UTF-16 code units) with FNV-1a from a seed; stable across runs. */
export function fnv1a(s: string, seed: number = FNV_OFFSET): number {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, FNV_PRIME)
  }
  return h >>> 0
}

/** Mixes two 32-bit hashes into one (used for word bigrams and namespaces). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A seeded pseudo-random generator (mulberry32), shared with the detection core. */
export { mulberry32 } from '@civicpulse/core'

/** Shuffles an array in place with a seeded generator (Fisher–Yates). */
export function shuffleInPlace<T>(arr: T[], rand: () => number): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const t = arr[i] as T
    arr[i] = arr[j] as T
    arr[j] = t
  }
  return arr
}
