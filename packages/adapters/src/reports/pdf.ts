/**
 * Prints an HTML report to PDF with the headless Debian Chromium the tests use, driven by
 * playwright-core (never a downloaded browser). Launch flags follow stack.md §A.
 */
import { existsSync } from 'node:fs'
import { AppError } from '@civicpulse/core'

/** Where Chromium is looked for: CIVICPULSE_CHROMIUM, else /usr/bin/chromium. */
export function chromiumPath(): string | undefined {
  const p = process.env['CIVICPULSE_CHROMIUM'] ?? '/usr/bin/chromium'
  return existsSync(p) ? p : undefined
}

/** Renders an HTML document to an A4 PDF (bytes). Throws a clear error when Chromium is missing. */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const executablePath = chromiumPath()
  if (!executablePath)
    throw new AppError(
      'CONFIG_INVALID',
      'PDF reports need Chromium: install the Debian package (apt-get install chromium) or set CIVICPULSE_CHROMIUM.',
    )
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({
    executablePath,
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
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
    const pg = await context.newPage()
    await pg.setContent(html, { waitUntil: 'load' })
    const pdf = await pg.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
      tagged: true,
      outline: true,
    })
    return new Uint8Array(pdf)
  } finally {
    await browser.close()
  }
}
