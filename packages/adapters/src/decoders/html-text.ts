/**
 * HTML to plain text, for Mastodon `content`, RSS descriptions and Atom html content. The result
 * is plain text: markup is removed, entities are decoded once, paragraphs become blank lines and
 * `<br>` a newline. Nothing is executed or interpreted: the text of a `<script>` or `<style>`
 * element is kept as ordinary text (inert), and an escaped `&lt;script&gt;` stays the literal
 * characters `<script>`. Link targets are collected, except Mastodon's mention and hashtag links.
 */

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  shy: '\u00ad',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '\u200e',
  rlm: '\u200f',
  ndash: '\u2013',
  mdash: '\u2014',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201a',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bdquo: '\u201e',
  hellip: '\u2026',
  bull: '\u2022',
  middot: '\u00b7',
  laquo: '\u00ab',
  raquo: '\u00bb',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  deg: '\u00b0',
  euro: '\u20ac',
  pound: '\u00a3',
  yen: '\u00a5',
  cent: '\u00a2',
  sect: '\u00a7',
  para: '\u00b6',
  times: '\u00d7',
  divide: '\u00f7',
  plusmn: '\u00b1',
  frac12: '\u00bd',
  frac14: '\u00bc',
  frac34: '\u00be',
  iexcl: '\u00a1',
  iquest: '\u00bf',
  agrave: 'à',
  aacute: 'á',
  acirc: 'â',
  atilde: 'ã',
  auml: 'ä',
  aring: 'å',
  aelig: 'æ',
  ccedil: 'ç',
  egrave: 'è',
  eacute: 'é',
  ecirc: 'ê',
  euml: 'ë',
  igrave: 'ì',
  iacute: 'í',
  icirc: 'î',
  iuml: 'ï',
  ntilde: 'ñ',
  ograve: 'ò',
  oacute: 'ó',
  ocirc: 'ô',
  otilde: 'õ',
  ouml: 'ö',
  oslash: 'ø',
  ugrave: 'ù',
  uacute: 'ú',
  ucirc: 'û',
  uuml: 'ü',
  yacute: 'ý',
  yuml: 'ÿ',
  szlig: 'ß',
  Agrave: 'À',
  Aacute: 'Á',
  Acirc: 'Â',
  Atilde: 'Ã',
  Auml: 'Ä',
  Aring: 'Å',
  AElig: 'Æ',
  Ccedil: 'Ç',
  Egrave: 'È',
  Eacute: 'É',
  Ecirc: 'Ê',
  Euml: 'Ë',
  Igrave: 'Ì',
  Iacute: 'Í',
  Icirc: 'Î',
  Iuml: 'Ï',
  Ntilde: 'Ñ',
  Ograve: 'Ò',
  Oacute: 'Ó',
  Ocirc: 'Ô',
  Otilde: 'Õ',
  Ouml: 'Ö',
  Oslash: 'Ø',
  Ugrave: 'Ù',
  Uacute: 'Ú',
  Ucirc: 'Û',
  Uuml: 'Ü',
  Yacute: 'Ý',
}

const ENTITY = /&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/g

/** Decodes HTML character references once (named from a common table, and all numeric ones). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(ENTITY, (m, body: string) => {
    if (body.charCodeAt(0) === 35 /* # */) {
      const hex = body[1] === 'x' || body[1] === 'X'
      const cp = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10)
      // NUL and values beyond Unicode become U+FFFD, as browsers do; lone surrogates pass to the sanitiser.
      if (!Number.isFinite(cp) || cp === 0 || cp > 0x10ffff) return '\ufffd'
      return String.fromCodePoint(cp)
    }
    return NAMED[body] ?? m
  })
}

