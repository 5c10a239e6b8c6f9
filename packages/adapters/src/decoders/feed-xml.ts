/**
 * RSS 2.0 (also RSS 0.9x and RDF/RSS 1.0) `<item>`s and Atom `<entry>`s, from a whole XML document.
 * Well-formedness is checked first (a broken feed is one MALFORMED_XML quarantine); each item then
 * yields one post or one quarantine. Values stay strings (a numeric guid is never made a number);
 * `xsi:nil` and empty elements count as absent; DOCTYPE entity expansion is bounded by the parser.
 *
 * Choices: the text is the title, a blank line, then the description/content as plain text. An
 * RSS guid that is not a URL or URN is prefixed with the channel link (`link#guid`), because bare
 * guids are only unique within one feed. Items with no author are attributed to the feed (its
 * `managingEditor`, else its title or link). Dates in RFC 822 form become ISO 8601.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { PostDraft } from '@civicpulse/core'
import type { DecodedItem } from './types.js'
import { htmlToText } from './html-text.js'
import { type Obj, geoPoint, isObj, pushUnique, toNumber } from './fields.js'
import { RecordError, guarded, jsonRaw, quarantine, skip } from './outcome.js'

const ARRAYS = new Set(['item', 'entry', 'link', 'author', 'category', 'dc:creator', 'enclosure'])

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: { enabled: true, maxTotalExpansions: 100_000, maxExpandedLength: 10_000_000 },
  htmlEntities: false,
  isArray: (name) => ARRAYS.has(name),
})

/** Plain text of a parsed XML node (string, `{#text}`, or nested XHTML objects); '' for xsi:nil. */
function textOf(node: unknown): string {
  if (typeof node === 'string') return node
  if (typeof node === 'number' || typeof node === 'boolean') return String(node)
  if (Array.isArray(node))
    return node
      .map(textOf)
      .filter((s) => s !== '')
      .join(' ')
  if (!isObj(node)) return ''
  if (node['@_xsi:nil'] === 'true') return ''
  const parts: string[] = []
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('@_')) continue
    const t = textOf(v)
    if (t !== '') parts.push(t)
  }
  return parts.join(' ')
}

function child(o: Obj | undefined, key: string): string | undefined {
  const v = o?.[key]
  const t = textOf(Array.isArray(v) ? v[0] : v).trim()
  return t === '' ? undefined : t
}

function attrOf(node: unknown, name: string): string | undefined {
  return isObj(node) && typeof node[`@_${name}`] === 'string'
    ? (node[`@_${name}`] as string)
    : undefined
}

/** An RFC 822 / ISO date as ISO 8601 UTC, or undefined when unreadable. */
export function feedDate(s: string | undefined): string | undefined {
  if (s === undefined) return undefined
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) return s // ISO already: the sanitiser normalises offsets
  const ms = Date.parse(s.replace(/\s+/g, ' '))
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

/** Which feed format a document's root element is, if any. */
export function feedRoot(doc: Obj): 'rss' | 'atom' | undefined {
  if (isObj(doc['rss']) || isObj(doc['rdf:RDF'])) return 'rss'
  if (isObj(doc['feed'])) return 'atom'
  return undefined
}

/**
 * Decodes a whole RSS/Atom document into outcomes. `expected` is the format the caller asked for
 * (`auto` accepts either).
 */
export function decodeFeed(
  xml: string,
  expected: 'rss' | 'atom' | 'auto',
  keepRaw: boolean,
  out: DecodedItem[],
): void {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) {
    const e = valid.err
    out.push(
      quarantine(
        'MALFORMED_XML',
        `The feed is not well-formed XML: ${e.msg} (line ${e.line}, column ${e.col}).`,
        xml,
        'document',
      ),
    )
    return
  }
  let doc: unknown
  try {
    doc = parser.parse(xml)
  } catch (err) {
    out.push(
      quarantine(
        'MALFORMED_XML',
        `The feed could not be parsed: ${(err as Error).message}`,
        xml,
        'document',
      ),
    )
    return
  }
  const root = isObj(doc) ? feedRoot(doc) : undefined
  if (!isObj(doc) || root === undefined || (expected !== 'auto' && expected !== root)) {
    const names = isObj(doc)
      ? Object.keys(doc)
          .filter((k) => !k.startsWith('?'))
          .join(', ')
      : ''
    out.push(
      quarantine(
        'UNKNOWN_FORMAT',
        expected !== 'auto' && root !== undefined
          ? `The document is an ${root === 'rss' ? 'RSS' : 'Atom'} feed, not ${expected === 'rss' ? 'RSS' : 'Atom'} as requested.`
          : `The XML root element <${names || '?'}> is not an RSS <rss> or Atom <feed>.`,
        xml,
        'document',
      ),
    )
    return
  }
  if (root === 'rss') decodeRss(doc, keepRaw, out)
  else decodeAtom(doc['feed'] as Obj, keepRaw, out)
}

