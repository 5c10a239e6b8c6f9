/**
 * What route modules share: the database, the reference data (taxonomy, wards) loaded once, the
 * clock, the live event hub and the hooks the lead's pipeline provides.
 */
import { readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { DEFAULT_WARDS_PATH, loadTaxonomy, type Database, type Taxonomy } from './adapters.js'
import { HttpError } from './errors.js'
import { TtlCache } from './cache.js'

/** One live event for SSE subscribers. */
export interface LiveEvent {
  type: string
  data: unknown
}

/** A source of live events (the lead's pipeline feeds one). */
export interface LiveSource {
  subscribe(fn: (e: LiveEvent) => void): () => void
}

/** What a correction tells the learning loop. */
export interface CorrectionEvent {
  postId: number
  apiId: string
  task: string
  oldValue: string | null
  newValue: string
  actor: string
  at: number
  text: string
}

/** What an incident action answers: done, or refused with a reason a person can read. */
export type IncidentActionResult = { ok: true } | { ok: false; reason: string }

/**
 * Incident lifecycle through the detect stage, which keeps live incidents in memory: the pipeline
 * provides this so a person's acknowledge/resolve/merge is applied to the detector's own copy (and
 * persisted by it) instead of being overwritten by the detector's next save.
 */
export interface IncidentActions {
  act(c: {
    id: string
    action: 'acknowledge' | 'resolve' | 'reopen'
    by: string
    note?: string | undefined
    at: number
  }): Promise<IncidentActionResult>
  merge(c: { from: string; into: string; by: string; at: number }): Promise<IncidentActionResult>
}

/** GeoJSON as the map uses it: wards with `code` and `name` properties. */
export interface WardFeature {
  type: 'Feature'
  properties: { code: string; name: string; [k: string]: unknown }
  geometry: unknown
}

/** Ward boundaries plus a code → name lookup. */
export interface Wards {
  features: WardFeature[]
  names: Map<string, string>
}

/** Loads ward boundaries from a GeoJSON FeatureCollection file. */
export function loadWards(path: string): Wards {
  const gj = JSON.parse(readFileSync(path, 'utf8')) as { features: WardFeature[] }
  const features = gj.features.filter((f) => typeof f.properties?.code === 'string')
  return {
    features,
    names: new Map(
      features.map((f) => [f.properties.code, String(f.properties.name ?? f.properties.code)]),
    ),
  }
}

/** A tiny in-process hub: the app's own changes (incident actions) and the pipeline's events. */
export class LiveHub implements LiveSource {
  private readonly fns = new Set<(e: LiveEvent) => void>()
  /** Adds a subscriber; returns the unsubscribe function. */
  subscribe(fn: (e: LiveEvent) => void): () => void {
    this.fns.add(fn)
    return () => this.fns.delete(fn)
  }
  /** Sends an event to every subscriber (a failing subscriber does not stop the others). */
  publish(e: LiveEvent): void {
    for (const fn of this.fns) {
      try {
        fn(e)
      } catch {
        /* a closed stream; its own close handler unsubscribes */
      }
    }
  }
  /** How many subscribers are connected. */
  get size(): number {
    return this.fns.size
  }
}

/** Shared state for the routes. */
export class Ctx {
  /** Aggregate responses (overview, series, map), shared by all users for a few seconds. */
  readonly aggregates: TtlCache
  private tax: Taxonomy | null | undefined
  private wardData: Wards | null | undefined
  constructor(
    private readonly dbOrUndefined: Kysely<Database> | undefined,
    readonly now: () => number,
    readonly hub: LiveHub,
    private readonly taxonomyPath: string | undefined,
    private readonly wardsPath: string | undefined,
    readonly onCorrection: ((c: CorrectionEvent) => void | Promise<void>) | undefined,
    readonly incidentActions: IncidentActions | undefined,
    aggregateTtlMs = 10_000,
  ) {
    this.aggregates = new TtlCache(aggregateTtlMs, now)
  }

  /** The database; 503 when the app was built without one. */
  get db(): Kysely<Database> {
    if (!this.dbOrUndefined)
      throw new HttpError(503, 'STORE_UNAVAILABLE', 'The database is not available.')
    return this.dbOrUndefined
  }

  /** The service taxonomy (undefined when it cannot be loaded). */
  taxonomy(): Taxonomy | undefined {
    if (this.tax === undefined) {
      try {
        this.tax = loadTaxonomy(this.taxonomyPath)
      } catch {
        this.tax = null
      }
    }
    return this.tax ?? undefined
  }

  /** The ward boundaries (undefined when they cannot be loaded). */
  wards(): Wards | undefined {
    if (this.wardData === undefined) {
      try {
        this.wardData = loadWards(this.wardsPath ?? DEFAULT_WARDS_PATH)
      } catch {
        this.wardData = null
      }
    }
    return this.wardData ?? undefined
  }

  /** A service's display name (its code when unknown). */
  serviceName(code: string): string {
    const t = this.taxonomy()
    // A group code (the detector may name only the group) gets the group's name.
    return t?.byCode.get(code)?.name ?? t?.data.groups.find((g) => g.code === code)?.name ?? code
  }

  /** A ward's display name (its code when unknown). */
  wardName(code: string): string {
    return this.wards()?.names.get(code) ?? code
  }
}

/** An ISO date-time (or date) query parameter, parsed to epoch ms. */
export const zTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 date or date-time' })
  .transform((s) => Date.parse(s))
