/**
 * CSV for exports (RFC 4180) with formula injection neutralised: a cell that a spreadsheet would
 * read as a formula (leading `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.
 */

/** A cell value as exported. */
export type CsvValue = string | number | boolean | null | undefined

/** One CSV cell: formula-leading text neutralised, quoted when it holds a comma, quote or line break. */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return ''
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v)
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A whole CSV document with a header row and CRLF line ends. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const out = [header.map(csvCell).join(',')]
  for (const r of rows) out.push(r.map(csvCell).join(','))
  return out.join('\r\n') + '\r\n'
}
