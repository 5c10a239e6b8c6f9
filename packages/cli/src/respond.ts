/**
 * Respond in the product: the runtime over the pipeline's SQLite store, cases opened by routing
 * rules as posts are stored (`open: auto`) and for every incident the detector opens, the reply
 * outbox delivered every 2 s with senders from the reply-accounts table, and the SLA sweeper every
 * 30 s, whose breach alerts go through the configured alert channels (CIVICPULSE_ALERTS). In a
 * demo database (`civicpulse demo`) replies go to a local sandbox that speaks the platforms' APIs.
 */
import type { Case, Incident, StoredPost } from '@civicpulse/core'
import { DEFAULT_ALERT_CONFIG, channelSender, loadAlertConfig } from '@civicpulse/adapters'
import { RespondRuntime } from '@civicpulse/server'
import { startReplySandbox } from './reply-sandbox.js'

/** Hooks the pipeline calls (set once Respond is running). */
export interface RespondHooks {
  posts?: (posts: StoredPost[], ids: number[]) => Promise<void>
  incident?: (incident: Incident, change: 'opened' | 'updated') => Promise<void>
}

const SEVERITIES = ['low', 'medium', 'high', 'critical']

/** The alert payload of an SLA breach, shaped like an incident alert so every channel can carry it. */
export function breachPayload(c: Case, clock: 'first_response' | 'resolution') {
  const what = clock === 'first_response' ? 'first response' : 'resolution'
  return {
    type: 'case.sla_breached',
    idempotencyKey: `sla:${c.id}:${clock}`,
    rule: 'sla-breach',
    case: { id: c.id, ref: c.ref, team: c.team, clock },
    incident: {
      id: c.ref,
      title: `${c.ref}: the ${what} target was missed — ${c.title}`,
      service: c.serviceCode ?? '',
      areas: c.area ? [c.area] : [],
      severity: 'high',
      status: c.status,
      startedAt: new Date(c.createdAt).toISOString(),
      observed: 0,
      expected: 0,
    },
  }
}

/** Starts Respond over the pipeline; `stop` ends its timers. */
export async function startRespond(
  db: Parameters<typeof RespondRuntime.create>[0]['db'],
  host: { live: { emit(e: { type: 'alert'; data: unknown }): void }; respondHooks: RespondHooks },
  opts: { outboxEveryMs?: number; sweepEveryMs?: number; now?: () => number } = {},
): Promise<{ runtime: RespondRuntime; sandboxUrl?: string; stop(): void }> {
  const alertsPath = process.env['CIVICPULSE_ALERTS']
  const alerts = alertsPath ? loadAlertConfig(alertsPath) : DEFAULT_ALERT_CONFIG
  const send = channelSender(alerts, (payload) => host.live.emit({ type: 'alert', data: payload }))
  const runtime = await RespondRuntime.create({
    db,
    ...(opts.now ? { now: opts.now } : {}),
    // Urgent safety flags and rules with `notify` reach the in-app alert feed at once.
    notify: async (c) => {
      host.live.emit({
        type: 'alert',
        data: { ...breachPayload(c, 'first_response'), type: 'case.urgent', rule: 'routing' },
      })
    },
    onBreach: async (c, clock) => {
      const payload = breachPayload(c, clock)
      const channels = new Set(
        alerts.rules
          .filter(
            (r) =>
              SEVERITIES.indexOf(r.minSeverity) <= SEVERITIES.indexOf('high') &&
              (!r.services?.length || (c.serviceCode && r.services.includes(c.serviceCode))),
          )
          .flatMap((r) => r.channels),
      )
      for (const ch of channels) {
        try {
          await send(ch, payload, payload.idempotencyKey)
        } catch {
          /* one channel failing does not stop the others */
        }
      }
    },
  })
  host.respondHooks.posts = async (posts, ids) => {
    await runtime.autoOpenPosts(posts, ids)
  }
  host.respondHooks.incident = async (incident, change) => {
    if (change === 'opened' && runtime.config.incidents.open === 'auto')
      await runtime.openFromIncident(incident.id, 'detector')
  }
  // The demo replies to a local sandbox (never to a real platform), so the inbox works end to end.
  const demo = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'civicpulse_demo')
    .executeTakeFirst()
  const sandbox = demo ? await startReplySandbox() : undefined
  if (sandbox) {
    const now = runtime.now()
    const accounts = [
      { platform: 'mastodon', credentials: { accessToken: 'sandbox' } },
      { platform: 'x', credentials: { accessToken: 'sandbox' } },
      {
        platform: 'reddit',
        credentials: { accessToken: 'sandbox', userAgent: 'civicpulse:demo-sandbox:0.1' },
      },
      { platform: 'bluesky', credentials: { identifier: 'council.sandbox', password: 'sandbox' } },
    ] as const
    for (const a of accounts)
      await runtime.settings.saveReplyAccount(
        {
          platform: a.platform,
          account: 'sandbox',
          baseUrl: sandbox.url,
          credentials: { ...a.credentials },
        },
        now,
      )
  }
  if (sandbox)
    process.stdout.write(
      `Replies in the demo go to a local sandbox, never to a real platform: ${sandbox.url}/sandbox\n`,
    )
  const outbox = setInterval(
    () => void runtime.runOutbox().catch(() => {}),
    opts.outboxEveryMs ?? 2000,
  )
  const sweep = setInterval(
    () => void runtime.sweepSla().catch(() => {}),
    opts.sweepEveryMs ?? 30_000,
  )
  outbox.unref()
  sweep.unref()
  return {
    runtime,
    ...(sandbox ? { sandboxUrl: sandbox.url } : {}),
    stop() {
      void sandbox?.close()
      clearInterval(outbox)
      clearInterval(sweep)
      delete host.respondHooks.posts
      delete host.respondHooks.incident
    },
  }
}
