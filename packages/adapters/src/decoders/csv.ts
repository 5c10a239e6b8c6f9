/**
 * CSV with a header row (RFC 4180: quoted fields may hold delimiters, doubled quotes and
 * newlines; CRLF or LF). The delimiter (`,` `;` or tab) is read from the header. Each data row is
 * one record: a post through the field mapping, or a quarantine (invalid UTF-8, more cells than
 * the header, a quoted field never closed, a row over the size limit). The header row itself is
 * reported as a skip, so even a header-only file has an outcome.
 */
import type { DecodedItem, FieldMapping } from './types.js'
import type { Line } from './lines.js'
import { MAX_LINE_BYTES } from './limits.js'
import { CsvMapping, genericToDraft } from './generic.js'
import { guarded, quarantine, skip } from './outcome.js'

/** Incremental CSV decoder fed with lines from a {@link LineSplitter}. */
export class CsvDecoder {
  private delimiter = ','
  private mapping: CsvMapping | undefined
  private cells: string[] = []
  private field = ''
  private inQuotes = false
  private rawLines: string[] = []
  private rawChars = 0
  private startLine = 0
  private invalid: Uint8Array | undefined
  private tooLarge = false
  private rows = 0

  constructor(
    private readonly userMapping: FieldMapping | undefined,
    private readonly keepRaw: boolean,
  ) {}

  /** Consumes lines; pushes outcomes for the rows they complete. */
  lines(lines: readonly Line[], out: DecodedItem[]): void {
    for (const l of lines) this.line(l, out)
  }

  /** Flushes a row left open at the end of input (an unterminated quoted field). */
  end(out: DecodedItem[]): void {
    if (this.inQuotes) {
      const raw = this.rawLines.join('\n')
      out.push(
        quarantine(
          'MALFORMED_CSV',
          `A quoted field opened on line ${this.startLine} is never closed before the end of the file.`,
          this.invalid ?? raw,
          `line ${this.startLine}`,
        ),
      )
      this.resetRow()
    }
  }

  private resetRow(): void {
    this.cells = []
    this.field = ''
    this.inQuotes = false
    this.rawLines = []
    this.rawChars = 0
    this.startLine = 0
    this.invalid = undefined
    this.tooLarge = false
  }

  private line(l: Line, out: DecodedItem[]): void {
    if (l.tooLarge !== undefined) {
      out.push(
        quarantine(
          'TOO_LARGE',
          `Line ${l.no} is ${l.tooLarge} bytes, over the ${MAX_LINE_BYTES}-byte limit.`,
          l.bytes,
          `line ${l.no}`,
        ),
      )
      this.resetRow()
      return
    }
    if (!this.inQuotes) this.startLine = l.no
    let text: string
    if (l.text === undefined) {
      this.invalid ??= l.bytes
      // Keep parsing the (replaced) text so quoting stays in step; the row is quarantined at its end.
      text = new TextDecoder().decode(l.bytes)
    } else text = l.text
    if (!this.inQuotes && text.trim() === '' && this.invalid === undefined) return // blank line: not a record
    this.rawChars += text.length + 1
    if (this.rawChars > MAX_LINE_BYTES) this.tooLarge = true
    else this.rawLines.push(text)
    if (this.mapping === undefined && !this.inQuotes) this.delimiter = pickDelimiter(text)
    this.parse(text)
    if (this.inQuotes) {
      if (this.tooLarge) {
        out.push(
          quarantine(
            'TOO_LARGE',
            `The row starting on line ${this.startLine} is over the ${MAX_LINE_BYTES}-byte limit.`,
            this.rawLines.join('\n'),
            `line ${this.startLine}`,
          ),
        )
        this.resetRow()
      } else this.field += '\n'
      return
    }
    this.cells.push(this.field)
    this.field = ''
    this.finishRow(out)
  }

  private parse(text: string): void {
    const d = this.delimiter
    let field = this.field
    let inQ = this.inQuotes
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string
      if (inQ) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i++
          } else inQ = false
        } else field += c
      } else if (c === d) {
        this.cells.push(field)
        field = ''
      } else if (c === '"' && field === '') inQ = true
      else field += c
    }
    this.field = field
    this.inQuotes = inQ
  }

  private finishRow(out: DecodedItem[]): void {
    const cells = this.cells
    const position = `line ${this.startLine}`
    const raw = this.rawLines.join('\n')
    const invalid = this.invalid
    const tooLarge = this.tooLarge
    this.resetRow()
    if (this.mapping === undefined) {
      this.mapping = new CsvMapping(
        cells.map((c) => c.trim()),
        this.userMapping,
      )
      out.push(skip(`The CSV header row (${cells.length} columns).`, position))
      return
    }
    const row = ++this.rows
    const where = `row ${row} (${position})`
    if (invalid) {
      out.push(
        quarantine(
          'INVALID_UTF8',
          `CSV row ${row} (${position}) is not valid UTF-8 text.`,
          invalid,
          where,
        ),
      )
      return
    }
    if (tooLarge) {
      out.push(
        quarantine(
          'TOO_LARGE',
          `CSV row ${row} is over the ${MAX_LINE_BYTES}-byte limit.`,
          raw,
          where,
        ),
      )
      return
    }
    const width = this.mapping.header.length
    if (cells.length > width) {
      out.push(
        quarantine(
          'MALFORMED_CSV',
          `CSV row ${row} has ${cells.length} cells but the header has ${width} columns (an unquoted delimiter in a value?).`,
          raw,
          where,
        ),
      )
      return
    }
    const mapping = this.mapping
    guarded(
      out,
      where,
      () => raw,
      () => {
        const ctx = { position: where, keepRaw: this.keepRaw, rawText: raw }
        const rawRow = this.keepRaw
          ? Object.fromEntries(mapping.header.map((h, i) => [h, cells[i] ?? '']))
          : undefined
        out.push({
          kind: 'post',
          draft: genericToDraft(mapping.reader(cells), ctx, rawRow),
          position: where,
        })
      },
    )
  }
}

/** Picks the delimiter that occurs most often (outside quotes) in the header line. */
export function pickDelimiter(header: string): string {
  let best = ','
  let bestCount = 0
  for (const d of [',', ';', '\t']) {
    let n = 0
    let inQ = false
    for (const c of header) {
      if (c === '"') inQ = !inQ
      else if (c === d && !inQ) n++
    }
    if (n > bestCount) {
      best = d
      bestCount = n
    }
  }
  return best
}
