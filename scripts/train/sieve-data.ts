/**
 * Readers for the shared training data (`../shared/data`): each returns plain `{ text, label, split, … }`
 * rows. Nothing from these files is copied into the repository; only trained weights are written.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadTaxonomy } from '../../packages/adapters/src/sieve/taxonomy/index.ts'

/** One row of a shared NDJSON data file (fields vary by dataset). */
export type Row = Record<string, unknown> & { text: string }

/** Reads an NDJSON file from `shared/data/<rel>`, dropping rows without text. */
export function readRows(dataDir: string, rel: string): Row[] {
  const out: Row[] = []
  for (const line of readFileSync(join(dataDir, rel), 'utf8').split('\n')) {
    if (!line.trim()) continue
    const r = JSON.parse(line) as Record<string, unknown>
    if (typeof r['text'] !== 'string' || !(r['text'] as string).trim()) continue
    out.push(r as Row)
  }
  return out
}

/** Stable pseudo-random split of an id into [0,1) (for datasets without an official split). */
export function hashUnit(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) / 4294967296
}

/** Deterministically takes up to n rows (seeded by id hash order). */
export function sample<T extends Record<string, unknown>>(rows: T[], n: number, salt = ''): T[] {
  if (rows.length <= n) return rows
  return rows
    .map((r, i) => ({ r, k: hashUnit(salt + String(r['id'] ?? i)) }))
    .sort((a, b) => a.k - b.k)
    .slice(0, n)
    .map((x) => x.r)
}

/** The taxonomy's example phrasings (every language) as rows: the project's own civic posts. */
export function taxonomyRows(): Row[] {
  const out: Row[] = []
  for (const s of loadTaxonomy().services) {
    for (const [lang, list] of Object.entries(s.examples)) {
      for (const text of list) out.push({ id: `tax:${s.code}:${lang}:${text}`, text })
    }
  }
  return out
}

/**
 * Customer-support accounts in the customer-support tweet sample that run a public service (rail operators,
 * National Rail, Transport for London). Inbound tweets to them are real tweet-style posts about public services.
 */
export const PUBLIC_SERVICE_ACCOUNTS = [
  'VirginTrains',
  'nationalrailenq',
  'GWRHelp',
  'SW_Help',
  'LondonMidland',
  'TfL',
]

/** Splits the sample's inbound tweets into those addressed to a public-service account (or answered by one) and the rest. */
export function splitPublicServiceInbound(all: Row[]): { publicService: Row[]; other: Row[] } {
  const accounts = new Set(PUBLIC_SERVICE_ACCOUNTS.map((a) => a.toLowerCase()))
  const mention = new RegExp(`@(${PUBLIC_SERVICE_ACCOUNTS.join('|')})\\b`, 'i')
  const answered = new Set(
    all
      .filter((r) => r['inbound'] === false && accounts.has(String(r['author_id']).toLowerCase()))
      .map((r) => String(r['in_response_to'])),
  )
  const publicService: Row[] = []
  const other: Row[] = []
  for (const r of all) {
    if (r['inbound'] !== true) continue
    if (mention.test(r.text) || answered.has(String(r['id']))) publicService.push(r)
    else other.push(r)
  }
  return { publicService, other }
}
