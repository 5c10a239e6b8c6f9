/**
 * Browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser).
 *
 * Part 1 runs the real `civicpulse demo` (simulated Lewisham stream through the real pipeline) and
 * walks what a person does: sign in, see the overview fill, drill down, open an incident and
 * acknowledge it, filter Explore, correct a label, sign out. axe-core checks every page (no serious
 * or critical WCAG 2.2 AA violations) and each page is saved to artifacts/screenshots/.
 *
 * Part 2 serves a seeded store in-process to check hostile post text stays inert and abusive posts
 * stay blurred. Skips cleanly when /usr/bin/chromium is missing.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { buildWeb, checkA11y, launch, ROOT, shot, skipWithoutChromium } from './browser.js'
import { createApp, DEMO_USERS } from '@civicpulse/server'
import { seedStore, TEST_PASSWORD, TEST_USERS } from '../../server/src/testing/seed.js'

/** Collects console errors (CSP violations show up there) and page errors. */
function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    // A 401 from /api/v1/me before sign-in is expected.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

describe('dashboard on the demo city', { skip: skipWithoutChromium, timeout: 180_000 }, () => {
  let demo: ChildProcess | undefined
  let base = ''
  let browser: Browser
  let page: Page
  let errors: string[] = []
  const dir = mkdtempSync(join(tmpdir(), 'civicpulse-e2e-'))

  before(async () => {
    await buildWeb()
    // CIVICPULSE_E2E_BASE points the suite at a demo that is already running (e.g. `npm start`).
    const given = process.env['CIVICPULSE_E2E_BASE']
    if (given) base = given.replace(/\/$/, '')
    else await startDemo()
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    errors = watchErrors(page)
  })

  async function startDemo(): Promise<void> {
    demo = spawn(
      process.execPath,
      [
        join(ROOT, 'packages', 'cli', 'bin', 'civicpulse.js'),
        'demo',
        '--port',
        '0',
        '--history',
        '1d',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, CIVICPULSE_DB: join(dir, 'demo.db'), CIVICPULSE_HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    demo.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the demo did not start within 120 s:\n${out}`)),
        120_000,
      )
      demo?.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /running at (http:\/\/localhost:\d+)\//.exec(out)
        if (m) base = (m[1] ?? '').replace('localhost', '127.0.0.1')
        if (base && /History loaded/.test(out)) {
          clearTimeout(timer)
          resolvePromise()
        }
      })
      demo?.on('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`the demo exited (${code}):\n${out}`))
      })
    })
  }

  after(async () => {
    await browser?.close()
    if (demo && demo.exitCode === null) {
      demo.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 500))
      if (demo.exitCode === null) demo.kill('SIGKILL')
    }
    rmSync(dir, { recursive: true, force: true })
  })

  test('sign in (a wrong password is refused first)', async () => {
    const analyst = DEMO_USERS.find((u) => u.role === 'analyst')
    assert.ok(analyst)
    await page.goto(base + '/')
    await page.waitForURL(/\/signin/)
    await page.getByLabel('E-mail').fill(analyst.email)
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').waitFor()
    await checkA11y(page, 'sign-in')
    await shot(page, '01-sign-in')
    await page.getByLabel('Password').fill(analyst.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()
  })

  test('the overview fills with the demo stream', async () => {
    const kpi = page.getByTestId('kpi-posts')
    await kpi.waitFor()
    const n = Number((await kpi.innerText()).replace(/\D/g, ''))
    assert.ok(n > 100, `posts shown: ${n}`)
    await page.locator('[data-testid=chart] svg').first().waitFor()
    assert.ok((await page.locator('[data-testid=chart] svg path').count()) > 10)
    // The live feed shows counts arriving from the running stream.
    await page
      .getByTestId('live-feed')
      .getByText(/new posts stored/)
      .first()
      .waitFor({ timeout: 30_000 })
    await checkA11y(page, 'overview')
    await shot(page, '02-overview')
  })

  test('drill-down: a top service leads to its posts', async () => {
    const first = page.locator('.toplist').first().getByRole('link').first()
    const name = await first.innerText()
    await first.click()
    await page.waitForURL(/\/explore\?.*service=/)
    await page.getByTestId('results').waitFor()
    const services = await page
      .locator('[data-testid=results] tbody tr td:nth-child(3)')
      .allInnerTexts()
    assert.ok(services.length > 0)
    assert.ok(
      services.every((s) => s === name),
      `every row is ${name}`,
    )
  })

  test('map: one shaded path per ward, and the table', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Map' }).click()
    await page.locator('[data-testid=ward-map] path.leaflet-interactive').first().waitFor()
    assert.equal(await page.locator('[data-testid=ward-map] path.leaflet-interactive').count(), 19)
    assert.equal(await page.locator('table.data tbody tr').count(), 19)
    await checkA11y(page, 'map')
    await shot(page, '03-map')
  })

  test('open an incident and acknowledge it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Incidents' }).click()
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor()
    // The planted failures become incidents within the first minute of the stream.
    for (let i = 0; i < 30 && (await page.getByTestId('incidents-table').count()) === 0; i++) {
      await page.waitForTimeout(2000)
      await page.reload()
    }
    await page.getByTestId('incidents-table').waitFor()
    await checkA11y(page, 'incidents')
    await shot(page, '04-incidents')
    await page.locator('[data-testid=incidents-table] tbody tr th a').first().click()
    await page.getByTestId('timeline').waitFor()
    await page.locator('[data-testid=ward-map] path').first().waitFor()
    await checkA11y(page, 'incident')
    await shot(page, '05-incident')
    const status = await page.getByTestId('incident-status').innerText()
    const button = status === 'open' ? 'Acknowledge' : 'Resolve'
    await page.getByLabel('Note (optional)').fill('Crew informed')
    await page.getByRole('button', { name: button, exact: true }).click()
    await page.getByText(/Incident marked/).waitFor()
    await page
      .getByTestId('incident-status')
      .getByText(status === 'open' ? 'acknowledged' : 'resolved', { exact: true })
      .waitFor()
    await page.getByTestId('timeline').getByText('Crew informed').last().waitFor()
  })

  test('filter Explore, then correct a label', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Explore' }).click()
    await page.getByLabel('Intent').selectOption('complaint')
    await page.getByLabel('Search words').fill('bin OR bins OR rubbish OR tipping OR potholes')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL(/intent=complaint/)
    await page.getByTestId('results').waitFor()
    const intents = await page
      .locator('[data-testid=results] tbody tr td:nth-child(4)')
      .allInnerTexts()
    assert.ok(intents.length > 0)
    assert.ok(intents.every((x) => x === 'Complaint'))
    await checkA11y(page, 'explore')
    await shot(page, '06-explore')

    await page.locator('[data-testid=results] tbody tr td:first-child a').first().click()
    await page.getByTestId('labels').waitFor()
    await page.getByLabel('Label to correct').selectOption('intent')
    await page.getByLabel('Right value').selectOption('question')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('correction-status').getByText(/Saved/).waitFor()
    await page
      .getByTestId('labels')
      .getByRole('row', { name: /Intent/ })
      .getByText('Question')
      .waitFor()
    await page.getByRole('heading', { name: 'Corrections' }).waitFor()
    await checkA11y(page, 'post')
    await shot(page, '07-post')
  })

  test('sources show health', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Sources' }).click()
    await page.getByRole('heading', { name: 'Platforms' }).waitFor()
    assert.ok((await page.locator('table.data').first().locator('tbody tr').count()) > 0)
    await checkA11y(page, 'sources')
    await shot(page, '08-sources')
  })

  test('sign out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.goto(base + '/incidents')
    await page.waitForURL(/\/signin\?next=%2Fincidents/)
    assert.deepEqual(errors, [], 'no console errors (CSP violations included)')
  })
})

describe('hostile content in the browser', { skip: skipWithoutChromium, timeout: 60_000 }, () => {
  test('markup in posts stays text, formulas are not links, abusive posts are blurred until chosen', async () => {
    await buildWeb()
    const { store } = await seedStore()
    const app = createApp({ store })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const browser = await launch()
    try {
      const page = await browser.newPage()
      const errors = watchErrors(page)
      let dialogs = 0
      page.on('dialog', (d) => {
        dialogs++
        void d.dismiss()
      })
      await page.goto(base + '/signin')
      await page.getByLabel('E-mail').fill(TEST_USERS.viewer)
      await page.getByLabel('Password').fill(TEST_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()
      await page.goto(base + '/explore?q=script')
      await page.getByTestId('results').waitFor()
      await page.getByText('<script>alert(1)</script>', { exact: false }).waitFor()
      assert.equal(await page.locator('[data-testid=results] script').count(), 0)
      assert.equal(await page.locator('[data-testid=results] img').count(), 0)
      // Viewers have no export button.
      assert.equal(await page.getByRole('link', { name: 'Export CSV' }).count(), 0)

      await page.goto(base + '/explore?q=graffiti%20useless')
      const blurred = page.getByTestId('abusive-text')
      await blurred.waitFor()
      assert.match((await blurred.getAttribute('class')) ?? '', /blurred/)
      assert.equal(await blurred.getAttribute('aria-hidden'), 'true')
      await page.getByRole('button', { name: 'Show the post' }).click()
      assert.doesNotMatch((await blurred.getAttribute('class')) ?? '', /blurred/)
      await checkA11y(page, 'explore-hostile')
      await page.waitForTimeout(300)
      assert.equal(dialogs, 0, 'no script ran')
      assert.deepEqual(errors, [])
    } finally {
      await browser.close()
      await app.close()
      await store.close()
    }
  })
})
