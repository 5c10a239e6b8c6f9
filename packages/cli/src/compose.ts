/**
 * The composition root for embedded mode: opens the SQLite store and wires the pipeline's stages
 * (sieve, detection, live events) for the commands that ingest (ingest, demo, eval-scenario).
 */
import { EventEmitter } from 'node:events'
import { topicTokens, type Incident, type StoredPost } from '@civicpulse/core'
import { Alerter, DetectStage, Teacher, type AfterStore } from '@civicpulse/engine'
import { createApp } from '@civicpulse/server'
import { incidentActions } from './incident-actions.js'
import { startRespond, type RespondHooks } from './respond.js'
import { startDigestFromEnv } from './digest-schedule.js'
import {
  AlertOutboxRepository,
  DEFAULT_ALERT_CONFIG,
  alertRules,
  channelSender,
  loadAlertConfig,
  DetectionRepository,
  ModelVersionRepository,
  authorKeyer,
  loadJurisdiction,
  loadLabeller,
  loadTaxonomy,
  openSqliteStore,
  type Labeller,
  type SqliteStore,
} from '@civicpulse/adapters'

/** A live event for the dashboard's stream and the in-app alert feed. */
export interface LiveEvent {
  type: 'posts.stored' | 'incident.opened' | 'incident.updated' | 'alert'
  data: unknown
}

export interface Pipeline {
  store: SqliteStore
  authorKey: (platform: string, authorId: string) => string
  labeller: Labeller | undefined
  detect: DetectStage | undefined
  detections: DetectionRepository
  afterStore: AfterStore
  /** Live events (posts stored, incidents opened/updated). */
  live: { subscribe(fn: (e: LiveEvent) => void): () => void; emit(e: LiveEvent): void }
  /** Queues and delivers alerts for incident changes through the durable outbox. */
  alerter: Alerter
  /** Corrections that teach the live labeller (undefined without the sieve). */
  teacher: Teacher | undefined
  /** Respond's hooks: cases opened by routing rules and for new incidents (set by the product app). */
  respondHooks: RespondHooks
  close(): Promise<void>
}

export interface PipelineOptions {
  dbPath: string
  label: boolean
  detect: boolean
  onIncident?: (incident: Incident, change: 'opened' | 'updated') => void
  /** Judge the open 5-minute bucket as posts arrive (default true); false: closed buckets only. */
  earlyDetection?: boolean
}

