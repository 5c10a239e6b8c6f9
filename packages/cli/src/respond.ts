/**
 * Respond in the product: the runtime over the pipeline's SQLite store, cases opened by routing
 * rules as posts are stored (`open: auto`) and for every incident the detector opens, the reply
 * outbox delivered every 2 s with senders from the reply-accounts table, and the SLA sweeper every
 * 30 s, whose breach alerts go through the durable alert outbox to the configured channels
 * (CIVICPULSE_ALERTS; retried with backoff, delivered once), and
 * the cases sent to other systems over Open311 polled every 5 minutes (configurable). In a
 * demo database (`civicpulse demo`) replies go to a local sandbox that speaks the platforms' APIs.
 */
import type { AlertPayload, Case, Incident, StoredPost } from '@civicpulse/core'
import {
  AlertOutboxRepository,
  DEFAULT_ALERT_CONFIG,
  channelSender,
  loadAlertConfig,
} from '@civicpulse/adapters'
import { Alerter } from '@civicpulse/engine'
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
  opts: {
    outboxEveryMs?: number
    sweepEveryMs?: number
    /** How often external Open311 requests are polled (default: the configuration's, 5 min). */
    open311EveryMs?: number
    /** How often the alert outbox is delivered (breach alerts and retries; default 10 s). */
    alertsEveryMs?: number
    /** First retry delay of a failed alert (doubles each time, capped at 1 h; default 2 s). */
    alertRetryBaseMs?: number
    now?: () => number
  } = {},
): Promise<{
  runtime: RespondRuntime
  sandboxUrl?: string
  /** Delivers the alerts due now (breaches, retries); resolves when the pass is over. */
  deliverAlerts(): Promise<unknown>
  stop(): void
}> {
  const alertsPath = process.env['CIVICPULSE_ALERTS']
  const alerts = alertsPath ? loadAlertConfig(alertsPath) : DEFAULT_ALERT_CONFIG
  const send = channelSender(alerts, (payload) => host.live.emit({ type: 'alert', data: payload }))
  const alertOutbox = new AlertOutboxRepository(db)
  const alerter = new Alerter({
    // Only the breach alerts: incident alerts are delivered by the pipeline's own alerter, and two
    // workers on the same rows could send one twice.
    outbox: {
      keysFor: (id) => alertOutbox.keysFor(id),
      enqueue: (...a) => alertOutbox.enqueue(...a),
      due: async (now, limit) =>
        (await alertOutbox.due(now, 1000)).filter((a) => a.key.startsWith('sla:')).slice(0, limit),
      markSent: (id, now) => alertOutbox.markSent(id, now),
      markFailed: (id, error, retryAt, now) => alertOutbox.markFailed(id, error, retryAt, now),
    },
    rules: [],
    send,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.alertRetryBaseMs ? { baseDelayMs: opts.alertRetryBaseMs } : {}),
  })
  let delivering: Promise<unknown> | undefined
  const deliverAlerts = () =>
    (delivering ??= alerter
      .deliver()
      .catch(() => 0)
      .finally(() => (delivering = undefined)))
  const kickAlerts = () => void deliverAlerts()
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
    // Breach alerts go through the durable alert outbox (as incident alerts do): one row per
    // case, clock and channel, retried with backoff until delivered, never sent twice.
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
      const at = (opts.now ?? Date.now)()
      for (const ch of channels)
        await alertOutbox.enqueue(
          `${payload.idempotencyKey}:${ch}`,
          c.ref,
          ch,
          payload as unknown as AlertPayload,
          at,
        )
      kickAlerts()
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
  // Cases sent to other systems over Open311: tokens resolved, statuses written back.
  const open311 = runtime.config.open311.endpoints.length
    ? setInterval(
        () => void runtime.pollOpen311().catch(() => {}),
        opts.open311EveryMs ?? runtime.config.open311.pollEveryMs,
      )
    : undefined
  const alertTimer = setInterval(kickAlerts, opts.alertsEveryMs ?? 10_000)
  outbox.unref()
  sweep.unref()
  open311?.unref()
  alertTimer.unref()
  return {
    runtime,
    ...(sandbox ? { sandboxUrl: sandbox.url } : {}),
    deliverAlerts,
    stop() {
      void sandbox?.close()
      clearInterval(outbox)
      clearInterval(sweep)
      if (open311) clearInterval(open311)
      clearInterval(alertTimer)
      delete host.respondHooks.posts
      delete host.respondHooks.incident
    },
  }
}