function decodeRss(doc: Obj, keepRaw: boolean, out: DecodedItem[]): void {
  const rss = isObj(doc['rss']) ? doc['rss'] : undefined
  const rdf = isObj(doc['rdf:RDF']) ? doc['rdf:RDF'] : undefined
  const channelNode = rss ? rss['channel'] : rdf?.['channel']
  const channel = isObj(channelNode) ? channelNode : {}
  const itemsNode = rss ? channel['item'] : rdf?.['item']
  const items = Array.isArray(itemsNode) ? itemsNode : []
  if (items.length === 0) {
    out.push(skip('An RSS feed with no items.', 'document'))
    return
  }
  const feed = {
    link: child(channel, 'link'),
    title: child(channel, 'title'),
    editor: child(channel, 'managingEditor') ?? child(channel, 'dc:creator'),
    date: child(channel, 'pubDate') ?? child(channel, 'lastBuildDate') ?? child(channel, 'dc:date'),
    lang: child(channel, 'language') ?? child(channel, 'dc:language'),
  }
  items.forEach((item: unknown, i) => {
    const position = `item ${i + 1}`
    guarded(
      out,
      position,
      () => jsonRaw(item),
      () => {
        if (!isObj(item))
          throw new RecordError('WRONG_TYPE', 'The RSS <item> has no child elements.')
        out.push({ kind: 'post', draft: rssItem(item, feed, keepRaw), position })
      },
    )
  })
}

function rssItem(
  item: Obj,
  feed: {
    link?: string | undefined
    title?: string | undefined
    editor?: string | undefined
    date?: string | undefined
    lang?: string | undefined
  },
  keepRaw: boolean,
): PostDraft {
  const guidNode = Array.isArray(item['guid']) ? item['guid'][0] : item['guid']
  const guid = textOf(guidNode).trim() || undefined
  const link =
    child(item, 'link') ?? attrOf(item['@_rdf:about'] !== undefined ? item : undefined, 'rdf:about')
  const rawId = guid ?? link
  if (rawId === undefined)
    throw new RecordError(
      'MISSING_FIELD',
      'The RSS <item> has neither a <guid> nor a <link> to identify it.',
    )
  const id = guid !== undefined && !guid.includes(':') && feed.link ? `${feed.link}#${guid}` : rawId
  const permalink =
    guid !== undefined && attrOf(guidNode, 'isPermaLink') !== 'false' && /^https?:\/\//.test(guid)
      ? guid
      : undefined
  const title = child(item, 'title')
  const bodyHtml = child(item, 'content:encoded') ?? child(item, 'description')
  const body = bodyHtml !== undefined ? htmlToText(bodyHtml) : undefined
  const text = [title, body?.text].filter((s) => s !== undefined && s !== '').join('\n\n')
  if (text === '')
    throw new RecordError('MISSING_FIELD', `The RSS item ${rawId} has no title and no description.`)
  const dateRaw = child(item, 'pubDate') ?? child(item, 'dc:date') ?? feed.date
  const createdAt = feedDate(dateRaw)
  if (createdAt === undefined) {
    throw new RecordError(
      'BAD_TIMESTAMP',
      dateRaw === undefined
        ? `The RSS item ${rawId} has no <pubDate> (nor does the channel).`
        : `The RSS item ${rawId} has an unreadable date "${dateRaw}".`,
    )
  }
  const author =
    child(item, 'dc:creator') ??
    child(item, 'author') ??
    feed.editor ??
    feed.title ??
    feed.link ??
    'unknown feed'
  // RSS <author> is "email (Name)"; keep the name for display.
  const named = /^(\S+@\S+)\s+\((.+)\)$/.exec(author)
  const draft: PostDraft = {
    platform: 'rss',
    platformId: id,
    url: link ?? permalink,
    author: {
      platformId: named?.[1] ?? author,
      displayName: named?.[2] ?? (author.includes('@') ? undefined : author),
    },
    text,
    createdAt,
  }
  if (feed.lang !== undefined) draft.langHint = feed.lang
  const links: string[] = []
  for (const l of body?.links ?? []) pushUnique(links, l)
  if (links.length) draft.links = links
  const point = child(item, 'georss:point')
  if (point !== undefined) {
    const [lat, lon] = point.split(/[\s,]+/).map((s) => toNumber(s))
    const g = geoPoint(lat, lon)
    if (g) draft.geo = g
  } else {
    const g = geoPoint(toNumber(child(item, 'geo:lat')), toNumber(child(item, 'geo:long')))
    if (g) draft.geo = g
  }
  if (keepRaw) draft.raw = item
  return draft
}

