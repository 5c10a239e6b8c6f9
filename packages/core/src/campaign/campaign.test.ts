import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  adjustedRandIndex,
  attachPosts,
  buildCampaignView,
  buildDigest,
  CampaignMatcher,
  csvCell,
  groupThemes,
  hashtagsOf,
  parseCampaign,
  participationOf,
  purity,
  quoteText,
  toCsv,
  type ConversePost,
} from '../index.js'
import { AppError } from '../errors.js'
import { syntheticContributions } from '../testing/campaign-synthetic.js'

const T0 = Date.parse('2026-07-14T09:00:00Z')
const campaign = parseCampaign({
  name: 'Parks Review',
  hashtags: ['#LewishamParksReview', 'AskLewisham'],
  accounts: ['@LewishamCouncil@mastodon.social', 'did:plc:council'],
  keywords: ['park review'],
  startsAt: '2026-07-14T09:00:00Z',
  endsAt: '2026-07-21T00:00:00Z',
})

function post(over: Partial<ConversePost> & { platformId: string }): ConversePost {
  return {
    id: over.platformId,
    platform: 'x',
    authorKey: `k-${over.platformId}`,
    text: '',
    hashtags: [],
    createdAtMs: T0 + 3_600_000,
    ...over,
  }
}

test('a campaign is validated and normalised; problems are listed in plain words', () => {
  assert.deepEqual(campaign.hashtags, ['lewishamparksreview', 'asklewisham'])
  assert.deepEqual(campaign.accounts, ['lewishamcouncil@mastodon.social', 'did:plc:council'])
  assert.throws(
    () =>
      parseCampaign({
        name: '',
        hashtags: [],
        startsAt: '2026-07-14T09:00:00Z',
        endsAt: '2026-07-01T00:00:00Z',
      }),
    (e: unknown) =>
      e instanceof AppError &&
      /name/.test(e.message) &&
      /hashtag/.test(e.message) &&
      /end after it starts/.test(e.message),
  )
})

test('attachment: hashtags (list or text), keywords, own posts, replies and quotes to own posts, within the period', () => {
  const m = new CampaignMatcher(campaign)
  assert.equal(m.match(post({ platformId: '1', hashtags: ['LEWISHAMPARKSREVIEW'] })), 'hashtag')
  assert.equal(m.match(post({ platformId: '2', text: 'More bins please #asklewisham' })), 'hashtag')
  assert.equal(m.match(post({ platformId: '3', text: 'my Park Review idea: benches' })), 'keyword')
  assert.equal(m.match(post({ platformId: '4', text: 'no tag here' })), undefined)
  assert.equal(
    m.match(post({ platformId: '5', hashtags: ['lewishamparksreview'], createdAtMs: T0 - 1 })),
    undefined,
    'before the period',
  )
  assert.equal(
    m.match(
      post({
        platformId: '6',
        hashtags: ['lewishamparksreview'],
        createdAtMs: Date.parse('2026-07-21T00:00:00Z'),
      }),
    ),
    undefined,
    'after the period',
  )
  assert.equal(
    m.match(
      post({
        platformId: 'c1',
        platform: 'mastodon',
        authorHandle: 'LewishamCouncil',
        text: 'Tell us #LewishamParksReview',
      }),
    ),
    'own',
  )
  assert.equal(
    m.match(
      post({
        platformId: 'c2',
        platform: 'bluesky',
        authorId: 'did:plc:council',
        text: 'Tell us #LewishamParksReview',
      }),
    ),
    'own',
  )
  assert.equal(
    m.match(
      post({ platformId: 'r1', platform: 'mastodon', replyToId: 'c1', text: 'Open the toilets' }),
    ),
    'reply',
  )
  assert.equal(
    m.match(post({ platformId: 'q1', platform: 'bluesky', quoteOfId: 'c2', text: 'This!' })),
    'quote',
  )
  assert.equal(
    m.match(post({ platformId: 'r2', platform: 'x', replyToId: 'c1' })),
    undefined,
    'same id on another platform',
  )
  assert.equal(
    m.match(post({ platformId: 'r3', platform: 'mastodon', replyToId: 'r1' })),
    undefined,
    'a reply to a resident is not attached',
  )
  assert.deepEqual([...hashtagsOf({ text: 'a#b &#39; #Café_2', hashtags: [] })], ['café_2'])
  const spam = attachPosts(campaign, [
    post({ platformId: 's', hashtags: ['asklewisham'], spam: true }),
  ])
  assert.equal(spam.length, 0, 'spam is never attached')
})

