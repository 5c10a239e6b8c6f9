/**
 * Campaign exports: CSV (formula-leading cells neutralised) and JSON of the posts and the themes.
 * No author fields are exported.
 */
import { toCsv, type Theme } from '@civicpulse/core'
import type { CampaignExportRow } from '../campaigns/repository.js'

const POST_COLUMNS = [
  'postId',
  'platform',
  'createdAt',
  'via',
  'theme',
  'intent',
  'sentiment',
  'service',
  'ward',
  'text',
] as const

/** The campaign's posts as CSV. */
export function campaignPostsCsv(rows: readonly CampaignExportRow[]): string {
  return toCsv(
    POST_COLUMNS,
    rows.map((r) => POST_COLUMNS.map((c) => r[c])),
  )
}

/** The campaign's themes as CSV (one row per theme, first quote included). */
export function campaignThemesCsv(themes: readonly Omit<Theme, 'memberIds'>[]): string {
  return toCsv(
    ['theme', 'label', 'size', 'share', 'negative', 'neutral', 'positive', 'terms', 'quote'],
    themes.map((t) => [
      t.id,
      t.label,
      t.size,
      Number(t.share.toFixed(4)),
      t.sentiment.negative,
      t.sentiment.neutral,
      t.sentiment.positive,
      t.terms.join(' '),
      t.quotes[0] ?? '',
    ]),
  )
}

/** The campaign's posts as pretty JSON. */
export function campaignPostsJson(rows: readonly CampaignExportRow[]): string {
  return JSON.stringify(rows, null, 2) + '\n'
}