/** Decodes only the three entities X escapes in tweet text (`&amp;`, `&lt;`, `&gt;`). */
export function decodeXEntities(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(/&(amp|lt|gt);/g, (_m, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : '>',
  )
}

/** Text and link targets extracted from an HTML fragment. */
export interface HtmlText {
  text: string
  links: string[]
}

const BLOCK = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'tr',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'hr',
  'dd',
  'dt',
  'dl',
  'figure',
  'figcaption',
])

const TAG =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<[!?][^>]*>/g
const SIMPLE_PARAS = /^<p>(?:[^<&\u0000]|<\/p><p>)*<\/p>$/
const PARA = '\u0000P'
const BR = '\u0000B'
const PRE_SPACE = '\u0000S'

function attr(attrs: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i')
  const m = re.exec(attrs)
  if (!m) return undefined
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '')
}

/**
 * Converts an HTML fragment to plain text the way a reader sees it: whitespace folded, paragraphs
 * separated by a blank line, `<br>` as a newline, entities decoded. Collects `href`s of links that
 * are not mentions or hashtags (Mastodon marks those with the classes `mention` / `hashtag`).
 */
export function htmlToText(html: string): HtmlText {
  const links: string[] = []
  if (!html.includes('<') && !html.includes('&')) {
    return { text: html.replace(/[ \t\r\n]+/g, ' ').trim(), links }
  }
  // Fast path for the common Mastodon shape: plain paragraphs with no entities or inner tags.
  if (SIMPLE_PARAS.test(html)) {
    const paras = html.slice(3, -4).split('</p><p>')
    return {
      text: paras
        .map((p) => p.replace(/[ \t\r\n\f]+/g, ' ').trim())
        .filter((p) => p !== '')
        .join('\n\n'),
      links,
    }
  }
  // NUL is replaced as browsers do; it also keeps the internal markers below unambiguous.
  if (html.includes('\u0000')) html = html.replaceAll('\u0000', '\ufffd')
  const parts: string[] = []
  let pre = 0
  let last = 0
  TAG.lastIndex = 0
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    if (m.index > last) parts.push(textRun(html.slice(last, m.index), pre > 0))
    last = TAG.lastIndex
    if (m[1] !== undefined) {
      parts.push(textRun(m[1], pre > 0, false))
      continue
    }
    const name = m[3]?.toLowerCase()
    if (name === undefined) continue
    const closing = m[2] === '/'
    if (name === 'br') parts.push(BR)
    else if (BLOCK.has(name)) {
      parts.push(PARA)
      if (name === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1))
    } else if (name === 'a' && !closing) {
      const href = attr(m[4] ?? '', 'href')
      const cls = attr(m[4] ?? '', 'class') ?? ''
      const rel = attr(m[4] ?? '', 'rel') ?? ''
      const internal = /\b(mention|hashtag)\b/.test(cls) || /\btag\b/.test(rel)
      if (href && !internal && /^https?:\/\//i.test(href) && !links.includes(href)) links.push(href)
    }
  }
  if (last < html.length) parts.push(textRun(html.slice(last), pre > 0))
  return { text: assemble(parts.join('')), links }
}

function textRun(s: string, keepWhitespace: boolean, decode = true): string {
  const t = decode ? decodeEntities(s) : s
  // Inside <pre> newlines are real; elsewhere HTML whitespace (not NBSP) folds to one space.
  return keepWhitespace
    ? t.replace(/\r\n?|\n/g, BR).replace(/ /g, PRE_SPACE)
    : t.replace(/[ \t\r\n\f]+/g, ' ')
}

function assemble(s: string): string {
  // Paragraph markers collapse to one blank line; spaces next to line breaks are dropped.
  const paragraphs = s.split(PARA)
  const out: string[] = []
  for (const p of paragraphs) {
    const lines = p.split(BR).map((l) => l.replace(/^ +| +$/g, ''))
    const text = lines.join('\n')
    if (text.trim() !== '') out.push(text.replace(/^\n+|\n+$/g, ''))
  }
  return out.join('\n\n').replaceAll(PRE_SPACE, ' ')
}
