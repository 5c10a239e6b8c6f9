/**
 * A small, strict XML writer for Open311 responses (elements in a fixed order, text escaped) and
 * the tolerant reader the client uses for other servers' XML (namespaces, `xsi:nil`, empty elements).
 */
import { XMLParser } from 'fast-xml-parser'

/** An element: name and text, child elements, or a list of repeated children. */
export type XmlNode = [name: string, value: string | number | boolean | null | XmlNode[]]

/** Escapes text for an XML element body. */
export function escapeXml(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string,
  )
}

function write(node: XmlNode, indent: string, out: string[]): void {
  const [name, v] = node
  if (v === null || v === '') out.push(`${indent}<${name}></${name}>`)
  else if (Array.isArray(v)) {
    out.push(`${indent}<${name}>`)
    for (const c of v) write(c, indent + '  ', out)
    out.push(`${indent}</${name}>`)
  } else out.push(`${indent}<${name}>${escapeXml(String(v))}</${name}>`)
}

/** Serialises a document with the UTF-8 declaration. */
export function toXml(root: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>']
  write(root, '', out)
  return out.join('\n') + '\n'
}

const ARRAYS = new Set(['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'])

/** Parses an Open311 XML document into plain objects: text stays string, `xsi:nil`/empty become null. */
export function parseOpen311Xml(xml: string): Record<string, unknown> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => ARRAYS.has(name),
  })
  const doc = parser.parse(xml) as Record<string, unknown>
  return clean(doc) as Record<string, unknown>
}

function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean)
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (o['@nil'] === 'true') return null
    const out: Record<string, unknown> = {}
    let children = 0
    for (const [k, x] of Object.entries(o)) {
      if (k.startsWith('@')) continue
      out[k] = clean(x)
      children++
    }
    if (children === 1 && '#text' in out) return out['#text']
    return children === 0 ? null : out
  }
  return v === '' ? null : v
}
