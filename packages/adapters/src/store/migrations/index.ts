/**
 * The ordered list of migrations (explicit, no globbing). Names sort in order; never rename or
 * edit one that has shipped — add a new one.
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001-posts.js'
import * as m0002 from './0002-posts-fts-sqlite.js'
import * as m0003 from './0003-labels-series-incidents.js'
import * as m0004 from './0004-users-sessions-access.js'
import * as m0005 from './0005-cases.js'
import * as m0007 from './0007-model-versions.js'
import * as m0006 from './0006-campaigns.js'
import * as m0008 from './0008-respond-settings.js'
import * as m0009 from './0009-digest-exports.js'

export const MIGRATIONS: Record<string, Migration> = {
  '0001-posts': m0001,
  '0002-posts-fts-sqlite': m0002,
  '0003-labels-series-incidents': m0003,
  '0004-users-sessions-access': m0004,
  '0005-cases': m0005,
  '0007-model-versions': m0007,
  '0006-campaigns': m0006,
  '0008-respond-settings': m0008,
  '0009-digest-exports': m0009,
}

/** A Kysely migration provider over the static list. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
}