/** Opens the store and builds the stages the options ask for. */
export async function openPipeline(opts: PipelineOptions): Promise<Pipeline> {
  const store = await openSqliteStore({ path: opts.dbPath })
  await store.useWriterThread()
  const authorKey = authorKeyer(await store.authorKeySecret())
  // The labeller starts from the active model version (the shipped files plus learnt corrections).
  const versions = new ModelVersionRepository(store.db)
  const active = opts.label ? await versions.active() : undefined
  const labeller = opts.label
    ? await loadLabeller(active ? { snapshot: active.snapshot } : {})
    : undefined
  const teacher = labeller ? new Teacher(labeller, versions) : undefined
  const detections = new DetectionRepository(store.db)
  const respondHooks: RespondHooks = {}
  const emitter = new EventEmitter()
  emitter.setMaxListeners(1000)
  const live = {
    subscribe(fn: (e: LiveEvent) => void) {
      emitter.on('event', fn)
      return () => void emitter.off('event', fn)
    },
    emit(e: LiveEvent) {
      emitter.emit('event', e)
    },
  }
  // Alert routing: CIVICPULSE_ALERTS names a YAML file of channels and rules; the default sends
  // medium-or-worse incidents to the in-app stream only.
  const alertsPath = process.env['CIVICPULSE_ALERTS']
  const alertConfig = alertsPath ? loadAlertConfig(alertsPath) : DEFAULT_ALERT_CONFIG
  const alerter = new Alerter({
    outbox: new AlertOutboxRepository(store.db),
    rules: alertRules(alertConfig),
    send: channelSender(alertConfig, (payload) => live.emit({ type: 'alert', data: payload })),
  })
  let detect: DetectStage | undefined
  if (opts.detect && labeller) {
    const taxonomy = loadTaxonomy()
    const groupNames = new Map(taxonomy.data.groups.map((g) => [g.code, g.name]))
    const jurisdiction = loadJurisdiction()
    const wards = new Map(jurisdiction.wards.map((w) => [w.code, w.name]))
    const neighbours = wardNeighbours(jurisdiction.wards)
    detect = new DetectStage({
      store: detections,
      early: opts.earlyDetection ?? true,
      // Incidents are per service group (e.g. `waste`), so groups need their names too.
      serviceName: (c) => taxonomy.byCode.get(c)?.name ?? groupNames.get(c) ?? c,
      areaName: (w) => wards.get(w) ?? w,
      wholeAreaName: jurisdiction.meta.name.replace(/^London Borough of /, ''),
      adjacent: (a, b) => neighbours.get(a)?.has(b) ?? false,
      placeNames: [...jurisdiction.wards, ...jurisdiction.localities, ...jurisdiction.streets].map(
        (x) => x.name,
      ),
      placeWords: new Set(
        [...jurisdiction.wards, ...jurisdiction.localities, ...jurisdiction.streets].flatMap((x) =>
          topicTokens(x.name),
        ),
      ),
      onIncident: async (incident, change) => {
        live.emit({
          type: change === 'opened' ? 'incident.opened' : 'incident.updated',
          data: {
            id: incident.id,
            title: incident.title,
            severity: incident.severity,
            status: incident.status,
          },
        })
        opts.onIncident?.(incident, change)
        try {
          await respondHooks.incident?.(incident, change)
        } catch {
          /* a case not opened never fails detection */
        }
        // Queue (idempotently) and deliver at once: the tipping post to the alert in well under a second.
        if ((await alerter.onIncident(incident)) > 0) await alerter.deliver()
      },
    })
    await detect.load()
  }
  const afterStore: AfterStore = async (posts: StoredPost[], ids: number[]) => {
    if (detect) await detect.observe(posts, ids)
    live.emit({ type: 'posts.stored', data: { count: posts.length } })
    try {
      await respondHooks.posts?.(posts, ids)
    } catch {
      /* a case not opened never fails ingestion */
    }
  }
  return {
    store,
    authorKey,
    labeller,
    detect,
    detections,
    afterStore,
    live,
    alerter,
    teacher,
    respondHooks,
    async close() {
      if (detect) await detect.save()
      await teacher?.saveIfChanged()
      await store.close()
    },
  }
}

/** Wards that share a boundary point (coordinates rounded to about 10 m), for incident matching. */
export function wardNeighbours(
  wards: readonly { code: string; geometry: { coordinates: unknown } }[],
): Map<string, Set<string>> {
  const byPoint = new Map<string, Set<string>>()
  const walk = (c: unknown, code: string): void => {
    if (!Array.isArray(c)) return
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const key = `${(c[0] as number).toFixed(4)},${(c[1] as number).toFixed(4)}`
      let set = byPoint.get(key)
      if (!set) byPoint.set(key, (set = new Set()))
      set.add(code)
      return
    }
    for (const x of c) walk(x, code)
  }
  for (const w of wards) walk(w.geometry.coordinates, w.code)
  const out = new Map<string, Set<string>>(wards.map((w) => [w.code, new Set<string>()]))
  for (const set of byPoint.values())
    for (const a of set) for (const b of set) if (a !== b) out.get(a)?.add(b)
  return out
}

/** The HTTP app over a pipeline: live events, incident actions that the detector honours, corrections that teach. */
export function createProductApp(pipeline: Pipeline) {
  // Respond: cases opened by rules and incidents, the reply outbox every 2 s, the SLA sweeper every 30 s.
  const respond = startRespond(pipeline.store.db, pipeline)
  respond.catch((e: unknown) =>
    process.stderr.write(`civicpulse: Respond did not start: ${(e as Error).message}\n`),
  )
  const app = createApp({
    respond: respond.then((r) => r.runtime),
    store: pipeline.store,
    live: pipeline.live,
    incidents: incidentActions(pipeline.detections, pipeline.detect),
    onCorrection: async (c) => {
      await pipeline.teacher?.onCorrection(c)
    },
  })
  // The scheduled digest e-mail (CIVICPULSE_DIGEST names its configuration; off when unset).
  const stopDigest = startDigestFromEnv(pipeline.store.db)
  app.addHook('onClose', async () => stopDigest())
  app.addHook('onClose', async () => (await respond.catch(() => undefined))?.stop())
  // Incident alerts that failed earlier are retried from the outbox (with its backoff) every 10 s.
  const retryAlerts = setInterval(() => void pipeline.alerter.deliver().catch(() => {}), 10_000)
  retryAlerts.unref()
  app.addHook('onClose', async () => clearInterval(retryAlerts))
  return app
}
