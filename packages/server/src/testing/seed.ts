/**
 * Test and demo seeding: an in-memory (or file) store with one user per role, labelled posts with
 * their series rows and FTS entries, and incidents with timelines. Deterministic (no randomness).
 */
import { sql, type Kysely } from 'kysely'
import { openSqliteStore, type SqliteStore } from '@civicpulse/adapters'
import { Q, type Database } from '../adapters.js'
import { addUser } from '../auth/users.js'
import type { Role } from '../auth/roles.js'

/** The seeded users' password (all roles). */
export const TEST_PASSWORD = 'correct-horse-battery'

/** Seeded user e-mails by role. */
export const TEST_USERS: Record<Role, string> = {
  admin: 'admin@test.local',
  analyst: 'analyst@test.local',
  responder: 'responder@test.local',
  viewer: 'viewer@test.local',
}

/** The seed's clock: the hour after the newest seeded post. */
export const SEED_NOW = Date.UTC(2026, 10, 20, 12, 0, 0)

/** A post to seed. */
export interface SeedPost {
  text: string
  createdAt: number
  platform?: string
  handle?: string
  service?: string | null
  intent?: string | null
  sentiment?: 'negative' | 'neutral' | 'positive' | null
  ward?: string | null
  lang?: string
  abuse?: number
}

const SERVICES = [
  'waste.missed-collection',
  'waste.fly-tipping',
  'cleaning.litter',
  'cleaning.graffiti',
]
const WARDS = ['E05013714', 'E05013715', 'E05013716', 'E05013717']
const INTENTS = ['complaint', 'complaint', 'question', 'praise', 'information']
const SENTS = ['negative', 'neutral', 'positive'] as const

/** The default seeded posts: 120 ordinary ones over two days plus a few hostile ones for security tests. */
export function defaultPosts(): SeedPost[] {
  const out: SeedPost[] = []
  for (let i = 0; i < 120; i++) {
    const service = SERVICES[i % SERVICES.length] ?? null
    const intent = INTENTS[i % INTENTS.length] ?? null
    out.push({
      text: `Post ${i}: the ${service?.split('.')[1]?.replace('-', ' ')} on my street again #${i % 7}`,
      createdAt: SEED_NOW - (i + 1) * 20 * 60_000,
      platform: i % 3 === 0 ? 'bluesky' : 'x',
      handle: `@resident${i}`,
      service,
      intent,
      sentiment: intent === 'praise' ? 'positive' : (SENTS[i % 2 === 0 ? 0 : 1] ?? null),
      ward: WARDS[i % WARDS.length] ?? null,
      lang: 'en',
    })
  }
  out.push({
    text: 'Bins <script>alert(1)</script> not collected <img src=x onerror=alert(2)>',
    createdAt: SEED_NOW - 5 * 60_000,
    service: 'waste.missed-collection',
    intent: 'complaint',
    sentiment: 'negative',
    ward: WARDS[0] ?? null,
    handle: '@xss',
  })
  out.push({
    text: '=HYPERLINK("http://evil.example","click") fly tipping',
    createdAt: SEED_NOW - 6 * 60_000,
    service: 'waste.fly-tipping',
    intent: 'complaint',
    sentiment: 'negative',
    ward: WARDS[1] ?? null,
    handle: '@formula',
  })
  out.push({
    text: 'You useless lot, the graffiti is still there',
    createdAt: SEED_NOW - 7 * 60_000,
    service: 'cleaning.graffiti',
    intent: 'complaint',
    sentiment: 'negative',
    ward: WARDS[2] ?? null,
    handle: '@angry',
    abuse: 0.9,
  })
  return out
}

