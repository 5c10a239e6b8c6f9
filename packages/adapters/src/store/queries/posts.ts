/**
 * Read queries over posts for the API: filtered, cursor-paginated listing (with FTS5 full text on
 * SQLite), one post with its corrections, and applying a person's correction to the labels.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { seriesKeyOf, type Labels } from '@civicpulse/core'
import type { Database } from '../schema.js'
import { moveSeriesCount, type SeriesKey } from './series.js'
import { ftsQuery } from '../sqlite/sqlite-functions.js'

/** Filters shared by the post list, the CSV export and the drill-down from charts. */
export interface PostFilter {
  from?: number | undefined
  to?: number | undefined
  service?: string | undefined
  intent?: string | undefined
  sentiment?: string | undefined
  ward?: string | undefined
  lang?: string | undefined
  platform?: string | undefined
  q?: string | undefined
}

/** The position after the last row of a page: (created_at, id), newest first. */
export interface PostCursor {
  createdAt: number
  id: number
}

/** One row of a post listing (no raw payload, no author id). */
export interface PostRow {
  id: number
  platform: string
  created_at: number
  author_handle: string | null
  display_text: string
  lang: string | null
  intent: string | null
  intent_p: number | null
  service_code: string | null
  service_p: number | null
  sentiment: string | null
  sentiment_score: number | null
  urgency: number | null
  ward_code: string | null
  abuse_p: number | null
  spam_p: number | null
}

const LIST_COLUMNS = [
  'id',
  'platform',
  'created_at',
  'author_handle',
  'display_text',
  'lang',
  'intent',
  'intent_p',
  'service_code',
  'service_p',
  'sentiment',
  'sentiment_score',
  'urgency',
  'ward_code',
  'abuse_p',
  'spam_p',
] as const

function applyFilter<O>(
  q: SelectQueryBuilder<Database, 'posts', O>,
  f: PostFilter,
): SelectQueryBuilder<Database, 'posts', O> {
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from)
  if (f.to !== undefined) q = q.where('created_at', '<', f.to)
  if (f.service) q = q.where('service_code', '=', f.service)
  if (f.intent) q = q.where('intent', '=', f.intent)
  if (f.sentiment) q = q.where('sentiment', '=', f.sentiment)
  if (f.ward) q = q.where('ward_code', '=', f.ward)
  if (f.lang) q = q.where('lang', '=', f.lang)
  if (f.platform) q = q.where('platform', '=', f.platform)
  return q
}

/**
 * Full-text listing (SQLite FTS5): walks the index newest stored first (rowid descending) and stops
 * after a page of matches, so a common word costs a page, not every match. Other filters apply to
 * each match as it streams.
 */
async function listPostsFts(
  db: Kysely<Database>,
  match: string,
  f: PostFilter,
  page: { limit: number; cursor?: PostCursor | undefined },
) {
  const conds = [sql`posts_fts MATCH ${match}`]
  if (f.from !== undefined) conds.push(sql`p.created_at >= ${f.from}`)
  if (f.to !== undefined) conds.push(sql`p.created_at < ${f.to}`)
  for (const [col, v] of [
    ['service_code', f.service],
    ['intent', f.intent],
    ['sentiment', f.sentiment],
    ['ward_code', f.ward],
    ['lang', f.lang],
    ['platform', f.platform],
  ] as const) {
    if (v) conds.push(sql`${sql.ref(`p.${col}`)} = ${v}`)
  }
  if (page.cursor) conds.push(sql`posts_fts.rowid < ${page.cursor.id}`)
  const cols = sql.join(LIST_COLUMNS.map((c) => sql.ref(`p.${c}`)))
  const r = await sql<PostRow>`SELECT ${cols} FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY posts_fts.rowid DESC LIMIT ${page.limit + 1}`.execute(
    db,
  )
  return r.rows
}

/**
 * Lists posts newest first (by creation time; with full text, newest stored first); returns `limit`
 * rows and the cursor of the next page when there is one.
 */
export async function listPosts(
  db: Kysely<Database>,
  filter: PostFilter,
  page: { limit: number; cursor?: PostCursor | undefined },
): Promise<{ rows: PostRow[]; next: PostCursor | undefined }> {
  if (filter.q) {
    const match = ftsQuery(filter.q)
    const rows = match ? await listPostsFts(db, match, filter, page) : []
    const more = rows.length > page.limit
    if (more) rows.pop()
    const last = rows[rows.length - 1]
    return {
      rows,
      next: more && last ? { createdAt: Number(last.created_at), id: last.id } : undefined,
    }
  }
  let q = applyFilter(db.selectFrom('posts').select(LIST_COLUMNS), filter)
  const c = page.cursor
  if (c)
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', c.createdAt),
        eb.and([eb('created_at', '=', c.createdAt), eb('id', '<', c.id)]),
      ]),
    )
  const rows = (await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()) as PostRow[]
  const more = rows.length > page.limit
  if (more) rows.pop()
  const last = rows[rows.length - 1]
  return {
    rows,
    next: more && last ? { createdAt: Number(last.created_at), id: last.id } : undefined,
  }
}

/** A post with everything the detail view shows. */
export interface PostDetailRow extends PostRow {
  url: string | null
  labels: string | null
  labelled_at: number | null
  model_version: string | null
  relevant_p: number | null
  dup_of: number | null
  place_name: string | null
}

