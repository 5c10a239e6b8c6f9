/**
 * Fast multi-pattern matching of place names in text: names and texts are cut into normalised tokens
 * (lower case, apostrophes dropped, punctuation as separators, common street abbreviations folded to
 * one form), each token hashed to a 32-bit integer without allocating strings, and a token trie finds
 * the longest name starting at each token (leftmost-longest, like Aho-Corasick over words).
 */

/** Street-type words and their abbreviations, folded to one canonical token on both sides. */
export const ABBREVIATIONS: Record<string, string> = {
  road: 'rd',
  street: 'st',
  str: 'st',
  saint: 'st',
  avenue: 'ave',
  av: 'ave',
  gardens: 'gdns',
  gdn: 'gdns',
  lane: 'ln',
  close: 'cl',
  crescent: 'cres',
  cresc: 'cres',
  drive: 'dr',
  place: 'pl',
  terrace: 'ter',
  terr: 'ter',
  grove: 'gr',
  gro: 'gr',
  square: 'sq',
  court: 'ct',
  park: 'pk',
  parade: 'pde',
  approach: 'app',
  mount: 'mt',
  hill: 'hl',
  green: 'grn',
  gate: 'gt',
}

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** 32-bit FNV-1a of a (lower-case, normalised) token. */
export function hashToken(token: string): number {
  let h = FNV_OFFSET
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), FNV_PRIME)
  return h >>> 0
}

const CANON = new Map<number, number>(
  Object.entries(ABBREVIATIONS).map(([k, v]) => [hashToken(k), hashToken(v)]),
)

/** True for characters that continue a token: ASCII letters and digits, and letters beyond ASCII. */
function isTokenChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && (c < 0x2000 || c > 0x206f) && c !== 0x3000)
  )
}
/** Apostrophes are dropped inside words ("Mildred's" = "Mildreds"). */
function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2018 || c === 0x60
}

let buf = new Uint32Array(1024)

/**
 * Tokenises text (any case) into canonical token hashes; returns how many were written into the shared
 * buffer (valid until the next call). ASCII letters are lower-cased inline; other letters through
 * `toLowerCase` of that character only.
 */
export function tokenHashes(text: string): { hashes: Uint32Array; n: number } {
  if (buf.length < text.length / 2 + 2) buf = new Uint32Array(Math.ceil(text.length / 2) + 16)
  let n = 0
  let h = FNV_OFFSET
  let inTok = false
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c >= 65 && c <= 90) c += 32
    else if (c >= 0xc0 && c < 0x2000) c = String.fromCharCode(c).toLowerCase().charCodeAt(0)
    if (isTokenChar(c)) {
      h = Math.imul(h ^ c, FNV_PRIME)
      inTok = true
    } else if (inTok && isApostrophe(c)) {
      continue
    } else if (inTok) {
      const u = h >>> 0
      buf[n++] = CANON.get(u) ?? u
      h = FNV_OFFSET
      inTok = false
    }
  }
  if (inTok) {
    const u = h >>> 0
    buf[n++] = CANON.get(u) ?? u
  }
  return { hashes: buf, n }
}

/** Canonical token hashes of a name (for building the trie). */
export function nameHashes(name: string): number[] {
  const { hashes, n } = tokenHashes(name)
  return Array.from(hashes.subarray(0, n))
}

interface Node<T> {
  next: Map<number, Node<T>> | undefined
  values: T[] | undefined
}

/** A token trie from names to values; `scan` yields leftmost-longest matches. */
export class TokenTrie<T> {
  private root = new Map<number, Node<T>>()
  /** Number of names added. */
  size = 0

  /** Adds a name; several values may share one name. */
  add(name: string, value: T): void {
    const hs = nameHashes(name)
    if (!hs.length) return
    let level = this.root
    let node: Node<T> | undefined
    for (const h of hs) {
      node = level.get(h)
      if (!node) {
        node = { next: undefined, values: undefined }
        level.set(h, node)
      }
      level = node.next ??= new Map()
    }
    ;(node!.values ??= []).push(value)
    this.size++
  }

  /** Calls `found` with the values of each leftmost-longest match in the text. */
  scan(text: string, found: (values: T[], start: number, end: number) => void): void {
    const m = this.matches(text)
    for (let k = 0; k < m.length; k++) found(m[k]!, 0, 0)
  }

  private readonly hits: T[][] = []
  /** The value lists of the leftmost-longest matches (a reused array: read it before the next call). */
  matches(text: string): T[][] {
    const hits = this.hits
    hits.length = 0
    const { hashes, n } = tokenHashes(text)
    let i = 0
    while (i < n) {
      let node = this.root.get(hashes[i]!)
      if (!node) {
        i++
        continue
      }
      let best: T[] | undefined = node.values
      let bestEnd = i + 1
      let j = i + 1
      while (node.next && j < n) {
        const nx: Node<T> | undefined = node.next.get(hashes[j]!)
        if (!nx) break
        node = nx
        j++
        if (node.values) {
          best = node.values
          bestEnd = j
        }
      }
      if (best) {
        hits.push(best)
        i = bestEnd
      } else i++
    }
    return hits
  }
}
