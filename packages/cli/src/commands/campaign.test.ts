import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { sanitise, type Post } from '@civicpulse/core'
import { authorKeyer, openSqliteStore } from '@civicpulse/adapters'
import { register as registerCampaign } from './campaign.js'
import { register as registerReport } from './report.js'

function program(): Command {
  const p = new Command().exitOverride()
  registerCampaign(p)
  registerReport(p)
  return p
}

/** Runs a command and returns what it printed on standard output. */
async function run(...args: string[]): Promise<string> {
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array, cb?: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())
    if (typeof cb === 'function') (cb as () => void)()
    return true
  }) as typeof process.stdout.write
  try {
    await program().parseAsync(['node', 'civicpulse', ...args])
  } finally {
    process.stdout.write = write
  }
  return chunks.join('')
}

const TEXTS = [
  'Open the toilets in Hilly Fields all day',
  'The toilets in Ladywell Fields are always locked, open them',
  'More bins in Blythe Hill please, the bins overflow',
  'Bins overflowing every weekend in Hilly Fields',
  '=SUM(A1:A9) lights on the path please',
  'Better lighting on the path, it is dark after 8',
]

async function seed(db: string): Promise<void> {
  const store = await openSqliteStore({ path: db })
  const key = authorKeyer('s')
  const posts: Post[] = []
  const add = (d: Parameters<typeof sanitise>[0]): void => {
    const r = sanitise(d, {
      receivedAt: Date.parse('2026-07-20T00:00:00Z'),
      authorKey: key,
      keepRaw: false,
    })
    if (r.ok) posts.push(r.post)
  }
  add({
    platform: 'mastodon',
    platformId: 'c1',
    author: { platformId: 'council', handle: 'LewishamCouncil', displayName: 'Lewisham Council' },
    text: 'What would make your park better? #ParksReview',
    createdAt: '2026-07-14T09:00:00Z',
    hashtags: ['ParksReview'],
  })
  for (let i = 0; i < 36; i++) {
    const reply = i % 4 === 0
    add({
      platform: 'mastodon',
      platformId: `r${i}`,
      author: {
        platformId: `person${i % 12}`,
        handle: `resident_handle_${i % 12}`,
        displayName: `Resident Name ${i % 12}`,
      },
      text: `${TEXTS[i % TEXTS.length]}${reply ? '' : ' #ParksReview'}`,
      createdAt: new Date(Date.parse('2026-07-14T10:00:00Z') + i * 3_600_000).toISOString(),
      hashtags: reply ? [] : ['ParksReview'],
      ...(reply ? { replyToId: 'c1' } : {}),
    })
  }
  add({
    platform: 'mastodon',
    platformId: 'off',
    author: { platformId: 'other' },
    text: 'Nothing to do with it',
    createdAt: '2026-07-15T10:00:00Z',
  })
  await store.writeBatch({ posts, quarantine: [], deletes: [] })
  await store.close()
}

test('campaign create, list --json, action, export and report (html, json); report digest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-cli-'))
  const db = join(dir, 'cp.db')
  await seed(db)
  const created = await run(
    'campaign',
    'create',
    'Parks Review',
    '--hashtags',
    '#ParksReview',
    '--accounts',
    'LewishamCouncil',
    '--from',
    '2026-07-13T00:00:00Z',
    '--question',
    'What would make your park better?',
    '--themes',
    '3',
    '--db',
    db,
  )
  assert.match(
    created,
    /Campaign "Parks Review" created: 36 posts from 12 participants so far, 3 themes\./,
  )

  const list = JSON.parse(await run('campaign', 'list', '--json', '--db', db)) as {
    name: string
    hashtags: string[]
    posts: number
    participants: number
    themes: { label: string }[]
  }[]
  assert.equal(list.length, 1)
  assert.deepEqual(Object.keys(list[0]!), ['name', 'hashtags', 'posts', 'participants', 'themes'])
  assert.equal(list[0]!.name, 'Parks Review')
  assert.deepEqual(list[0]!.hashtags, ['ParksReview'])
  assert.equal(list[0]!.posts, 36)
  assert.equal(list[0]!.participants, 12)
  assert.equal(list[0]!.themes.length, 3)

  const label = list[0]!.themes[0]!.label
  await run(
    'campaign',
    'action',
    'Parks Review',
    '--theme',
    label,
    '--did',
    'We opened the toilets until dusk.',
    '--status',
    'done',
    '--db',
    db,
  )

  await run('campaign', 'export', 'Parks Review', '--out', join(dir, 'posts.csv'), '--db', db)
  const csv = readFileSync(join(dir, 'posts.csv'), 'utf8')
  assert.equal(csv.trim().split('\r\n').length, 38, 'header + 36 contributions + the council post')
  assert.match(csv, /,'=SUM\(A1:A9\) lights on the path please/)
  assert.ok(!/resident_handle|Resident Name/.test(csv))

  await run('campaign', 'report', 'Parks Review', '--out', join(dir, 'r.html'), '--db', db)
  const html = readFileSync(join(dir, 'r.html'), 'utf8')
  assert.match(html, /<h1>Parks Review: campaign report<\/h1>/)
  assert.match(html, /We opened the toilets until dusk\./)
  assert.ok(!/resident_handle|Resident Name/.test(html), 'no participant named')

  const json = JSON.parse(
    await run('campaign', 'report', 'Parks Review', '--format', 'json', '--db', db),
  ) as { participation: { participants: number }; themes: unknown[]; actions: unknown[] }
  assert.equal(json.participation.participants, 12)
  assert.equal(json.themes.length, 3)
  assert.equal(json.actions.length, 1)
  assert.ok(!/resident_handle|Resident Name|person\d/.test(JSON.stringify(json)))

  const digest = JSON.parse(await run('report', 'digest', '--format', 'json', '--db', db)) as {
    totalPosts: number
    topThemes: { campaign: string }[]
  }
  assert.equal(digest.totalPosts, 38)
  assert.equal(digest.topThemes[0]!.campaign, 'Parks Review')

  await assert.rejects(
    run('campaign', 'create', 'Parks Review', '--hashtags', 'x', '--db', db),
    /already exists/,
  )
  await assert.rejects(run('campaign', 'report', 'Nope', '--db', db), /No campaign is named "Nope"/)
  await assert.rejects(
    run('campaign', 'report', 'Parks Review', '--format', 'doc', '--db', db),
    /--format is one of html, pdf, json/,
  )
})
