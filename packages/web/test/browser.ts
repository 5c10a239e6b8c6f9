/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), a skip reason when it is missing, axe-core accessibility checks and full-page
 * screenshots into artifacts/screenshots/.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..', '..')
/** The Chromium binary (`CHROMIUM_PATH` overrides the Debian package's path). */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
/** Why the browser tests skip, or false when Chromium is there. */
export const skipWithoutChromium: string | false = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM} (apt-get install chromium)`
const SHOTS = join(ROOT, 'artifacts', 'screenshots')
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')

/** Starts headless Chromium with no background traffic. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** Runs axe on the page; fails on serious or critical violations (WCAG 2.0–2.2 A and AA rules). */
export async function checkA11y(page: Page, name: string): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not block it.
  await page.evaluate(AXE_SOURCE)
  const result = (await page.evaluate(() =>
    (
      window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } }
    ).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  )) as {
    violations: Array<{
      id: string
      impact: string
      help: string
      nodes: Array<{ target: string[] }>
    }>
  }
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  assert.deepEqual(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    ),
    [],
    `accessibility violations on ${name}`,
  )
}

/** Saves a full-page screenshot as artifacts/screenshots/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

/** Builds the web bundle when its sources changed (scripts/build-web.mjs). */
export async function buildWeb(): Promise<void> {
  const mod = (await import(join(ROOT, 'scripts', 'build-web.mjs'))) as {
    buildWeb: () => Promise<boolean>
  }
  await mod.buildWeb()
}
