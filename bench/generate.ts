/**
 * Generates benchmark inputs: N posts spread over the six input families (X v2 stream lines,
 * Mastodon statuses, Bluesky Jetstream events, Reddit listings, RSS 2.0, CSV, generic NDJSON),
 * deterministic for a given N. Texts are synthetic word salad, not real posts.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { generateLines } from '../packages/adapters/src/decoders/bench.js'

export interface BenchFiles {
  files: string[]
  /** The generic NDJSON file alone (the bare JSON.parse baseline reads this). */
  ndjson: string
  posts: number
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path)
  let buf = ''
  for (const l of lines) {
    buf += l + '\n'
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain')
      buf = ''
    }
  }
  out.end(buf)
  await once(out, 'finish')
}

const WORDS =
  'bins missed collection again road pothole council bus late library thanks broken light park noise flytipping graffiti water leak school housing repair'.split(
    ' ',
  )

function text(i: number): string {
  const n = 8 + (i % 17)
  const w: string[] = []
  let x = i * 2654435761
  for (let k = 0; k < n; k++) {
    x = (x ^ (x >>> 13)) * 1274126177
    w.push(WORDS[Math.abs(x) % WORDS.length] as string)
  }
  return w.join(' ') + ` #${WORDS[i % WORDS.length]}`
}

function* csvRows(n: number, offset: number): Iterable<string> {
  yield 'id,text,created_at,author,lang'
  for (let i = 0; i < n; i++) {
    const t = text(offset + i).replace(/"/g, '""')
    yield `csv-${offset + i},"${t}",2026-10-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,user${i % 5000},en`
  }
}

function* rssDoc(n: number, offset: number): Iterable<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>'
  yield '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench feed</title><link>https://example.org/</link><description>bench</description>'
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(2026, 9, 1 + (i % 28), i % 24)).toUTCString()
    yield `<item><guid>https://example.org/p/${offset + i}</guid><title>Item ${offset + i}</title><link>https://example.org/p/${offset + i}</link><description>${text(offset + i)}</description><pubDate>${d}</pubDate><dc:creator>writer${i % 300}</dc:creator></item>`
  }
  yield '</channel></rss>'
}

/** Writes the benchmark files into `dir` and returns their paths. */
export async function generateBenchFiles(dir: string, total: number): Promise<BenchFiles> {
  const share = Math.floor(total / 7)
  const files: string[] = []
  const jsonFormats = ['x-v2', 'mastodon', 'bluesky-jetstream', 'reddit', 'ndjson'] as const
  let ndjson = ''
  for (const f of jsonFormats) {
    const p = join(dir, `${f}.ndjson`)
    await writeLines(p, generateLines(f, f === 'ndjson' ? total - share * 6 : share))
    files.push(p)
    if (f === 'ndjson') ndjson = p
  }
  const csv = join(dir, 'posts.csv')
  await writeLines(csv, csvRows(share, 10_000_000))
  files.push(csv)
  const rss = join(dir, 'feed.xml')
  await writeLines(rss, rssDoc(share, 20_000_000))
  files.push(rss)
  return { files, ndjson, posts: total }
}

/** Writes one generic NDJSON file of `n` posts (the 1M-post bounded-memory check). */
export async function generateNdjson(path: string, n: number): Promise<void> {
  await writeLines(path, generateLines('ndjson', n))
}
