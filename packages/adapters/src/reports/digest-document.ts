/**
 * The periodic digest as one call: read its figures from the store, build it and render it as
 * HTML (the PDF is printed from that HTML). Shared by the CLI, the HTTP API and the e-mail scheduler.
 */
import type { Kysely } from 'kysely'
import { buildDigest, type Digest } from '@civicpulse/core'
import { loadDigestInput } from '../campaigns/digest-source.js'
import type { Database } from '../store/schema.js'
import { renderDigestReport } from './digest-report.js'

const DAY = 86_400_000

/** Plain names for service and ward codes (codes are shown when a name is missing). */
export interface DigestLabels {
  services?: ReadonlyMap<string, string>
  wards?: ReadonlyMap<string, string>
}

/** The digest's figures and its HTML page. */
export interface DigestDocument {
  digest: Digest
  html: string
}

/** The digest JSON as the API and CLI print it (an unbounded change is `null`). */
export function digestJson(d: Digest): string {
  return JSON.stringify(d, (_k, v: unknown) => (v === Infinity ? null : v), 2) + '\n'
}

/** The default period: the 7 days up to the end (UTC) of the day of the newest post (`now` when empty). */
export async function defaultDigestPeriod(
  db: Kysely<Database>,
  nowMs: number,
  days = 7,
): Promise<{ fromMs: number; toMs: number }> {
  const r = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.max('created_at').as('t'))
    .executeTakeFirst()
  const newest = r?.t === null || r?.t === undefined ? nowMs : Number(r.t)
  const toMs = Math.floor(newest / DAY) * DAY + DAY
  return { fromMs: toMs - days * DAY, toMs }
}

/** Builds and renders the digest of [fromMs, toMs). */
export async function digestDocument(
  db: Kysely<Database>,
  o: {
    fromMs: number
    toMs: number
    labels?: DigestLabels
    timeZone?: string
    generatedAtMs: number
    title?: string
  },
): Promise<DigestDocument> {
  const digest = buildDigest(await loadDigestInput(db, o.fromMs, o.toMs, o.labels ?? {}))
  const html = renderDigestReport(digest, {
    generatedAtMs: o.generatedAtMs,
    timeZone: o.timeZone ?? 'Europe/London',
    ...(o.title ? { title: o.title } : {}),
  })
  return { digest, html }
}