/** Inserts posts with labels, FTS rows and series counts; returns their row ids in order. */
export async function seedPosts(db: Kysely<Database>, posts: SeedPost[]): Promise<number[]> {
  const ids: number[] = []
  for (const [k, p] of posts.entries()) {
    const labels = {
      id: `seed-${k}`,
      relevant: { p: 0.9 },
      intent: { label: p.intent ?? 'other', p: 0.8 },
      service: { code: p.service ?? 'other.general', name: p.service ?? 'Other', p: 0.7, top: [] },
      sentiment: {
        label: p.sentiment ?? 'neutral',
        score: p.sentiment === 'negative' ? -0.6 : p.sentiment === 'positive' ? 0.6 : 0,
      },
      urgency: { score: 0.1, flags: [] },
      language: { code: p.lang ?? 'en', p: 0.99 },
      places: p.ward ? [{ kind: 'ward', name: p.ward, wardCode: p.ward, via: 'text', p: 0.8 }] : [],
      spam: { p: 0.01 },
      abuse: { p: p.abuse ?? 0.01 },
      model: 'seed',
    }
    const r = await db
      .insertInto('posts')
      .values({
        platform: p.platform ?? 'x',
        platform_id: `seed-${k}`,
        url: `https://example.invalid/${k}`,
        author_id: `a${k}`,
        author_handle: p.handle ?? null,
        author_name: null,
        author_key: `k${k}`,
        text: p.text,
        display_text: p.text,
        lang_hint: null,
        created_at: p.createdAt,
        received_at: p.createdAt + 1000,
        reply_to_id: null,
        quote_of_id: null,
        repost_of_id: null,
        conversation_id: null,
        hashtags: '[]',
        mentions: '[]',
        links: '[]',
        lat: null,
        lon: null,
        place_name: null,
        metrics: null,
        raw: null,
        source: 'seed',
        relevant_p: 0.9,
        intent: p.intent ?? null,
        intent_p: 0.8,
        service_code: p.service ?? null,
        service_p: 0.7,
        sentiment: p.sentiment ?? null,
        sentiment_score: labels.sentiment.score,
        urgency: 0.1,
        lang: p.lang ?? 'en',
        ward_code: p.ward ?? null,
        spam_p: 0.01,
        abuse_p: p.abuse ?? 0.01,
        labels: JSON.stringify(labels),
        labelled_at: p.createdAt + 2000,
        model_version: 'seed',
        simhash: null,
        dup_of: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids.push(r.id)
    await sql`INSERT INTO posts_fts(rowid, display_text) VALUES (${r.id}, ${p.text})`.execute(db)
    for (const [res, step] of [
      ['m5', 300_000],
      ['h1', 3_600_000],
      ['d1', 86_400_000],
    ] as const) {
      const s = p.sentiment
      await db
        .insertInto('series')
        .values({
          res,
          bucket: Math.floor(p.createdAt / step) * step,
          service_code: p.service ?? '',
          ward_code: p.ward ?? '',
          intent: p.intent ?? '',
          n: 1,
          neg: s === 'negative' ? 1 : 0,
          neu: s === 'neutral' || !s ? 1 : 0,
          pos: s === 'positive' ? 1 : 0,
        })
        .onConflict((oc) =>
          oc
            .columns(['res', 'bucket', 'service_code', 'ward_code', 'intent'])
            .doUpdateSet((eb) => ({
              n: eb('series.n', '+', eb.ref('excluded.n')),
              neg: eb('series.neg', '+', eb.ref('excluded.neg')),
              neu: eb('series.neu', '+', eb.ref('excluded.neu')),
              pos: eb('series.pos', '+', eb.ref('excluded.pos')),
            })),
        )
        .execute()
    }
  }
  await Q.rebuildSeriesRollups(db)
  return ids
}

/** Inserts an incident with an "opened" event and its posts; returns its row id. */
export async function seedIncident(
  db: Kysely<Database>,
  i: {
    publicId: string
    title: string
    service: string
    areas: string[]
    postIds: number[]
    at: number
    status?: string
    severity?: string
  },
): Promise<number> {
  const r = await db
    .insertInto('incidents')
    .values({
      public_id: i.publicId,
      title: i.title,
      service_code: i.service,
      areas: JSON.stringify(i.areas),
      started_at: i.at,
      updated_at: i.at,
      status: i.status ?? 'open',
      severity: i.severity ?? 'high',
      observed: i.postIds.length,
      expected: 2.5,
      summary: `${i.postIds.length} posts where about 2.5 were expected.`,
      merged_into: null,
      detail: JSON.stringify({ keyTerms: ['bins', 'collection'] }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('incident_events')
    .values({
      incident_id: r.id,
      at: i.at,
      kind: 'opened',
      detail: JSON.stringify({ observed: i.postIds.length }),
    })
    .execute()
  for (const [k, pid] of i.postIds.entries())
    await db
      .insertInto('incident_posts')
      .values({ incident_id: r.id, post_id: pid, representative: k < 3 ? 1 : 0 })
      .execute()
  return r.id
}

/** A seeded store: users for every role, default posts and two incidents. */
export async function seedStore(
  opts: { path?: string; posts?: SeedPost[] } = {},
): Promise<{ store: SqliteStore; postIds: number[] }> {
  const store = await openSqliteStore({ path: opts.path ?? ':memory:' })
  for (const [role, email] of Object.entries(TEST_USERS))
    await addUser(store.db, { email, password: TEST_PASSWORD, role })
  const postIds = await seedPosts(store.db, opts.posts ?? defaultPosts())
  await seedIncident(store.db, {
    publicId: 'inc-bins-bellingham',
    title: 'Missed bin collections in Bellingham',
    service: 'waste.missed-collection',
    areas: ['E05013714'],
    postIds: postIds
      .slice(0, 12)
      .filter((_, k) => k % 4 === 0)
      .concat(postIds.slice(-3, -2)),
    at: SEED_NOW - 3_600_000,
  })
  await seedIncident(store.db, {
    publicId: 'inc-fly-tipping',
    title: 'Fly-tipping reports in Blackheath',
    service: 'waste.fly-tipping',
    areas: ['E05013715'],
    postIds: postIds.slice(1, 20).filter((_, k) => k % 4 === 0),
    at: SEED_NOW - 2 * 3_600_000,
    severity: 'medium',
  })
  return { store, postIds }
}

/** Inserts an incident the way the detect stage stores it (a core `Incident` in `detail`); returns its public id. */
export async function seedCoreIncident(
  db: Kysely<Database>,
  o: { id: string; title: string; service: string; areas: string[]; postIds: number[]; at: number },
): Promise<string> {
  const inc = {
    id: o.id,
    title: o.title,
    service: o.service,
    areas: o.areas,
    startedAt: o.at,
    updatedAt: o.at,
    lastEvidenceAt: o.at,
    status: 'open',
    severity: 'high',
    observed: o.postIds.length,
    expected: 1,
    peakSurprise: 9,
    keyTerms: ['flood'],
    posts: o.postIds.slice(0, 3).map(String),
    memberPosts: o.postIds.map(String),
    distinctPosts: o.postIds.length,
    mergedInto: null,
    signalKeys: [],
    timeline: [{ time: o.at, kind: 'opened', text: 'Opened: more posts than usual.' }],
  }
  const r = await db
    .insertInto('incidents')
    .values({
      public_id: o.id,
      title: o.title,
      service_code: o.service,
      areas: JSON.stringify(o.areas),
      started_at: o.at,
      updated_at: o.at,
      status: 'open',
      severity: 'high',
      observed: o.postIds.length,
      expected: 1,
      summary: 'Opened: more posts than usual.',
      merged_into: null,
      detail: JSON.stringify(inc),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('incident_events')
    .values({
      incident_id: r.id,
      at: o.at,
      kind: 'opened',
      detail: 'Opened: more posts than usual.',
    })
    .execute()
  for (const [k, pid] of o.postIds.entries())
    await db
      .insertInto('incident_posts')
      .values({ incident_id: r.id, post_id: pid, representative: k < 3 ? 1 : 0 })
      .execute()
  return o.id
}
