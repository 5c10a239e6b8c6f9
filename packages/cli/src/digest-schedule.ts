/**
 * Wires the scheduled digest e-mail into the product: when `CIVICPULSE_DIGEST` names a digest
 * configuration file (see adapters/src/reports/digest-mail.ts and docs/converse.md), the digest of
 * each finished period is e-mailed once, and a period missed while the product was down is sent
 * once on start.
 */
import type { Kysely } from 'kysely'
import { DigestScheduler } from '@civicpulse/engine'
import {
  DigestSendsRepository,
  digestMailer,
  digestSchedule,
  loadDigestConfig,
  loadJurisdiction,
  loadTaxonomy,
  type Database,
  type DigestConfig,
  type DigestLabels,
} from '@civicpulse/adapters'

/** Service and ward names from the taxonomy and the jurisdiction pack (codes when unreadable). */
export function defaultDigestLabels(): DigestLabels {
  const out: { services?: Map<string, string>; wards?: Map<string, string> } = {}
  try {
    out.services = new Map(
      loadTaxonomy().services.map((s) => [s.code, `${s.groupName}: ${s.name}`]),
    )
  } catch {
    // codes stay as they are
  }
  try {
    out.wards = new Map(loadJurisdiction().wards.map((w) => [w.code, w.name]))
  } catch {
    // codes stay as they are
  }
  return out
}

/** Builds the digest scheduler over a database (not started). */
export function digestScheduler(o: {
  db: Kysely<Database>
  config: DigestConfig
  now?: () => number
  labels?: DigestLabels
  onError?: (e: unknown) => void
}): DigestScheduler {
  const now = o.now ?? Date.now
  return new DigestScheduler({
    schedule: digestSchedule(o.config),
    store: new DigestSendsRepository(o.db),
    deliver: digestMailer({
      db: o.db,
      config: o.config,
      now,
      labels: o.labels ?? defaultDigestLabels(),
    }),
    now,
    onError:
      o.onError ??
      ((e) =>
        process.stderr.write(
          `civicpulse: the digest e-mail could not be sent (it is retried): ${(e as Error).message}\n`,
        )),
  })
}

/** Starts the digest e-mail when CIVICPULSE_DIGEST is set; returns the stop function. */
export function startDigestFromEnv(db: Kysely<Database>): () => Promise<void> {
  const path = process.env['CIVICPULSE_DIGEST']
  if (!path) return async () => {}
  const s = digestScheduler({ db, config: loadDigestConfig(path) })
  s.start()
  return () => s.stop()
}
