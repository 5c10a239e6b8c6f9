/**
 * The composition root for embedded mode: opens the SQLite store and wires the pipeline's stages
 * (sieve, detection, live events) for the commands that ingest (ingest, demo, eval-scenario).
 */
import { EventEmitter } from 'node:events'
import type { Incident, StoredPost } from '@civicpulse/core'
import { Alerter, DetectStage, Teacher, type AfterStore } from '@civicpulse/engine'
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
  close(): Promise<void>
}

export interface PipelineOptions {
  dbPath: string
  label: boolean
  detect: boolean
  onIncident?: (incident: Incident, change: 'opened' | 'updated') => void
}

/** Opens the store and builds the stages the options ask for. */
export async function openPipeline(opts: PipelineOptions): Promise<Pipeline> {
  const store = await openSqliteStore({ path: opts.dbPath })
  await store.useWriterThread()
  const authorKey = authorKeyer(await store.authorKeySecret())
  // The labeller starts from the active model version (the shipped files plus learnt corrections).
  const versions = new ModelVersionRepository(store.db)
  const active = opts.label ? await versions.active() : undefined
  const labeller = opts.label ? await loadLabeller(active ? { snapshot: active.snapshot } : {}) : undefined
  const teacher = labeller ? new Teacher(labeller, versions) : undefined
  const detections = new DetectionRepository(store.db)
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
    const wards = new Map(loadJurisdiction().wards.map((w) => [w.code, w.name]))
    detect = new DetectStage({
      store: detections,
      serviceName: (c) => taxonomy.byCode.get(c)?.name ?? c,
      areaName: (w) => wards.get(w) ?? w,
      onIncident: async (incident, change) => {
        live.emit({ type: change === 'opened' ? 'incident.opened' : 'incident.updated', data: { id: incident.id, title: incident.title, severity: incident.severity, status: incident.status } })
        opts.onIncident?.(incident, change)
        // Queue (idempotently) and deliver at once: the tipping post to the alert in well under a second.
        if ((await alerter.onIncident(incident)) > 0) await alerter.deliver()
      },
    })
    await detect.load()
  }
  const afterStore: AfterStore = async (posts: StoredPost[], ids: number[]) => {
    if (detect) await detect.observe(posts, ids)
    live.emit({ type: 'posts.stored', data: { count: posts.length } })
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
    async close() {
      if (detect) await detect.save()
      if (teacher && teacher.count % 5 !== 0) await teacher.saveVersion()
      await store.close()
    },
  }
}
