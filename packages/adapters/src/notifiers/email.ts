/**
 * E-mail notifier over SMTP with nodemailer: a plain-text (and simple HTML) message per alert.
 */
import nodemailer from 'nodemailer'

/** SMTP connection settings. */
export interface SmtpSettings {
  readonly host: string
  readonly port: number
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  readonly secure?: boolean
  readonly user?: string
  readonly password?: string
  /** Reject self-signed certificates (default true). */
  readonly rejectUnauthorized?: boolean
  /** Never try STARTTLS (for a local test sink). */
  readonly ignoreTLS?: boolean
}

/** One message. */
export interface EmailMessage {
  readonly from: string
  readonly to: readonly string[]
  readonly subject: string
  readonly text: string
  readonly html?: string
  /** Sent as a header so a mail system can spot duplicates. */
  readonly idempotencyKey?: string
}

/** What the server accepted. */
export interface EmailResult {
  readonly messageId: string
  readonly accepted: readonly string[]
  readonly rejected: readonly string[]
}

/** Sends an e-mail; throws when the server cannot be reached or refuses every recipient. */
export async function sendEmail(smtp: SmtpSettings, msg: EmailMessage): Promise<EmailResult> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? false,
    ignoreTLS: smtp.ignoreTLS ?? false,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    tls: { rejectUnauthorized: smtp.rejectUnauthorized ?? true },
  })
  try {
    const info = await transport.sendMail({
      from: msg.from,
      to: [...msg.to],
      subject: msg.subject,
      text: msg.text,
      ...(msg.html ? { html: msg.html } : {}),
      ...(msg.idempotencyKey ? { headers: { 'X-CivicPulse-Alert-Key': msg.idempotencyKey } } : {}),
    })
    const list = (xs: unknown): string[] =>
      Array.isArray(xs)
        ? xs.map((x) =>
            typeof x === 'string' ? x : String((x as { address?: string }).address ?? x),
          )
        : []
    return {
      messageId: String(info.messageId),
      accepted: list(info.accepted),
      rejected: list(info.rejected),
    }
  } finally {
    transport.close()
  }
}

/** The minimum an alert e-mail says about an incident. */
export interface IncidentSummary {
  readonly id: string
  readonly title: string
  readonly severity: string
  readonly service: string
  readonly areas: readonly string[]
  readonly startedAt: number
  readonly observed: number
  readonly expected: number
  readonly link?: string
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/** Subject, text and HTML of an alert e-mail for an incident, in plain words. */
export function incidentEmail(inc: IncidentSummary): {
  subject: string
  text: string
  html: string
} {
  const subject = `[${inc.severity}] ${inc.title}`
  const lines = [
    inc.title,
    '',
    `Severity: ${inc.severity}`,
    `Service: ${inc.service}`,
    `Areas: ${inc.areas.join(', ')}`,
    `Started: ${new Date(inc.startedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    `Volume: ${Math.round(inc.observed)} reports, usually ${inc.expected < 10 ? inc.expected.toFixed(1) : Math.round(inc.expected)}`,
    ...(inc.link ? ['', `Open it: ${inc.link}`] : []),
  ]
  const html = `<p><strong>${escapeHtml(inc.title)}</strong></p><ul>${lines
    .slice(2)
    .filter((l) => l)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join('')}</ul>`
  return { subject, text: lines.join('\n') + '\n', html }
}
