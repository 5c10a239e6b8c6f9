/**
 * Micro-benchmark of the decoders: decodes N generated NDJSON lines of each JSON format and
 * reports lines per second, next to a bare `JSON.parse` loop over the same lines (the floor no
 * decoder can beat). Deterministic input (seeded generator); no I/O beyond memory.
 */
import { mulberry32 } from '@civicpulse/core'
import { decodeStream } from './decode-stream.js'
import type { InputFormat } from './types.js'

/** One benchmark result: lines per second of the decoder and of bare JSON.parse on the same lines. */
export interface DecodeBenchResult {
  format: string
  lines: number
  linesPerSecond: number
  jsonParseLinesPerSecond: number
  /** decoder time ÷ bare JSON.parse time. */
  ratio: number
  posts: number
}

const WORDS = [
  'bin',
  'collection',
  'missed',
  'again',
  'street',
  'pothole',
  'council',
  'bus',
  'late',
  'library',
  'great',
  'thanks',
  'broken',
  'light',
  'park',
  'noise',
]

function sentence(r: () => number, n: number): string {
  const w: string[] = []
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(r() * WORDS.length)] as string)
  return w.join(' ')
}

/** Generates `n` NDJSON lines of one format (deterministic). */
export function generateLines(
  format: 'ndjson' | 'x-v2' | 'mastodon' | 'bluesky-jetstream' | 'reddit',
  n: number,
): string[] {
  const r = mulberry32(42)
  const lines: string[] = []
  const base = Date.UTC(2026, 0, 1)
  for (let i = 0; i < n; i++) {
    const text = sentence(r, 8 + Math.floor(r() * 20))
    const t = new Date(base + i * 1000).toISOString()
    const id = String(1500000000000000000n + BigInt(i))
    switch (format) {
      case 'ndjson':
        lines.push(
          JSON.stringify({ id: `p${i}`, text, created_at: t, author: `u${i % 997}`, lang: 'en' }),
        )
        break
      case 'x-v2':
        lines.push(
          JSON.stringify({
            data: {
              id,
              text: `${text} #bins`,
              author_id: String(1000 + (i % 997)),
              created_at: t,
              lang: 'en',
              conversation_id: id,
              entities: { hashtags: [{ start: 0, end: 5, tag: 'bins' }] },
              public_metrics: { retweet_count: 1, reply_count: 0, like_count: 3, quote_count: 0 },
            },
            includes: {
              users: [
                { id: String(1000 + (i % 997)), username: `user${i % 997}`, name: 'A Person' },
              ],
            },
            matching_rules: [{ id: 1, tag: 'bins' }],
          }),
        )
        break
      case 'mastodon':
        lines.push(
          JSON.stringify({
            id,
            created_at: t,
            in_reply_to_id: null,
            language: 'en',
            url: `https://social.example/@u/${id}`,
            content: `<p>${text}</p>`,
            spoiler_text: '',
            reblog: null,
            account: { id: String(i % 997), acct: `u${i % 997}`, display_name: '' },
            mentions: [],
            tags: [],
            replies_count: 0,
            reblogs_count: 0,
            favourites_count: 1,
          }),
        )
        break
      case 'bluesky-jetstream':
        lines.push(
          JSON.stringify({
            did: `did:plc:${(i % 997).toString(36).padStart(8, 'a')}`,
            time_us: (base + i * 1000) * 1000,
            kind: 'commit',
            commit: {
              rev: 'x',
              operation: 'create',
              collection: 'app.bsky.feed.post',
              rkey: `3k${i.toString(36)}`,
              record: {
                $type: 'app.bsky.feed.post',
                createdAt: t,
                langs: ['en'],
                text: `${text} #bins`,
                facets: [
                  {
                    index: { byteStart: text.length + 1, byteEnd: text.length + 6 },
                    features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'bins' }],
                  },
                ],
              },
              cid: 'bafy',
            },
          }),
        )
        break
      case 'reddit':
        lines.push(
          JSON.stringify({
            kind: 't1',
            data: {
              name: `t1_${i.toString(36)}`,
              id: i.toString(36),
              author: `u${i % 997}`,
              body: text,
              created_utc: (base + i * 1000) / 1000,
              parent_id: 't3_abc',
              link_id: 't3_abc',
              permalink: `/r/city/comments/abc/x/${i.toString(36)}/`,
              ups: 2,
            },
          }),
        )
        break
    }
  }
  return lines
}

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

/**
 * Decodes `n` generated lines of each JSON format (auto-detected per line, raw payload not kept)
 * and returns lines/s per format, with the bare JSON.parse rate on the same lines.
 */
export async function benchDecode(n = 100_000): Promise<DecodeBenchResult[]> {
  const results: DecodeBenchResult[] = []
  const formats = ['ndjson', 'x-v2', 'mastodon', 'bluesky-jetstream', 'reddit'] as const
  for (const format of formats) {
    const lines = generateLines(format, n)
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n')
    let t0 = performance.now()
    let sink = 0
    for (const l of lines) sink += (JSON.parse(l) as object) ? 1 : 0
    const parseMs = performance.now() - t0
    t0 = performance.now()
    let posts = 0
    for await (const batch of decodeStream(chunks(bytes, 64 * 1024), {
      format: 'auto' as InputFormat,
      source: 'bench',
      keepRaw: false,
    })) {
      for (const item of batch) if (item.kind === 'post') posts++
    }
    const decodeMs = performance.now() - t0
    if (sink !== n) throw new Error('benchmark sanity check failed')
    results.push({
      format,
      lines: n,
      linesPerSecond: Math.round((n / decodeMs) * 1000),
      jsonParseLinesPerSecond: Math.round((n / parseMs) * 1000),
      ratio: Math.round((decodeMs / parseMs) * 100) / 100,
      posts,
    })
  }
  return results
}

// `node --import tsx packages/adapters/src/decoders/bench.ts [N]` prints the table.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const n = Number(process.argv[2] ?? 100_000)
  for (const r of await benchDecode(n)) console.log(JSON.stringify(r))
}
