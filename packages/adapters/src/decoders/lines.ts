/**
 * Splits a byte stream into lines with bounded memory: only the unfinished last line of a chunk is
 * carried over. Each chunk is decoded in one strict UTF-8 pass (fast path); when that fails, lines
 * are decoded one by one so only the lines holding invalid bytes are flagged. CRLF is accepted.
 * A line longer than {@link MAX_LINE_BYTES} is reported once as too large and skipped.
 */
import { MAX_LINE_BYTES, MAX_RAW_BYTES } from './limits.js'

/** One line of input: its text, or why it cannot be read. `no` is the 1-based line number. */
export type Line =
  | { no: number; text: string; bytes?: undefined; tooLarge?: undefined }
  | { no: number; text?: undefined; bytes: Uint8Array; tooLarge?: undefined }
  | { no: number; text?: undefined; bytes: Uint8Array; tooLarge: number }

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const NL = 10

/** Incremental line splitter: `push` chunks, then `end` for the final unterminated line. */
export class LineSplitter {
  /** The unfinished last line, as the chunk pieces it came in (joined once, when it ends). */
  private pending: Uint8Array[] = []
  private pendingLength = 0
  private lineNo = 0
  /** Set after an over-long line was reported: drop bytes until the next newline. */
  private discarding = false

  /** Feeds one chunk; returns the lines it completed. */
  push(chunk: Uint8Array): Line[] {
    const out: Line[] = []
    let start = 0
    if (this.discarding) {
      const nl = chunk.indexOf(NL)
      if (nl === -1) return out
      this.discarding = false
      start = nl + 1
    }
    const first = chunk.indexOf(NL, start)
    if (first === -1) {
      this.keep(chunk.subarray(start), out)
      return out
    }
    if (this.pendingLength > 0) {
      // The pending line ends in this chunk: join its pieces once.
      this.pending.push(chunk.subarray(start, first + 1))
      const line = join(this.pending, this.pendingLength + first + 1 - start)
      this.pending = []
      this.pendingLength = 0
      this.decodeRegion(line, out)
      start = first + 1
    }
    const last = chunk.lastIndexOf(NL)
    if (last >= start) this.decodeRegion(chunk.subarray(start, last + 1), out)
    this.keep(chunk.subarray(last + 1), out)
    return out
  }

  /** Flushes the final line (input that does not end with a newline). */
  end(): Line[] {
    const out: Line[] = []
    if (!this.discarding && this.pendingLength > 0)
      this.decodeLine(join(this.pending, this.pendingLength), out)
    this.pending = []
    this.pendingLength = 0
    return out
  }

  private keep(rest: Uint8Array, out: Line[]): void {
    if (rest.length === 0) return
    if (this.pendingLength + rest.length > MAX_LINE_BYTES) {
      const size = this.pendingLength + rest.length
      this.pending.push(rest)
      const head = join(this.pending, Math.min(size, MAX_RAW_BYTES), MAX_RAW_BYTES)
      out.push({ no: ++this.lineNo, bytes: head, tooLarge: size })
      this.discarding = true
      this.pending = []
      this.pendingLength = 0
      return
    }
    // Copy: keeping a subarray would pin the whole input chunk in memory.
    this.pending.push(rest.slice())
    this.pendingLength += rest.length
  }

  /** Decodes a region that ends with a newline. */
  private decodeRegion(region: Uint8Array, out: Line[]): void {
    let text: string
    try {
      text = strict.decode(region)
    } catch {
      this.decodeLinesOneByOne(region, out)
      return
    }
    const parts = text.split('\n')
    const n = parts.length - 1 // the region ends with '\n', so the last part is empty
    const mayBeLong = region.length > MAX_LINE_BYTES
    for (let i = 0; i < n; i++) {
      let t = parts[i] as string
      if (t.length > 0 && t.charCodeAt(t.length - 1) === 13) t = t.slice(0, -1)
      const no = ++this.lineNo
      if (mayBeLong && t.length > MAX_LINE_BYTES / 3) {
        const bytes = Buffer.from(t, 'utf8')
        if (bytes.length > MAX_LINE_BYTES) {
          out.push({ no, bytes: bytes.subarray(0, MAX_RAW_BYTES), tooLarge: bytes.length })
          continue
        }
      }
      out.push({ no, text: t })
    }
  }

  private decodeLinesOneByOne(region: Uint8Array, out: Line[]): void {
    let s = 0
    while (s < region.length) {
      const nl = region.indexOf(NL, s)
      const e = nl === -1 ? region.length : nl
      this.decodeLine(region.subarray(s, e), out)
      s = e + 1
    }
  }

  private decodeLine(bytes: Uint8Array, out: Line[]): void {
    const no = ++this.lineNo
    if (bytes.length > MAX_LINE_BYTES) {
      out.push({ no, bytes: bytes.slice(0, MAX_RAW_BYTES), tooLarge: bytes.length })
      return
    }
    try {
      let t = strict.decode(bytes)
      if (t.length > 0 && t.charCodeAt(t.length - 1) === 13) t = t.slice(0, -1)
      out.push({ no, text: t })
    } catch {
      out.push({ no, bytes: bytes.slice() })
    }
  }
}

/** Joins byte pieces into one array of `size` bytes (at most `limit`). */
function join(parts: readonly Uint8Array[], size: number, limit = Infinity): Uint8Array {
  if (parts.length === 1 && (parts[0] as Uint8Array).length <= limit) return parts[0] as Uint8Array
  const out = new Uint8Array(Math.min(size, limit))
  let o = 0
  for (const p of parts) {
    if (o >= out.length) break
    const n = Math.min(p.length, out.length - o)
    out.set(n === p.length ? p : p.subarray(0, n), o)
    o += n
  }
  return out
}

/** Byte offset of the first invalid UTF-8 sequence, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0
  const n = b.length
  while (i < n) {
    const c = b[i] as number
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1
      min = 0x80
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      min = 0x800
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      min = 0x10000
    } else return i
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07)
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k]
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (cc & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}
