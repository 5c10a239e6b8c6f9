/**
 * The scheduled digest e-mail: its configuration (YAML, `CIVICPULSE_DIGEST`), the record of periods
 * already sent (migration 0009, so a restart never resends), and the sender — the digest rendered
 * as an HTML e-mail with the PDF attached (or a link to it when Chromium is missing), over SMTP.
 *
 * ```yaml
 * schedule: { every: weekly, day: monday, time: "08:00", timeZone: Europe/London }
 * smtp: { host: smtp.example.org, port: 587, user: civicpulse, password: "${SMTP_PASSWORD}" }
 * from: "Civic Pulse <digest@council.example>"
 * to: [comms@council.example, parks@council.example]
 * attachPdf: true            # default true
 * link: https://civicpulse.council.example   # optional: adds a link to the PDF in the app
 * ```
 */
import type { Kysely } from 'kysely'
import nodemailer from 'nodemailer'
import { z } from 'zod'
import { loadYamlConfig } from '../yaml-config.js'
import type { Database } from '../store/schema.js'
import { digestDocument, type DigestLabels } from './digest-document.js'
import { chromiumPath, htmlToPdf } from './pdf.js'

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const

/** The digest e-mail configuration file. */
export const DigestConfigSchema = z
  .object({
    schedule: z
      .object({
        every: z.enum(['weekly', 'daily']).default('weekly'),
        day: z.enum(DAYS).default('monday'),
        time: z
          .string()
          .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'time is HH:MM on the 24-hour clock')
          .default('08:00'),
        timeZone: z
          .string()
          .default('Europe/London')
          .refine(
            (tz) => {
              try {
                new Intl.DateTimeFormat('en-GB', { timeZone: tz })
                return true
              } catch {
                return false
              }
            },
            { message: 'timeZone must be an IANA time zone, e.g. Europe/London' },
          ),
      })
      .strict()
      .prefault({}),
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().positive(),
        secure: z.boolean().optional(),
        user: z.string().optional(),
        password: z.string().optional(),
        ignoreTLS: z.boolean().optional(),
        rejectUnauthorized: z.boolean().optional(),
      })
      .strict(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
    subject: z.string().min(1).default('Civic Pulse digest: {from} to {to}'),
    attachPdf: z.boolean().default(true),
    link: z.url().optional(),
  })
  .strict()
export type DigestConfig = z.infer<typeof DigestConfigSchema>

/** Reads and validates a digest configuration file (`${ENV_NAME}` is replaced from the environment). */
export function loadDigestConfig(
  path: string,
  env: Record<string, string | undefined> = process.env,
): DigestConfig {
  return loadYamlConfig(path, DigestConfigSchema, 'digest configuration', env)
}

/** The schedule in the engine's shape (day as 0 = Sunday … 6 = Saturday). */
export function digestSchedule(c: DigestConfig) {
  return {
    every: c.schedule.every,
    day: DAYS.indexOf(c.schedule.day),
    time: c.schedule.time,
    timeZone: c.schedule.timeZone,
  }
}

/** The periods already e-mailed (implements the engine's `DigestSendStore`). */
export class DigestSendsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Whether a period was sent. */
  async wasSent(periodKey: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('digest_sends')
      .select('period_key')
      .where('period_key', '=', periodKey)
      .executeTakeFirst()
    return r !== undefined
  }

  /** Records a period as sent (a second record of the same period is ignored). */
  async markSent(r: {
    periodKey: string
    fromMs: number
    toMs: number
    sentAtMs: number
    recipients: number
    messageId: string | undefined
  }): Promise<void> {
    await this.db
      .insertInto('digest_sends')
      .values({
        period_key: r.periodKey,
        from_ms: r.fromMs,
        to_ms: r.toMs,
        sent_at: r.sentAtMs,
        recipients: r.recipients,
        message_id: r.messageId ?? null,
      })
      .onConflict((oc) => oc.column('period_key').doNothing())
      .execute()
  }

  /** The periods sent, newest first. */
  async list(limit = 50) {
    return this.db
      .selectFrom('digest_sends')
      .selectAll()
      .orderBy('to_ms', 'desc')
      .limit(limit)
      .execute()
  }
}

const fmt = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(ms),
  )

/** Builds the sender: renders the period's digest and e-mails it (HTML body, PDF attached). */
export function digestMailer(o: {
  db: Kysely<Database>
  config: DigestConfig
  labels?: DigestLabels
  now: () => number
}): (period: { key: string; fromMs: number; toMs: number }) => Promise<{
  recipients: number
  messageId: string | undefined
}> {
  const c = o.config
  const tz = c.schedule.timeZone
  return async (period) => {
    const doc = await digestDocument(o.db, {
      fromMs: period.fromMs,
      toMs: period.toMs,
      timeZone: tz,
      generatedAtMs: o.now(),
      ...(o.labels ? { labels: o.labels } : {}),
    })
    const subject = c.subject
      .replace('{from}', fmt(period.fromMs, tz))
      .replace('{to}', fmt(period.toMs, tz))
    const pdf = c.attachPdf && chromiumPath() ? await htmlToPdf(doc.html) : undefined
    const link = c.link
      ? `${c.link.replace(/\/$/, '')}/api/v1/reports/digest.pdf?from=${encodeURIComponent(new Date(period.fromMs).toISOString())}&to=${encodeURIComponent(new Date(period.toMs).toISOString())}`
      : undefined
    const d = doc.digest
    const text = [
      subject,
      '',
      `Posts: ${d.totalPosts} (previous period: ${d.previousTotalPosts})`,
      ...d.notableChanges.map((n) => `- ${n.sentence}`),
      '',
      pdf ? 'The full digest is attached as a PDF.' : '',
      link ? `Download it: ${link}` : '',
    ]
      .filter((l, i, a) => l !== '' || a[i - 1] !== '')
      .join('\n')
    const transport = nodemailer.createTransport({
      host: c.smtp.host,
      port: c.smtp.port,
      secure: c.smtp.secure ?? false,
      ignoreTLS: c.smtp.ignoreTLS ?? false,
      ...(c.smtp.user ? { auth: { user: c.smtp.user, pass: c.smtp.password ?? '' } } : {}),
      tls: { rejectUnauthorized: c.smtp.rejectUnauthorized ?? true },
    })
    try {
      const info = await transport.sendMail({
        from: c.from,
        to: [...c.to],
        subject,
        text: text + '\n',
        html: link
          ? doc.html.replace(
              '</body>',
              `<p><a href="${link}">Download the digest as a PDF</a></p></body>`,
            )
          : doc.html,
        headers: { 'X-CivicPulse-Digest-Period': period.key },
        ...(pdf
          ? {
              attachments: [
                {
                  filename: `civicpulse-digest-${new Date(period.fromMs).toISOString().slice(0, 10)}.pdf`,
                  content: Buffer.from(pdf),
                  contentType: 'application/pdf',
                },
              ],
            }
          : {}),
      })
      const accepted = Array.isArray(info.accepted) ? info.accepted.length : 0
      if (accepted === 0) throw new Error('The mail server refused every digest recipient.')
      return { recipients: accepted, messageId: String(info.messageId) }
    } finally {
      transport.close()
    }
  }
}
