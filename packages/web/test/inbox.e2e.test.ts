/**
 * Browser test of the Respond inbox: Debian's Chromium driven by playwright-core against the app
 * served in-process on a real SQLite file, with Respond's runtime and its reply outbox running the
 * way the product runs them (a pass every second) and a local HTTP server that speaks Mastodon's
 * `POST /api/v1/statuses`.
 *
 * A demo responder opens the Overdue queue, takes an overdue case with the keyboard (j, a, Enter),
 * replies with a template (r), and the reply reaches the platform exactly once, threaded under the
 * citizen's post; the case then leaves the Overdue queue. axe-core checks the inbox and case pages
 * (no serious or critical WCAG 2.2 AA violations); screenshots go to artifacts/screenshots/inbox-*.png.
 * A case is also sent to another council system over Open311 (the project's own Open311 plugin in a
 * second app on 127.0.0.1) and resolves when that system closes the request.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { buildWeb, checkA11y, launch, shot, skipWithoutChromium } from './browser.js'
import {
  MemoryOpen311Store,
  loadRespondConfig,
  loadTaxonomy,
  open311Plugin,
  servicesFromTaxonomy,
  type SqliteStore,
} from '@civicpulse/adapters'
import { createApp, DEMO_USERS, ensureDemoUsers, RespondRuntime } from '@civicpulse/server'
import {
  startLocalMastodon,
  type LocalMastodon,
  type ReceivedStatus,
} from '@civicpulse/adapters/testing'
import { defaultPosts, SEED_NOW, seedStore } from '../../server/src/testing/seed.js'

const TOKEN = 'masto-token-for-the-inbox-e2e'
// SEED_NOW is Friday 20 November 2026, 12:00 in London; Monday 14:00 is after the first-response
// target of a normal case opened then (8 office hours), well before its resolution target.
const MONDAY_1400 = Date.UTC(2026, 10, 23, 14, 0)

describe(
  'inbox: take an overdue case and reply with a template',
  { skip: skipWithoutChromium, timeout: 240_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpulse-inbox-e2e-'))
    let now = SEED_NOW
    let store: SqliteStore
    let app: FastifyInstance
    let rt: RespondRuntime
    let masto: LocalMastodon | undefined
    let statuses: ReceivedStatus[] = []
    let outboxTimer: ReturnType<typeof setInterval> | undefined
    let browser: Browser
    let page: Page
    let base = ''
    let target = { id: '', ref: '', inReplyTo: '' }
    let housing = { id: '', ref: '', inReplyTo: '' }
    let litter = ''
    let pothole = ''
    let county: FastifyInstance
    const countyStore = new MemoryOpen311Store('id')
    const errors: string[] = []

    before(async () => {
      await buildWeb()
      // The citizen's post on Mastodon, plus the default seed (X and Bluesky posts).
      const posts = [
        ...defaultPosts(),
        {
          text: 'Bins on Elm Road missed again, third week running. Anyone at the council listening?',
          createdAt: SEED_NOW - 30 * 60_000,
          platform: 'mastodon',
          handle: '@elmroad',
          service: 'waste.missed-collection',
          intent: 'complaint',
          sentiment: 'negative' as const,
          ward: 'E05013714',
        },
        {
          text: 'Damp and mould in our council flat for months and nobody has come round',
          createdAt: SEED_NOW - 40 * 60_000,
          platform: 'mastodon',
          handle: '@damp',
          service: 'housing.repairs',
          intent: 'complaint',
          sentiment: 'negative' as const,
          ward: 'E05013715',
        },
      ]
      const seeded = await seedStore({ path: join(dir, 'inbox.db'), posts })
      store = seeded.store
      const mastoPost = seeded.postIds[posts.length - 2] as number
      const housingPost = seeded.postIds[posts.length - 1] as number
      await ensureDemoUsers(store.db)

      masto = await startLocalMastodon({
        firstId: 117020583258293000n,
        createdAt: new Date(MONDAY_1400).toISOString(),
      })
      statuses = masto.statuses

      // Another council system speaking Open311, which cases can be sent to.
      const taxonomy = loadTaxonomy()
      county = Fastify()
      await county.register(open311Plugin, {
        services: servicesFromTaxonomy(taxonomy),
        requests: countyStore,
        apiKeys: ['county-e2e-key-1'],
      })
      await county.listen({ port: 0, host: '127.0.0.1' })
      const countyUrl = `http://127.0.0.1:${(county.server.address() as AddressInfo).port}/open311/v2`
      rt = await RespondRuntime.create({
        db: store.db,
        now: () => now,
        taxonomy,
        env: { COUNTY_KEY: 'county-e2e-key-1' },
        config: {
          ...loadRespondConfig(taxonomy),
          open311: {
            pollEveryMs: 60_000,
            endpoints: [
              {
                name: 'county',
                baseUrl: countyUrl,
                apiKeyEnv: 'COUNTY_KEY',
                format: 'json',
                serviceCodes: 'same',
              },
            ],
          },
        },
      })
      await rt.settings.saveReplyAccount(
        {
          platform: 'mastodon',
          account: 'council',
          baseUrl: masto.url,
          credentials: { accessToken: TOKEN },
        },
        now,
      )
      // The demo responder works in the waste team (unless the demo already put them in one).
      const responder = DEMO_USERS.find((u) => u.role === 'responder')
      assert.ok(responder)
      const user = await store.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', responder.email)
        .executeTakeFirstOrThrow()
      if ((await rt.settings.userTeam(user.id)) === null)
        await rt.settings.setUserTeam(user.id, 'waste-and-recycling')

      // Cases opened on Friday at noon: the citizen's Mastodon post, a high-priority case that sorts
      // ahead of it, and two more; by Monday 14:00 the normal cases' first responses are overdue.
      const c = await rt.openFromPost(mastoPost, 'routing')
      const h = await rt.openFromPost(housingPost, 'routing')
      assert.equal(h.case.team, 'housing')
      const high = await rt.openFromPost(seeded.postIds[1] as number, 'routing')
      await rt.act(high.case.id, { type: 'setPriority', priority: 'high' }, 'routing')
      litter = (await rt.openFromPost(seeded.postIds[2] as number, 'routing')).case.id
      pothole = (await rt.openFromPost(seeded.postIds[4] as number, 'routing')).case.id
      const row = await store.db
        .selectFrom('posts')
        .select('platform_id')
        .where('id', '=', mastoPost)
        .executeTakeFirstOrThrow()
      target = { id: c.case.id, ref: c.case.ref, inReplyTo: row.platform_id }
      const hrow = await store.db
        .selectFrom('posts')
        .select('platform_id')
        .where('id', '=', housingPost)
        .executeTakeFirstOrThrow()
      housing = { id: h.case.id, ref: h.case.ref, inReplyTo: hrow.platform_id }
      now = MONDAY_1400

      app = createApp({ store, respond: rt, now: () => now })
      await app.listen({ port: 0, host: '127.0.0.1' })
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      // As the product does: a pass of the reply outbox on a timer.
      outboxTimer = setInterval(() => void rt.runOutbox().catch(() => {}), 1000)

      browser = await launch()
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text())
      })
      page.on('pageerror', (e) => errors.push(e.message))
    })

    after(async () => {
      clearInterval(outboxTimer)
      await browser?.close()
      await app?.close()
      await county?.close()
      await store?.close()
      await masto?.close()
      rmSync(dir, { recursive: true, force: true })
    })

    test('the demo responder signs in and opens the Overdue queue', async () => {
      const responder = DEMO_USERS.find((u) => u.role === 'responder')
      assert.ok(responder)
      await page.goto(base + '/signin')
      await page.getByLabel('E-mail').fill(responder.email)
      await page.getByLabel('Password').fill(responder.password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()
      // The SLA card on the overview reports the open breaches.
      await page.getByTestId('sla-card').getByText('Open cases past their target').waitFor()
      await checkA11y(page, 'overview-sla')
      await shot(page, 'inbox-00-overview')

      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Inbox' })
        .click()
      await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor()
      await page.getByTestId('queue-overdue').click()
      await page.waitForURL(/\/inbox\?view=overdue/)
      assert.equal(await page.getByTestId('queue-overdue').getAttribute('aria-current'), 'page')
      await page.locator(`[data-testid=inbox-table] tr[data-case="${target.ref}"]`).waitFor()
      const overdue = Number(
        await page.getByTestId('queue-overdue').locator('.queue-count').innerText(),
      )
      assert.ok(overdue >= 3, `overdue count ${overdue}`)
      const sla = await page.locator(`tr[data-case="${target.ref}"] .sla`).innerText()
      assert.match(sla, /First response:\s*⚠?\s*Overdue by 2 h/)
      // The high-priority case sorts first, so the keyboard has to move to ours.
      const first = await page
        .locator('[data-testid=inbox-table] tbody tr')
        .first()
        .getAttribute('data-case')
      assert.notEqual(first, target.ref)
      await checkA11y(page, 'inbox')
      await shot(page, 'inbox-01-overdue')
    })

    test('keyboard: ? shows the help; j moves to the case, a assigns it, Enter opens it', async () => {
      await page.keyboard.press('?')
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
      await help.waitFor()
      await checkA11y(page, 'inbox-help')
      await shot(page, 'inbox-02-help')
      await page.keyboard.press('Escape')
      await help.waitFor({ state: 'hidden' })

      const rows = page.locator('[data-testid=inbox-table] tbody tr')
      const n = await rows.count()
      for (let i = 0; i < n; i++) {
        await page.keyboard.press('j')
        const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-case'))
        if (focused === target.ref) break
      }
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('data-case')),
        target.ref,
      )
      await page.keyboard.press('a')
      await page.getByTestId('inbox-status').getByText('Assign to me: done for 1 of 1.').waitFor()
      await page.locator(`tr[data-case="${target.ref}"] td`, { hasText: /^You$/ }).waitFor()
      // Only that case was taken.
      assert.equal(await page.locator('tbody td', { hasText: /^You$/ }).count(), 1)
      await page.locator(`tr[data-case="${target.ref}"]`).focus()
      await page.keyboard.press('Enter')
      await page.waitForURL(new RegExp(`/cases/${target.id}$`))
      await page.getByRole('heading', { level: 1, name: new RegExp(target.ref) }).waitFor()
      await page.getByTestId('case-assignee').getByText('You').waitFor()
    })

    test('reply with a template: r opens the composer, placeholders are filled, one status is posted', async () => {
      // Shortcuts stay off while typing: an "r" in the note field does not open the composer.
      await page.getByLabel('New note (never shown to the citizen)').fill('')
      await page.getByLabel('New note (never shown to the citizen)').pressSequentially('rr')
      assert.equal(await page.getByRole('form', { name: 'Reply to the citizen' }).count(), 0)
      await page.getByLabel('New note (never shown to the citizen)').fill('')
      await page.locator('h1').click()

      await page.keyboard.press('r')
      const composer = page.getByRole('form', { name: 'Reply to the citizen' })
      await composer.waitFor()
      await page.getByLabel('Template').selectOption({ label: 'Acknowledge' })
      const text = await page.getByLabel('Reply', { exact: true }).inputValue()
      assert.match(text, new RegExp(`logged this as ${target.ref} with our `))
      assert.doesNotMatch(text, /\{\{/)
      await composer.getByText(/of 500 characters/).waitFor()
      await checkA11y(page, 'case-composer')
      await shot(page, 'inbox-03-composer')

      // A double click still queues one reply (the composer's clientKey).
      const posts: string[] = []
      const count = (r: { method(): string; url(): string; postData(): string | null }) => {
        if (r.method() === 'POST' && /\/replies$/.test(r.url())) posts.push(r.postData() ?? '')
      }
      page.on('request', count)
      await page.getByTestId('reply-submit').dblclick()
      await page
        .getByTestId('case-msg')
        .getByText(/Reply queued/)
        .waitFor()
      await page
        .getByTestId('replies')
        .getByTestId('reply-status')
        .getByText('sent', { exact: true })
        .waitFor({ timeout: 20_000 })
      await page.getByRole('link', { name: 'See the reply on Mastodon' }).waitFor()
      assert.equal(await page.getByTestId('replies').locator('li').count(), 1)

      page.off('request', count)
      assert.ok(posts.length >= 1)
      // Every submit of this reply carried the same clientKey.
      assert.equal(
        new Set(posts.map((b) => (JSON.parse(b) as { clientKey: string }).clientKey)).size,
        1,
      )
      // A repeat of the same submit (e.g. a retry after a lost answer) queues nothing new.
      const me = (await (await page.request.get(`${base}/api/v1/me`)).json()) as {
        csrfToken: string
      }
      const again = await page.request.post(`${base}/api/v1/cases/${target.id}/replies`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: JSON.parse(posts[0] ?? '{}') as Record<string, unknown>,
      })
      assert.ok(again.ok(), await again.text())
      await rt.runOutbox()
      await page.reload()
      await page.getByTestId('replies').waitFor()
      assert.equal(await page.getByTestId('replies').locator('li').count(), 1)
      assert.equal(statuses.length, 1, 'exactly one status posted')
      const sent = statuses[0]
      assert.ok(sent)
      assert.equal(sent.auth, `Bearer ${TOKEN}`)
      assert.equal(sent.body['in_reply_to_id'], target.inReplyTo)
      assert.equal(sent.body['status'], text.trim())
      await page
        .getByTestId('audit')
        .getByText(/First response sent/)
        .waitFor()
      await checkA11y(page, 'case-sent')
      await shot(page, 'inbox-04-sent')
    })

    test('the case has left the Overdue queue', async () => {
      await page.getByRole('link', { name: '← Inbox' }).click()
      await page.getByTestId('queue-overdue').click()
      await page.waitForURL(/view=overdue/)
      await page.getByTestId('inbox-table').waitFor()
      assert.equal(await page.locator(`tr[data-case="${target.ref}"]`).count(), 0)
      await page.getByTestId('queue-mine').click()
      const mine = page.locator(`tr[data-case="${target.ref}"]`)
      await mine.waitFor()
      assert.match(await mine.locator('.sla').innerText(), /Resolution/)
      await checkA11y(page, 'inbox-mine')
      await shot(page, 'inbox-05-mine')
      assert.equal(statuses.length, 1, 'still one status')
    })

    test('bulk: x selects the row under the cursor, then a status is set on the selection', async () => {
      await page.getByTestId('queue-unassigned').click()
      await page.waitForURL(/view=unassigned/)
      await page.getByTestId('inbox-table').waitFor()
      await page.locator('h1').click()
      await page.keyboard.press('j')
      const ref = await page.evaluate(() => document.activeElement?.getAttribute('data-case'))
      assert.ok(ref)
      await page.keyboard.press('x')
      await page.getByTestId('selected-count').getByText('1 selected').waitFor()
      await page.getByLabel('Set status').selectOption({ label: 'triaged' })
      await page
        .locator('form', { has: page.getByLabel('Set status') })
        .getByRole('button', { name: 'Apply' })
        .click()
      await page.getByTestId('inbox-status').getByText('Set status: done for 1 of 1.').waitFor()
      await page.locator(`tr[data-case="${ref}"] td`, { hasText: /^triaged$/ }).waitFor()
      await page.getByTestId('selected-count').getByText('0 selected').waitFor()
    })

    test('a reply on a team that needs approval waits for a second person, who approves it', async () => {
      await page.goto(`${base}/cases/${housing.id}`)
      await page.getByRole('heading', { level: 1, name: new RegExp(housing.ref) }).waitFor()
      await page.getByRole('button', { name: 'Reply to the citizen (r)' }).click()
      await page.getByLabel('Template').selectOption({ label: 'Need more detail' })
      const text = await page.getByLabel('Reply', { exact: true }).inputValue()
      assert.match(text, new RegExp(`about .+ in .+ so we can act on ${housing.ref}\\?$`))
      await page.getByRole('button', { name: 'Submit for approval' }).click()
      await page
        .getByTestId('case-msg')
        .getByText(/another person needs to approve/)
        .waitFor()
      await page
        .getByTestId('replies')
        .getByText('Waiting for another person to approve it.')
        .waitFor()
      // The author gets no Approve button, and nothing is posted yet.
      assert.equal(await page.getByRole('button', { name: 'Approve and send' }).count(), 0)
      assert.equal(statuses.length, 1, 'nothing posted before approval')

      const analyst = DEMO_USERS.find((u) => u.role === 'analyst')
      assert.ok(analyst)
      const other = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      try {
        const p2 = await other.newPage()
        await p2.goto(`${base}/signin?next=${encodeURIComponent(`/cases/${housing.id}`)}`)
        await p2.getByLabel('E-mail').fill(analyst.email)
        await p2.getByLabel('Password').fill(analyst.password)
        await p2.getByRole('button', { name: 'Sign in' }).click()
        await p2.getByRole('heading', { level: 1, name: new RegExp(housing.ref) }).waitFor()
        await p2.getByTestId('reply-status').getByText('awaiting approval').waitFor()
        await checkA11y(p2, 'case-approval')
        await shot(p2, 'inbox-06-approval')
        await p2.getByRole('button', { name: 'Approve and send' }).click()
        await p2
          .getByTestId('reply-status')
          .getByText('sent', { exact: true })
          .waitFor({ timeout: 20_000 })
      } finally {
        await other.close()
      }
      // The author's page follows live (reply.updated on the event stream).
      await page.getByTestId('reply-status').getByText('sent', { exact: true }).waitFor()
      assert.equal(statuses.length, 2)
      assert.equal(statuses[1]?.body['in_reply_to_id'], housing.inReplyTo)
      assert.equal(statuses[1]?.body['status'], text.trim())
    })

    test('send a case to another system over Open311; it resolves when they close it', async () => {
      await page.goto(`${base}/cases/${pothole}`)
      const section = page.getByRole('region', { name: 'Other council systems (Open311)' })
      await section.getByText('This case has not been sent to another system.').waitFor()
      await section.getByLabel('Send to').selectOption('county')
      await section.getByRole('button', { name: 'Send to Open311' }).click()
      await page.getByTestId('case-msg').getByText('Sent to county.').waitFor()
      const links = section.getByTestId('open311-links')
      await links.getByText(/Request \d+/).waitFor()
      await links.getByText('Status there: not checked yet').waitFor()
      assert.equal(countyStore.requests.size, 1)
      await checkA11y(page, 'case-open311')
      await shot(page, 'inbox-07-open311')
      const [req] = [...countyStore.requests.values()]
      assert.ok(req)
      req.status = 'closed'
      req.status_notes = 'Pothole filled by the county crew.'
      assert.equal((await rt.pollOpen311()).resolved, 1)
      // The page follows live (case.updated).
      await links.getByText('Status there: closed').waitFor({ timeout: 20_000 })
      await section.getByText('Pothole filled by the county crew.').first().waitFor()
      await page.getByTestId('case-status').getByText('resolved').waitFor()
      assert.equal(
        await section.getByRole('button', { name: 'Send to Open311' }).count(),
        0,
        'nothing left to send',
      )
    })

    test('a refused change is explained in plain words', async () => {
      // No live refresh on this page: it must keep showing the stale state.
      await page.route('**/api/v1/events', (r) => r.abort())
      await page.goto(`${base}/cases/${litter}`)
      await page.getByLabel('Move to status').waitFor()
      // Someone else resolves the case while this page still offers the moves of a new case.
      await rt.act(litter, { type: 'setStatus', status: 'resolved' }, 'someone-else')
      await page.getByLabel('Move to status').selectOption({ label: 'awaiting citizen' })
      await page.getByRole('button', { name: 'Change status' }).click()
      await page
        .getByTestId('case-error')
        .getByText('A case that is resolved cannot become awaiting citizen.')
        .waitFor()
      await page.getByTestId('case-status').getByText('resolved').waitFor()
      await page.unroute('**/api/v1/events')
      assert.deepEqual(
        errors.filter((e) => !/status of 409|ERR_FAILED/.test(e)),
        [],
        'no console errors',
      )
    })
  },
)