/** Reads one post by row id. */
export async function getPost(
  db: Kysely<Database>,
  id: number,
): Promise<PostDetailRow | undefined> {
  return (await db
    .selectFrom('posts')
    .select([
      ...LIST_COLUMNS,
      'url',
      'labels',
      'labelled_at',
      'model_version',
      'relevant_p',
      'dup_of',
      'place_name',
    ])
    .where('id', '=', id)
    .executeTakeFirst()) as PostDetailRow | undefined
}

/** Lists the corrections made to a post, oldest first. */
export async function listCorrections(db: Kysely<Database>, postId: number) {
  return db
    .selectFrom('corrections')
    .selectAll()
    .where('post_id', '=', postId)
    .orderBy('id', 'asc')
    .execute()
}

/** Which label a person may correct. */
export type CorrectionTask = 'intent' | 'service' | 'sentiment' | 'ward' | 'relevant' | 'abuse'

/** What a correction changed. */
export interface AppliedCorrection {
  postId: number
  task: CorrectionTask
  oldValue: string | null
  newValue: string
  actor: string
  at: number
}

type LabelsJson = Record<string, unknown> & {
  intent?: { label: string; p: number }
  service?: { code: string; name: string; p: number; top?: unknown[] }
  sentiment?: { label: string; score: number }
  places?: Array<Record<string, unknown>>
  relevant?: { p: number }
  abuse?: { p: number }
  corrected?: string[]
}

/**
 * Stores a correction and overrides the label column and the labels JSON in one transaction, so
 * every view shows the person's value at once. `serviceName`/`wardName` fill the JSON's names.
 */
export async function applyCorrection(
  db: Kysely<Database>,
  c: {
    postId: number
    task: CorrectionTask
    value: string
    actor: string
    at: number
    serviceName?: string | undefined
    wardName?: string | undefined
  },
): Promise<AppliedCorrection | undefined> {
  return db.transaction().execute(async (trx) => {
    const post = await trx
      .selectFrom('posts')
      .select([
        'id',
        'intent',
        'service_code',
        'sentiment',
        'ward_code',
        'relevant_p',
        'abuse_p',
        'labels',
        'created_at',
      ])
      .where('id', '=', c.postId)
      .executeTakeFirst()
    if (!post) return undefined
    let labels: LabelsJson = {}
    try {
      labels = post.labels ? (JSON.parse(post.labels) as LabelsJson) : {}
    } catch {
      labels = {}
    }
    let oldValue: string | null
    const update: Partial<
      Record<
        | 'intent'
        | 'intent_p'
        | 'service_code'
        | 'service_p'
        | 'sentiment'
        | 'sentiment_score'
        | 'ward_code'
        | 'relevant_p'
        | 'abuse_p',
        string | number | null
      >
    > = {}
    switch (c.task) {
      case 'intent':
        oldValue = post.intent
        update.intent = c.value
        update.intent_p = 1
        labels.intent = { label: c.value, p: 1 }
        break
      case 'service':
        oldValue = post.service_code
        update.service_code = c.value
        update.service_p = 1
        labels.service = {
          ...(labels.service ?? { top: [] }),
          code: c.value,
          name: c.serviceName ?? c.value,
          p: 1,
        }
        break
      case 'sentiment': {
        oldValue = post.sentiment
        const score = c.value === 'negative' ? -1 : c.value === 'positive' ? 1 : 0
        update.sentiment = c.value
        update.sentiment_score = score
        labels.sentiment = { label: c.value, score }
        break
      }
      case 'ward':
        oldValue = post.ward_code
        update.ward_code = c.value
        labels.places = [
          {
            kind: 'ward',
            name: c.wardName ?? c.value,
            wardCode: c.value,
            wardName: c.wardName ?? c.value,
            via: 'text',
            p: 1,
          },
          ...(labels.places ?? []).filter((p) => p['kind'] !== 'ward'),
        ]
        break
      case 'relevant':
      case 'abuse': {
        const yes = c.value === 'yes'
        oldValue =
          c.task === 'relevant'
            ? post.relevant_p == null
              ? null
              : post.relevant_p >= 0.5
                ? 'yes'
                : 'no'
            : post.abuse_p == null
              ? null
              : post.abuse_p >= 0.5
                ? 'yes'
                : 'no'
        update[c.task === 'relevant' ? 'relevant_p' : 'abuse_p'] = yes ? 1 : 0
        labels[c.task] = { p: yes ? 1 : 0 }
        break
      }
    }
    labels.corrected = [...new Set([...(labels.corrected ?? []), c.task])]
    // The charts and the map count the corrected label from now on: move this post's count.
    await moveSeriesCount(
      trx,
      Number(post.created_at),
      keyOf(post.labels),
      keyOf(JSON.stringify(labels)),
    )
    await trx
      .updateTable('posts')
      .set({ ...(update as Record<string, never>), labels: JSON.stringify(labels) })
      .where('id', '=', c.postId)
      .execute()
    await trx
      .insertInto('corrections')
      .values({
        post_id: c.postId,
        task: c.task,
        old_value: oldValue,
        new_value: c.value,
        actor: c.actor,
        at: c.at,
      })
      .execute()
    return { postId: c.postId, task: c.task, oldValue, newValue: c.value, actor: c.actor, at: c.at }
  })
}

/** The series key of a stored labels JSON, or undefined when the post is not counted or has no labels. */
function keyOf(json: string | null): SeriesKey | undefined {
  if (!json) return undefined
  try {
    return seriesKeyOf(JSON.parse(json) as Labels)
  } catch {
    return undefined
  }
}