test('participation counts distinct people without listing them; own posts are apart', () => {
  const p = participationOf([
    { authorKey: 'a', platform: 'x', createdAtMs: T0 },
    { authorKey: 'a', platform: 'x', createdAtMs: T0 + 1000 },
    {
      authorKey: 'b',
      platform: 'reddit',
      createdAtMs: T0 + 86_400_000,
      sentiment: 'negative',
      intent: 'question',
    },
    { authorKey: 'council', platform: 'x', createdAtMs: T0, own: true },
  ])
  assert.equal(p.posts, 3)
  assert.equal(p.participants, 2)
  assert.equal(p.ownPosts, 1)
  assert.deepEqual(p.byPlatform, { x: 2, reddit: 1 })
  assert.deepEqual(
    p.overTime.map((b) => [b.posts, b.participants]),
    [
      [2, 1],
      [1, 1],
    ],
  )
  assert.ok(!JSON.stringify(p).includes('"a"'), 'no author key in the figures')
})

test('CSV neutralises formula-leading cells and quotes properly', () => {
  for (const bad of ['=1+1', '+44 20', '-2', '@SUM(A1)', '\tx', '\rx'])
    assert.equal(csvCell(bad).replace(/^"/, '').charAt(0), "'", bad)
  assert.equal(csvCell(-2), '-2', 'numbers stay numbers')
  assert.equal(csvCell('a,"b"'), '"a,""b"""')
  assert.equal(toCsv(['x', 'y'], [['=cmd|calc', 'ok']]), "x,y\r\n'=cmd|calc,ok\r\n")
})

test('purity and adjusted Rand index', () => {
  assert.equal(adjustedRandIndex([1, 1, 2, 2], ['a', 'a', 'b', 'b']), 1)
  assert.equal(purity([1, 1, 1, 1], ['a', 'a', 'b', 'b']), 0.5)
  assert.ok(Math.abs(adjustedRandIndex([1, 2, 1, 2], ['a', 'a', 'b', 'b'])) < 0.6)
  assert.ok(
    adjustedRandIndex([0, 0, 0, 1, 1, 1, 2, 2], ['a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']) < 0.5,
  )
})

test('quotes drop handles and links and are capped', () => {
  assert.equal(
    quoteText('@alice.bsky.social thanks @Bob_1 see https://x.co/a more'),
    'thanks see more',
  )
  assert.equal(quoteText('RT @someone: hello'), 'hello')
  assert.equal(quoteText('x'.repeat(400)).length, 280)
})

test('theme grouping recovers planted topics, labels them in plain words and never quotes abuse', () => {
  const { items, truth } = syntheticContributions(600)
  const r = groupThemes(items, { stopWords: ['LewishamParksReview'] })
  const pred = items.map((i) => r.assignment.get(i.id)!)
  assert.ok(purity(pred, truth) >= 0.9, `purity ${purity(pred, truth)}`)
  assert.ok(adjustedRandIndex(pred, truth) >= 0.65, `ARI ${adjustedRandIndex(pred, truth)}`)
  for (const t of r.themes) {
    assert.match(t.label, /^[A-Z][\p{L}\- ,]+$/u)
    assert.ok(t.quotes.length > 0)
    for (const q of t.quotes) assert.ok(!q.includes('idiots'), `quoted an abusive post: ${q}`)
    assert.equal(t.sentiment.negative + t.sentiment.neutral + t.sentiment.positive, t.size)
    assert.equal(
      t.overTime.reduce((s, b) => s + b.size, 0),
      t.size,
    )
  }
  // deterministic
  const again = groupThemes(items, { stopWords: ['LewishamParksReview'] })
  assert.deepEqual(
    again.themes.map((t) => [t.label, t.size]),
    r.themes.map((t) => [t.label, t.size]),
  )
})

test('copies join their original theme; empty input gives no themes', () => {
  const { items } = syntheticContributions(100)
  const withCopy = [...items, { id: 'copy', text: 'RT', createdAtMs: T0, duplicateOf: '3' }]
  const r = groupThemes(withCopy, { k: 5 })
  assert.equal(r.assignment.get('copy'), r.assignment.get('3'))
  assert.deepEqual(groupThemes([]).themes, [])
})

test('grouping 10,000 contributions takes under five seconds of one core', (t) => {
  const { items } = syntheticContributions(10_000, 11)
  // CPU time of this process (one thread): wall time depends on what else the machine runs
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const r = groupThemes(items)
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const cpuMs = (cpu.user + cpu.system) / 1000
  t.diagnostic(
    `10,000 contributions grouped into ${r.themes.length} themes: ${cpuMs.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`,
  )
  assert.ok(r.themes.length >= 3)
  assert.ok(cpuMs < 5000, `took ${cpuMs.toFixed(0)} ms of CPU`)
})

test('the campaign view counts contributions and participants, and themes never list authors', () => {
  const m = [
    post({
      platformId: 'c1',
      platform: 'mastodon',
      authorHandle: 'LewishamCouncil',
      authorKey: 'council',
      text: 'Tell us #LewishamParksReview',
    }),
    ...syntheticContributions(60).items.map((i, n) =>
      post({
        platformId: `p${n}`,
        authorKey: `person-${n % 20}`,
        text: i.text,
        intent: n % 7 === 0 ? 'question' : 'suggestion',
      }),
    ),
  ]
  const attached = attachPosts(campaign, m)
  const { view, themeOf } = buildCampaignView(campaign, attached, { k: 5 })
  assert.equal(view.participation.posts, 60)
  assert.equal(view.participation.participants, 20)
  assert.equal(view.participation.ownPosts, 1)
  assert.equal(view.questionsAsked, 9)
  assert.equal(view.via['own'], 1)
  assert.equal(themeOf.size, 60)
  assert.ok(!JSON.stringify(view).includes('person-'), 'no author key in the view')
})

test('the digest finds notable changes and counts incidents in the period', () => {
  const from = Date.parse('2026-07-13T00:00:00Z')
  const to = from + 7 * 86_400_000
  const d = buildDigest({
    fromMs: from,
    toMs: to,
    totalPosts: 500,
    previousTotalPosts: 400,
    byService: [
      { key: 'parks.parks', count: 120, previous: 40 },
      { key: 'roads.pothole', count: 30, previous: 32 },
      { key: 'libraries.libraries', count: 25, previous: 0 },
    ],
    byWard: [{ key: 'E05013720', label: 'Catford South', count: 10, previous: 60 }],
    incidents: [
      {
        title: 'Missed bins',
        service: 'waste',
        severity: 'high',
        status: 'resolved',
        startedAtMs: from + 1000,
        firstResponseAtMs: from + 1000 + 30 * 60_000,
        resolvedAtMs: from + 86_400_000,
      },
      {
        title: 'Old one',
        service: null,
        severity: 'low',
        status: 'resolved',
        startedAtMs: from - 86_400_000,
        resolvedAtMs: from + 5000,
      },
    ],
    themes: [{ campaign: 'Parks', label: 'Toilets', size: 50 }],
  })
  assert.equal(d.incidentsRaised, 1)
  assert.equal(d.incidentsResolved, 2)
  assert.equal(d.medianResponseMinutes, 30)
  assert.deepEqual(
    d.notableChanges.map((c) => c.key),
    ['parks.parks', 'E05013720', 'libraries.libraries'],
  )
  assert.match(d.notableChanges[0]!.sentence, /up 200% from 40/)
  assert.match(d.notableChanges[1]!.sentence, /Catford South: 10 posts, down 83% from 60/)
})

test('the digest lists no changes when the period before holds too little data', () => {
  const d = buildDigest({
    fromMs: 0,
    toMs: 1,
    totalPosts: 1000,
    previousTotalPosts: 10,
    byService: [{ key: 'a', count: 500, previous: 2 }],
    byWard: [],
    incidents: [],
    themes: [],
  })
  assert.equal(d.comparable, false)
  assert.deepEqual(d.notableChanges, [])
})
