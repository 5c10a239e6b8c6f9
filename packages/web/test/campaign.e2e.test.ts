/**
 * Converse end to end in Debian's Chromium (playwright-core, never a downloaded browser): the
 * product app (real pipeline with the sieve, real SQLite file) is served; an analyst creates a
 * campaign in the browser for the demo scenario's hashtag (the form's errors first); the simulator
 * then feeds the scenario's conversation through the pipeline and the view fills (posts rise,
 * themes appear); a theme is opened; the CSV export and the PDF report are downloaded and checked
 * (header, no author handle; `%PDF` and the title via pdftotext). axe-core finds no serious or
 * critical WCAG 2.2 AA problem on the list, the form and the view. Screenshots go to
 * artifacts/screenshots/campaign*.png. Skips cleanly when Chromium is missing.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { buildWeb, checkA11y, launch, shot, skipWithoutChromium } from './browser.js'
import { DEMO_USERS, ensureDemoUsers } from '@civicpulse/server'
import { createProductApp, openPipeline, type Pipeline } from '../../cli/src/compose.js'
import { loadScenario, runScenario } from '../../cli/src/scenario-run.js'

const NAME = 'Parks conversation'
const LAUNCH = '2026-07-14T07:00:00+01:00'

async function kpi(page: Page, id: string): Promise<number> {
  return Number((await page.getByTestId(id).innerText()).replace(/\D/g, '') || '0')
}

describe(
  'a campaign in the browser, fed by the simulator',
  { skip: skipWithoutChromium, timeout: 420_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpulse-campaign-e2e-'))
    let pipeline: Pipeline
    let app: FastifyInstance
    let browser: Browser
    let page: Page
    let base = ''
    let feeding: Promise<unknown> | undefined

    before(async () => {
      await buildWeb()
      pipeline = await openPipeline({
        dbPath: join(dir, 'campaign.db'),
        label: true,
        detect: false,
      })
      await ensureDemoUsers(pipeline.store.db)
      app = createProductApp(pipeline)
      await app.listen({ port: 0, host: '127.0.0.1' })
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      browser = await launch()
      page = await browser.newPage({
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      })
    })

    after(async () => {
      await feeding?.catch(() => undefined)
      await browser?.close()
      await app?.close()
      await pipeline?.close()
      rmSync(dir, { recursive: true, force: true })
    })

    test('sign in and create the campaign (errors are tied to their fields)', async () => {
      await page.goto(base + '/signin')
      const analyst = DEMO_USERS.find((u) => u.role === 'analyst')
      assert.ok(analyst)
      await page.getByLabel('E-mail').fill(analyst.email)
      await page.getByLabel('Password').fill(analyst.password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()

      await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click()
      await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor()
      await page.getByText('No campaigns yet.').waitFor()
      await checkA11y(page, 'campaign list')
      await shot(page, 'campaign-list')

      await page.getByRole('button', { name: 'New campaign' }).click()
      await page.getByLabel(/Campaign name/).fill('')
      await page.getByRole('button', { name: 'Create campaign' }).click()
      const name = page.getByLabel(/Campaign name/)
      assert.equal(await name.getAttribute('aria-invalid'), 'true')
      assert.match((await name.getAttribute('aria-describedby')) ?? '', /nc-name-err/)
      await page.getByText('Enter a name for the campaign.').waitFor()
      assert.equal(await page.getByLabel(/Hashtags/).getAttribute('aria-invalid'), 'true')
      assert.ok(
        await name.evaluate((el) => el === document.activeElement),
        'focus on the first error',
      )
      await checkA11y(page, 'campaign form with errors')
      await shot(page, 'campaign-form')

      await name.fill(NAME)
      await page.getByLabel(/Hashtags/).fill('LewishamParksReview, AskLewisham')
      // datetime-local in the browser's zone: a day before the conversation starts
      await page.getByLabel(/Starts/).fill('2026-07-13T06:00')
      await page
        .getByLabel('The question you ask')
        .fill('What one change would make your local park better?')
      await page.getByLabel(/council's accounts/).fill('LewishamCouncil')
      await page.getByLabel(/Owner team/).fill('Parks')
      await page.getByRole('button', { name: 'Create campaign' }).click()
      await page.getByRole('heading', { name: NAME, level: 1 }).waitFor()
      await page.waitForURL(/\/campaigns\/Parks%20conversation$/)
      assert.equal(await kpi(page, 'campaign-posts'), 0)
    })

    test('the simulator feeds the conversation and the view fills', async () => {
      const sc = loadScenario('demo')
      const conversation = {
        ...sc,
        start: LAUNCH,
        backfill: 0,
        failures: [],
        volume: { ...sc.volume, postsPerDay: 3000 },
        campaigns: sc.campaigns.map((c) => ({ ...c, launch: '5m', end: '2d', peakPerHour: 80 })),
      }
      let batches = 0
      feeding = runScenario({
        pipeline,
        scenario: conversation,
        duration: '8h',
        source: 'e2e-campaign',
        live: true,
        onBatch: async () => {
          // paced so the page sees the numbers rise (about half a minute in all)
          if (++batches % 10 === 0) await new Promise((r) => setTimeout(r, 400))
        },
      })
      // posts arrive (live events or the 30 s refresh reload the view)
      const deadline = Date.now() + 120_000
      let first = 0
      while (Date.now() < deadline && (first = await kpi(page, 'campaign-posts')) === 0)
        await page.waitForTimeout(1000)
      assert.ok(first > 0, 'posts appear in the view')
      let later = first
      while (Date.now() < deadline && (later = await kpi(page, 'campaign-posts')) <= first)
        await page.waitForTimeout(1000)
      assert.ok(later > first, `the posts count rises (${first} → ${later})`)
      await feeding
      await page.reload()
      await page.getByRole('heading', { name: NAME, level: 1 }).waitFor()
      const themes = page.locator('[data-testid=themes] .theme-link')
      await themes.first().waitFor()
      assert.ok((await themes.count()) >= 2, 'themes appear')
      assert.ok((await kpi(page, 'campaign-participants')) > 10)
      assert.ok((await kpi(page, 'campaign-participants')) <= (await kpi(page, 'campaign-posts')))
      await page.locator('[data-testid=ward-map] path.leaflet-interactive').first().waitFor()
      await page.getByTestId('waiting').waitFor()
      await checkA11y(page, 'campaign view')
      await shot(page, 'campaign-view')
    })

    test('open a theme: its quotes and sentiment trend', async () => {
      const first = page.locator('[data-testid=themes] .theme-link').first()
      const label = await first.innerText()
      await first.click()
      await page.waitForURL(/theme=theme-1/)
      await page.getByRole('heading', { name: `Theme: ${label}` }).waitFor()
      const quotes = page.locator('[data-testid=theme-quotes] li')
      await quotes.first().waitFor()
      assert.ok((await quotes.count()) > 0)
      await checkA11y(page, 'campaign theme')
      await shot(page, 'campaign-theme')
    })

    test('record a "you said, we did" action', async () => {
      await page.getByLabel('Theme', { exact: true }).selectOption({ index: 1 })
      await page
        .getByLabel('What was done or is planned')
        .fill('Toilets open until dusk from August')
      await page.getByLabel('Status').selectOption('done')
      await page.getByRole('button', { name: 'Save action' }).click()
      await page.getByText('Action recorded.').waitFor()
      await page.getByTestId('actions').getByText('Toilets open until dusk from August').waitFor()
    })

    test('export CSV: the header, and no author handle anywhere', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-csv').click(),
      ])
      const file = join(dir, 'export.csv')
      await download.saveAs(file)
      const csv = readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
      const lines = csv.split('\r\n').filter((l) => l)
      assert.equal(
        lines[0],
        'id,createdAt,platform,language,intent,service,sentiment,ward,urgency,theme,text',
      )
      assert.ok(lines.length > 5, `rows: ${lines.length - 1}`)
      const handles = await pipeline.store.db
        .selectFrom('posts')
        .select(['author_handle', 'author_name'])
        .execute()
      const lower = csv.toLowerCase()
      const named = [
        ...new Set(
          handles
            .flatMap((h) => [h.author_handle, h.author_name])
            .filter((h): h is string => typeof h === 'string' && h.length >= 4),
        ),
      ].filter((h) => lower.includes(h.toLowerCase()))
      assert.deepEqual(named.slice(0, 5), [], 'no author handle or name in the export')
      // the export is in the export log
      const log = await pipeline.store.db.selectFrom('export_log').selectAll().execute()
      assert.ok(log.some((e) => e.what === 'posts' && e.rows === lines.length - 1))
    })

    test('download the report PDF: %PDF and the title', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByTestId('report-pdf').click(),
      ])
      const file = join(dir, 'report.pdf')
      await download.saveAs(file)
      const bytes = readFileSync(file)
      assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF')
      let text = ''
      try {
        text = execFileSync('pdftotext', ['-l', '2', file, '-'], { encoding: 'utf8' })
      } catch {
        return // poppler-utils missing: the %PDF check stands
      }
      assert.match(text.replace(/\s+/g, ' '), /Parks conversation: campaign report/)
    })

    test('a waiting question opens an inbox case and stops waiting', async () => {
      await page.goto(`${base}/campaigns/${encodeURIComponent(NAME)}`)
      const heading = page.getByTestId('waiting').getByRole('heading')
      await heading.waitFor()
      const before = Number((await heading.innerText()).replace(/\D/g, ''))
      assert.ok(before > 0, 'questions wait')
      await page
        .getByTestId('waiting')
        .getByRole('button', { name: 'Open an inbox case' })
        .first()
        .click()
      await page.waitForURL(/\/cases\//)
      await page.goto(`${base}/campaigns/${encodeURIComponent(NAME)}`)
      await heading.waitFor()
      assert.equal(Number((await heading.innerText()).replace(/\D/g, '')), before - 1)
    })
  },
)
