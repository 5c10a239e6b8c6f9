/**
 * Reply templates with `{{placeholder}}` fields, rendered for a case before a responder edits and
 * sends the draft. Unknown placeholders are reported, never silently left in a citizen's reply.
 */

/** The result of rendering a template. */
export interface RenderedTemplate {
  text: string
  /** Placeholders the template used but no value was given for. */
  missing: string[]
}

/** Renders `{{name}}` placeholders (letters, digits, `_`, `.`); missing ones render as empty. */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string | number | null | undefined>>,
): RenderedTemplate {
  const missing = new Set<string>()
  const text = template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_m, name: string) => {
    const v = values[name]
    if (v === undefined || v === null || v === '') {
      missing.add(name)
      return ''
    }
    return String(v)
  })
  return { text: text.replace(/[ \t]{2,}/g, ' ').trim(), missing: [...missing] }
}

/** Placeholders still in a text (`{{ref}}`), i.e. not filled by the composer; each named once. */
export function unfilledPlaceholders(text: string): string[] {
  return [
    ...new Set([...text.matchAll(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g)].map((m) => m[1] as string)),
  ]
}
