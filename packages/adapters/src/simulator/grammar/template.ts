/**
 * The phrasing grammar's template language: `[a|b|c]` picks one alternative (an empty alternative
 * makes the group optional), `{slot}` expands a named slot (whose values are templates too).
 * Templates are compiled once and cached, so rendering is a walk over a small tree.
 */
import type { Rng } from '../prng.js'

/** A compiled template node: literal text, a choice, a slot reference or a sequence. */
export type Node = string | { alt: Node[] } | { slot: string } | Node[]

/** Resolves a slot name to its expansion for the current post (or undefined when unknown). */
export type SlotResolver = (name: string) => string | undefined

const cache = new Map<string, Node>()

/** Compiles a template (cached by its text). */
export function compile(src: string): Node {
  let n = cache.get(src)
  if (n === undefined) {
    const [node] = parseSeq(src, 0, false)
    n = node
    cache.set(src, n)
  }
  return n
}

function parseSeq(s: string, i: number, inAlt: boolean): [Node, number] {
  const out: Node[] = []
  let lit = ''
  while (i < s.length) {
    const ch = s[i] as string
    if (inAlt && (ch === '|' || ch === ']')) break
    if (ch === '[') {
      if (lit) {
        out.push(lit)
        lit = ''
      }
      const alts: Node[] = []
      i++
      for (;;) {
        const [node, j] = parseSeq(s, i, true)
        alts.push(node)
        i = j
        if (s[i] === '|') {
          i++
          continue
        }
        if (s[i] === ']') i++
        break
      }
      out.push({ alt: alts })
      continue
    }
    if (ch === '{') {
      const end = s.indexOf('}', i)
      if (end > i) {
        if (lit) {
          out.push(lit)
          lit = ''
        }
        out.push({ slot: s.slice(i + 1, end) })
        i = end + 1
        continue
      }
    }
    lit += ch
    i++
  }
  if (lit) out.push(lit)
  return [out.length === 1 ? (out[0] as Node) : out, i]
}

/** Renders a compiled node into `out` (parts are joined by the caller). */
export function renderNode(
  node: Node,
  rng: Rng,
  resolve: SlotResolver,
  out: string[],
  depth = 0,
): void {
  if (typeof node === 'string') {
    out.push(node)
  } else if (Array.isArray(node)) {
    for (const n of node) renderNode(n, rng, resolve, out, depth)
  } else if ('alt' in node) {
    renderNode(rng.pick(node.alt), rng, resolve, out, depth)
  } else {
    if (depth > 8) return
    const v = resolve(node.slot)
    if (v === undefined) out.push('')
    // Plain values (names, numbers) are pushed as they are: compiling them would fill the cache.
    else if (!v.includes('[') && !v.includes('{')) out.push(v)
    else renderNode(compile(v), rng, resolve, out, depth + 1)
  }
}

/** Renders a template and tidies its spacing and punctuation. */
export function render(src: string, rng: Rng, resolve: SlotResolver): string {
  const out: string[] = []
  renderNode(compile(src), rng, resolve, out)
  return tidy(out.join(''))
}

/** Collapses runs of spaces, removes spaces before punctuation and at the ends, fixes doubled stops. */
export function tidy(s: string): string {
  let t = s.replace(/ {2,}| (?=[,.!?;:])|(?<=[.!?])\.+/g, (m) =>
    m[0] === ' ' && m.length > 1 ? ' ' : '',
  )
  t = t.trim()
  if (t.length > 0 && (t[0] === ',' || t[0] === '.')) t = t.replace(/^[ ,.]+/, '')
  const c = t.charCodeAt(0)
  if (c >= 97 && c <= 122) t = String.fromCharCode(c - 32) + t.slice(1)
  if (t.includes('. ') || t.includes('! ') || t.includes('? '))
    t = t.replace(/([.!?] )([a-z])/g, (_m, p: string, ch: string) => p + ch.toUpperCase())
  return t
}
