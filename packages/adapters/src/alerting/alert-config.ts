/**
 * Alert routing configuration (pipeline config, YAML validated by zod): channels (webhook, e-mail,
 * in-app) and rules (services, areas, minimum severity, quiet hours → channels). Secrets are
 * written as `${ENV_NAME}` and resolved from the environment at load; they are never logged.
 */
import { z } from 'zod'
import { loadYamlConfig } from '../yaml-config.js'
import type { AlertRule } from '@civicpulse/core'
import { sendWebhook } from '../notifiers/webhook.js'
import { incidentEmail, sendEmail } from '../notifiers/email.js'

const Severity = z.enum(['low', 'medium', 'high', 'critical'])

const ChannelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('app') }).strict(),
  z
    .object({
      type: z.literal('webhook'),
      url: z.string().url().describe('Where to POST the signed JSON alert.'),
      secret: z
        .string()
        .min(16)
        .describe('Shared secret for the HMAC-SHA256 signature; use ${ENV_NAME}.'),
    })
    .strict(),
  z
    .object({
      type: z.literal('email'),
      host: z.string(),
      port: z.number().int().positive(),
      secure: z.boolean().optional(),
      user: z.string().optional(),
      password: z.string().optional(),
      ignoreTLS: z.boolean().optional(),
      from: z.string(),
      to: z.array(z.string()).min(1),
    })
    .strict(),
])

export const AlertConfigSchema = z
  .object({
    channels: z.record(z.string(), ChannelSchema),
    rules: z.array(
      z
        .object({
          id: z.string().min(1),
          services: z.array(z.string()).optional(),
          areas: z.array(z.string()).optional(),
          minSeverity: Severity.default('medium'),
          quietHours: z
            .object({
              start: z.string(),
              end: z.string(),
              timeZone: z.string(),
              allowCritical: z.boolean().optional(),
            })
            .strict()
            .optional(),
          channels: z.array(z.string()).min(1),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const [i, r] of c.rules.entries()) {
      for (const ch of r.channels)
        if (!(ch in c.channels))
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'channels'],
            message: `Unknown channel ${ch}.`,
          })
    }
  })
export type AlertConfig = z.infer<typeof AlertConfigSchema>

/** The default when no file is configured: every medium-or-worse incident to the in-app stream. */
export const DEFAULT_ALERT_CONFIG: AlertConfig = {
  channels: { app: { type: 'app' } },
  rules: [{ id: 'in-app', minSeverity: 'medium', channels: ['app'] }],
}

/** Reads and validates an alert configuration file; every problem is reported at once. */
export function loadAlertConfig(
  path: string,
  env: Record<string, string | undefined> = process.env,
): AlertConfig {
  return loadYamlConfig(path, AlertConfigSchema, 'alert configuration', env)
}

/** The rules in the detection core's shape. */
export function alertRules(c: AlertConfig): AlertRule[] {
  return c.rules.map((r) => {
    const q = r.quietHours
    return {
      id: r.id,
      minSeverity: r.minSeverity,
      channels: r.channels,
      ...(r.services ? { services: r.services } : {}),
      ...(r.areas ? { areas: r.areas } : {}),
      ...(q
        ? {
            quietHours: {
              start: q.start,
              end: q.end,
              timeZone: q.timeZone,
              ...(q.allowCritical !== undefined ? { allowCritical: q.allowCritical } : {}),
            },
          }
        : {}),
    }
  })
}

type Payload = {
  incident: {
    id: string
    title: string
    severity: string
    service: string
    areas: string[]
    startedAt: string
    observed: number
    expected: number
  }
}

/** A sender for every configured channel; `app` goes to the in-app stream through `toApp`. */
export function channelSender(c: AlertConfig, toApp: (payload: unknown) => void) {
  return async (channel: string, payload: Payload, key: string): Promise<void> => {
    const ch = c.channels[channel]
    if (!ch) throw new Error(`Unknown channel ${channel}.`)
    if (ch.type === 'app') {
      toApp(payload)
      return
    }
    if (ch.type === 'webhook') {
      const r = await sendWebhook({ url: ch.url, secret: ch.secret }, payload, {
        idempotencyKey: key,
        maxAttempts: 3,
      })
      if (!r.ok) throw new Error(`Webhook delivery failed: ${r.error ?? `HTTP ${r.status}`}`)
      return
    }
    const inc = payload.incident
    const mail = incidentEmail({ ...inc, startedAt: Date.parse(inc.startedAt) })
    await sendEmail(
      {
        host: ch.host,
        port: ch.port,
        ...(ch.secure !== undefined ? { secure: ch.secure } : {}),
        ...(ch.user ? { user: ch.user } : {}),
        ...(ch.password ? { password: ch.password } : {}),
        ...(ch.ignoreTLS !== undefined ? { ignoreTLS: ch.ignoreTLS } : {}),
      },
      {
        from: ch.from,
        to: ch.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        idempotencyKey: key,
      },
    )
  }
}
