/**
 * SQLite-specific helpers: turning a person's search words into a safe FTS5 MATCH expression.
 */

/**
 * Builds an FTS5 query from free text: each word becomes a quoted term (so FTS syntax characters in
 * the input are inert), `"…"` phrases are kept, `OR` between words is honoured, and a trailing `*`
 * makes a prefix query. Returns undefined when nothing searchable is left.
 */
export function ftsQuery(input: string): string | undefined {
  const parts: string[] = []
  const re = /"([^"]*)"|(\S+)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(input)) !== null) {
    if (m[1] !== undefined) {
      const words = m[1].match(/[\p{L}\p{N}_]+/gu)
      if (words?.length) parts.push(`"${words.join(' ')}"`)
      continue
    }
    const tok = m[2] ?? ''
    if (tok === 'OR' && parts.length) {
      parts.push('OR')
      continue
    }
    const prefix = tok.endsWith('*')
    const words = tok.match(/[\p{L}\p{N}_]+/gu)
    if (!words?.length) continue
    parts.push(`"${words.join(' ')}"${prefix ? '*' : ''}`)
  }
  while (parts[parts.length - 1] === 'OR') parts.pop()
  return parts.length ? parts.join(' ') : undefined
}
