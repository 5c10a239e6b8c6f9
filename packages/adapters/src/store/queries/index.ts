/**
 * Read queries (and the few dashboard writes) the HTTP API runs against the store, written once
 * with Kysely; FTS5 search is the SQLite-specific part.
 */
export * from './posts.js'
export * from './series.js'
export * from './incidents.js'
export * from './sources.js'
export * from './auth.js'
export type { Database } from '../schema.js'