function decodeAtom(feed: Obj, keepRaw: boolean, out: DecodedItem[]): void {
  const entries = Array.isArray(feed['entry']) ? feed['entry'] : []
  if (entries.length === 0) {
    out.push(skip('An Atom feed with no entries.', 'document'))
    return
  }
  const authors = Array.isArray(feed['author']) ? feed['author'] : []
  const info = {
    author: authors.find(isObj),
    title: child(feed, 'title'),
    id: child(feed, 'id'),
    updated: child(feed, 'updated'),
    lang: attrOf(feed, 'xml:lang'),
  }
  entries.forEach((entry: unknown, i) => {
    const position = `entry ${i + 1}`
    guarded(
      out,
      position,
      () => jsonRaw(entry),
      () => {
        if (!isObj(entry))
          throw new RecordError('WRONG_TYPE', 'The Atom <entry> has no child elements.')
        out.push({ kind: 'post', draft: atomEntry(entry, info, keepRaw), position })
      },
    )
  })
}

function atomText(node: unknown): { text: string; links: string[] } {
  const n = Array.isArray(node) ? node[0] : node
  const type = attrOf(n, 'type') ?? 'text'
  const raw = textOf(n).trim()
  if (type === 'html' || type === 'xhtml' || type.endsWith('html')) return htmlToText(raw)
  return { text: raw, links: [] }
}

function atomEntry(
  e: Obj,
  feed: {
    author: Obj | undefined
    title: string | undefined
    id: string | undefined
    updated: string | undefined
    lang: string | undefined
  },
  keepRaw: boolean,
): PostDraft {
  const links = Array.isArray(e['link']) ? e['link'] : []
  const alternate =
    links.find((l) => attrOf(l, 'rel') === undefined || attrOf(l, 'rel') === 'alternate') ??
    links[0]
  const href = attrOf(alternate, 'href')
  const id = child(e, 'id') ?? href
  if (id === undefined)
    throw new RecordError(
      'MISSING_FIELD',
      'The Atom <entry> has neither an <id> nor a <link href>.',
    )
  const title = e['title'] !== undefined ? atomText(e['title']).text : ''
  const body =
    e['content'] !== undefined
      ? atomText(e['content'])
      : e['summary'] !== undefined
        ? atomText(e['summary'])
        : undefined
  const text = [title, body?.text].filter((s) => s !== undefined && s !== '').join('\n\n')
  if (text === '')
    throw new RecordError('MISSING_FIELD', `The Atom entry ${id} has no title, content or summary.`)
  const dateRaw = child(e, 'published') ?? child(e, 'updated') ?? feed.updated
  const createdAt = feedDate(dateRaw)
  if (createdAt === undefined) {
    throw new RecordError(
      'BAD_TIMESTAMP',
      dateRaw === undefined
        ? `The Atom entry ${id} has no <published> or <updated>.`
        : `The Atom entry ${id} has an unreadable date "${dateRaw}".`,
    )
  }
  const authors = Array.isArray(e['author']) ? e['author'] : []
  const a = authors.find(isObj) ?? feed.author
  const name = child(a, 'name')
  const authorId =
    child(a, 'uri') ?? child(a, 'email') ?? name ?? feed.title ?? feed.id ?? 'unknown feed'
  const draft: PostDraft = {
    platform: 'atom',
    platformId: id,
    url: href,
    author: { platformId: authorId, displayName: name },
    text,
    createdAt,
  }
  const lang = attrOf(e, 'xml:lang') ?? feed.lang
  if (lang !== undefined) draft.langHint = lang
  if (body?.links.length) draft.links = body.links
  const point = child(e, 'georss:point')
  if (point !== undefined) {
    const [lat, lon] = point.split(/[\s,]+/).map((s) => toNumber(s))
    const g = geoPoint(lat, lon)
    if (g) draft.geo = g
  }
  if (keepRaw) draft.raw = e
  return draft
}
