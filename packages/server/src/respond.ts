/**
 * Builds Respond's runtime (the engine's `RespondRuntime`) over the SQLite repositories: the case
 * and settings repositories, the reply senders from the stored reply accounts, the Open311 clients
 * of the configured endpoints, and the Open311 request store over cases. Construction only — the
 * business rules live in `@civicpulse/engine` (commands) and `@civicpulse/core` (pure rules).
 */
import type { Kysely } from 'kysely'
import type { Case, RoutingDecision, SlaState } from '@civicpulse/core'
import {
  CaseOpen311Store,
  CaseRepository,
  CaseSourceRepository,
  Open311Client,
  Open311ClientError,
  open311ServiceCode,
  RespondSettingsRepository,
  sendersForAccounts,
  loadRespondConfig,
  loadTaxonomy,
  type RespondConfig,
  type Taxonomy,
} from '@civicpulse/adapters'
import { RespondRuntime as EngineRespondRuntime, type Open311Gateway } from '@civicpulse/engine'
import type { Database } from './adapters.js'

export {
  OPEN_CASE_STATUSES,
  unfilledPlaceholders,
  type CaseWithSla,
  type SlaFigures,
} from '@civicpulse/core'
export { ReplyRefused, type RespondEvent } from '@civicpulse/engine'

/** Options of the runtime. */
export interface RespondRuntimeOptions {
  db: Kysely<Database>
  now?: () => number
  /** Resolved configuration (default: `loadRespondConfig` over the taxonomy). */
  config?: RespondConfig
  taxonomy?: Taxonomy
  /** Routing asked to notify (urgent safety flags, rules with `notify`). */
  notify?: (c: Case, decision: RoutingDecision) => Promise<void>
  /**
   * An SLA clock of a case was breached: called until it resolves once per case and clock (so it
   * must be idempotent, e.g. a durable outbox keyed by case and clock); a rejection retries later.
   */
  onBreach?: (c: Case, clock: 'first_response' | 'resolution', sla: SlaState) => Promise<void>
  /** Options for the outbox processor (tests shorten the delays). */
  outbox?: { baseDelayMs?: number; staleAfterMs?: number; maxAttempts?: number }
  /** HTTP options for the senders (tests). */
  senderFetch?: typeof fetch
  /** Where the api keys of external Open311 endpoints are read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>
}

/** Respond's runtime over the SQLite repositories, with the Open311 request store over cases. */
export class RespondRuntime extends EngineRespondRuntime<
  RespondConfig,
  RespondSettingsRepository,
  CaseRepository
> {
  readonly open311: CaseOpen311Store

  private constructor(o: RespondRuntimeOptions) {
    const taxonomy = o.taxonomy ?? loadTaxonomy()
    const config = o.config ?? loadRespondConfig(taxonomy)
    const settings = new RespondSettingsRepository(o.db)
    const env = o.env ?? process.env
    super({
      cases: new CaseRepository(o.db),
      settings,
      sources: new CaseSourceRepository(o.db),
      config,
      now: o.now ?? Date.now,
      senders: async () =>
        sendersForAccounts(await settings.replyAccountsWithCredentials(), o.senderFetch),
      open311: {
        gateways: () => {
          const gateways: Record<string, Open311Gateway> = {}
          for (const e of config.open311.endpoints) {
            const apiKey = e.apiKeyEnv ? env[e.apiKeyEnv] : undefined
            gateways[e.name] = new Open311Client({
              baseUrl: e.baseUrl,
              format: e.format,
              ...(apiKey ? { apiKey } : {}),
              ...(e.jurisdictionId ? { jurisdictionId: e.jurisdictionId } : {}),
              ...(o.senderFetch ? { fetch: o.senderFetch } : {}),
            })
          }
          return gateways
        },
        serviceCode: open311ServiceCode,
        missingKey: (e) => (e.apiKeyEnv && !env[e.apiKeyEnv] ? e.apiKeyEnv : null),
        errorMessage: (err) => (err instanceof Open311ClientError ? err.message : undefined),
      },
      ...(o.notify ? { notify: o.notify } : {}),
      ...(o.onBreach ? { onBreach: o.onBreach } : {}),
      ...(o.outbox ? { outbox: o.outbox } : {}),
    })
    this.open311 = new CaseOpen311Store({
      db: o.db,
      open: async (source, facts) => (await this.open(source, facts, 'open311')).case,
      keyId: (k) => this.settings.checkOpen311Key(k, this.now()),
      teamName: (t) => this.teamName(t),
    })
  }

  /** Builds the runtime: seeds team settings and templates from the configuration, then the service. */
  static async create(o: RespondRuntimeOptions): Promise<RespondRuntime> {
    return new RespondRuntime(o).start()
  }
}
