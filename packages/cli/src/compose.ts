/**
 * The composition root for embedded mode: opens the SQLite store and wires the pipeline's stages
 * (sieve, detection, live events) for the commands that ingest (ingest, demo, eval-scenario).
 */
import { EventEmitter } from 'node:events'
import type { Incident, StoredPost } from '@civicpulse/core'
import { DetectStage, type AfterStore } from '@civicpulse/engine'
import {
  DetectionRepository,
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
  type: 'posts.stored' | 'incident.opened' | 'incident.updated'
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
  const authorKey = authorKeyer(await store.authorKeySecret())
  const labeller = opts.label ? await loadLabeller() : undefined
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
  let detect: DetectStage | undefined
  if (opts.detect && labeller) {
    const taxonomy = loadTaxonomy()
    const wards = new Map(loadJurisdiction().wards.map((w) => [w.code, w.name]))
    detect = new DetectStage({
      store: detections,
      serviceName: (c) => taxonomy.byCode.get(c)?.name ?? c,
      areaName: (w) => wards.get(w) ?? w,
      onIncident: (incident, change) => {
        live.emit({ type: change === 'opened' ? 'incident.opened' : 'incident.updated', data: { id: incident.id, title: incident.title, severity: incident.severity, status: incident.status } })
        opts.onIncident?.(incident, change)
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
    async close() {
      if (detect) await detect.save()
      await store.close()
    },
  }
}
