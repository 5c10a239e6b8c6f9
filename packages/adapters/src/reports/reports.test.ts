import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  attachPosts,
  buildCampaignView,
  buildDigest,
  parseCampaign,
  type ConversePost,
} from '@civicpulse/core'
import { themeDetail, type CampaignAction } from '../campaigns/repository.js'
import {
  campaignPostsCsv,
  campaignThemesCsv,
  chromiumPath,
  htmlToPdf,
  renderCampaignReport,
  renderDigestReport,
} from './index.js'

const T0 = Date.parse('2026-07-14T09:00:00Z')
const campaign = parseCampaign({
  name: 'Parks Review 2026',
  hashtags: ['ParksReview'],
  startsAt: '2026-07-14T00:00:00Z',
  endsAt: '2026-07-21T00:00:00Z',
  questions: ['What would make your park better?'],
  ownerTeam: 'Parks team',
})
const phrasing = [
  [
    'Open the toilets in Hilly Fields all day',
    'Toilets in Ladywell Fields are always locked',
    'Clean toilets please, the loos are grim',
  ],
  [
    'More bins in Blythe Hill, they overflow',
    'Bins overflowing every weekend, empty the bins',
    'Recycling bins by the cafe please',
  ],
  [
    'Lights on the path, it is dark after 8',
    'Better lighting, I feel unsafe in the dark',
    'Path lights so we can walk home safely',
  ],
]
const posts: ConversePost[] = []
for (let i = 0; i < 90; i++) {
  const theme = phrasing[i % 3]!
  posts.push({
    id: String(i),
    platform: ['x', 'bluesky', 'mastodon'][i % 3]!,
    platformId: `p${i}`,
    authorKey: `key-${i % 40}`,
    authorHandle: `resident_${i}`,
    text: `@neighbour_${i} ${theme[i % theme.length]} #ParksReview ${i % 5 === 0 ? 'https://example.org/x' : ''}`,
    hashtags: ['ParksReview'],
    createdAtMs: T0 + i * 3_600_000,
    sentiment: ['negative', 'neutral', 'positive'][i % 3]!,
    intent: i % 4 === 0 ? 'question' : 'suggestion',
    abuse: i === 3,
  })
}
const { view } = buildCampaignView(campaign, attachPosts(campaign, posts), { k: 3 })
const reportView = { ...view, themes: view.themes.map(themeDetail) }
const actions: CampaignAction[] = [
  {
    id: 1,
    themeLabel: view.themes[0]!.label,
    action: 'We extended opening hours to 8pm.',
    status: 'done',
    team: 'Parks team',
    recordedAtMs: T0 + 8 * 86_400_000,
  },
]
const html = renderCampaignReport({ view: reportView, actions, generatedAtMs: T0 + 9 * 86_400_000 })

test('the campaign report is accessible HTML: headings, captioned tables, described charts, you said / we did', () => {
  assert.match(html, /^<!doctype html>\n<html lang="en">/)
  assert.equal((html.match(/<h1>/g) ?? []).length, 1)
  assert.match(html, /<h1>Parks Review 2026: campaign report<\/h1>/)
  for (const h of ['Summary', 'Participation', 'Themes', 'You said, we did'])
    assert.match(html, new RegExp(`<h2 id="[a-z-]+">${h}</h2>`))
  const tables = html.match(/<table>/g)?.length ?? 0
  assert.equal(html.match(/<caption>/g)?.length, tables)
  assert.ok(tables >= 4)
  const svgs = html.match(/<svg role="img" aria-labelledby="([^"]+)"/g) ?? []
  assert.ok(svgs.length >= 2)
  for (const m of html.matchAll(/<svg role="img" aria-labelledby="(\S+) (\S+)"/g)) {
    assert.match(
      html,
      new RegExp(`<title id="${m[1]}">[^<]+</title><desc id="${m[2]}">[^<]+</desc>`),
    )
  }
  assert.match(html, /We extended opening hours to 8pm\./)
  assert.match(html, /People taking part<\/dt><dd>40 \(counted, never named\)/)
  assert.ok(!/resident_|neighbour_|key-\d/.test(html), 'no handle, mention or author key')
  assert.ok(!html.includes('example.org'), 'links are removed from quotes')
  assert.ok(!html.includes('<script'), 'no script')
})

test('exports neutralise formula cells and carry no author fields', () => {
  const csv = campaignPostsCsv([
    {
      postId: 1,
      platform: 'x',
      createdAt: '2026-07-14T09:00:00.000Z',
      via: 'hashtag',
      theme: 'Toilets',
      intent: '',
      sentiment: '',
      service: '',
      ward: '',
      text: '=HYPERLINK("http://evil")',
    },
  ])
  assert.equal(
    csv.split('\r\n')[0],
    'postId,platform,createdAt,via,theme,intent,sentiment,service,ward,text',
  )
  assert.match(csv, /,"'=HYPERLINK\(""http:\/\/evil""\)"\r\n$/)
  const themes = campaignThemesCsv(reportView.themes)
  assert.equal(themes.trim().split('\r\n').length, reportView.themes.length + 1)
  assert.ok(!/author|handle/i.test(csv + themes))
})

test('the digest is accessible HTML with notable changes', () => {
  const d = buildDigest({
    fromMs: T0,
    toMs: T0 + 7 * 86_400_000,
    totalPosts: 100,
    previousTotalPosts: 50,
    byService: [{ key: 'parks.parks', count: 60, previous: 20 }],
    byWard: [],
    incidents: [],
    themes: [{ campaign: 'Parks Review 2026', label: 'Toilets', size: 30 }],
  })
  const page = renderDigestReport(d, { generatedAtMs: T0 })
  assert.match(
    page,
    /<h2 id="changes">Notable changes<\/h2>\n<ul><li>parks\.parks: 60 posts, up 200% from 20\.<\/li>/,
  )
  assert.match(page, /<caption>Largest themes of running campaigns<\/caption>/)
})

const hasPoppler = spawnSync('pdftoppm', ['-v']).error === undefined
test(
  'the PDF report renders: its first page is not blank and holds the campaign title',
  {
    skip: !chromiumPath()
      ? 'Chromium is not installed (apt-get install chromium)'
      : !hasPoppler
        ? 'poppler-utils is not installed'
        : false,
    timeout: 60_000,
  },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'))
    const pdf = await htmlToPdf(html)
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), '%PDF-')
    writeFileSync(join(dir, 'report.pdf'), pdf)
    execFileSync('pdftoppm', [
      '-f',
      '1',
      '-l',
      '1',
      '-r',
      '40',
      '-gray',
      join(dir, 'report.pdf'),
      join(dir, 'page'),
    ])
    const pgmFile = execFileSync('ls', [dir])
      .toString()
      .split('\n')
      .find((f) => f.startsWith('page') && f.endsWith('.pgm'))!
    const pgm = readFileSync(join(dir, pgmFile))
    const header = pgm.toString('latin1', 0, 40).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/)
    assert.ok(header, 'a greyscale page image')
    const [w, h] = [Number(header[1]), Number(header[2])]
    const pixels = pgm.subarray(header[0].length)
    assert.equal(pixels.length, w * h)
    let dark = 0
    for (const p of pixels) if (p < 160) dark++
    assert.ok(dark / pixels.length > 0.01, `only ${dark} dark pixels: the page looks blank`)
    const text = execFileSync('pdftotext', [
      '-f',
      '1',
      '-l',
      '1',
      join(dir, 'report.pdf'),
      '-',
    ]).toString()
    assert.match(text, /Parks Review 2026: campaign report/)
    assert.match(text, /You said, we did|Participation/)
  },
)
