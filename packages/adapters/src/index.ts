/**
 * @civicpulse/adapters — everything that touches the outside world: the SQLite store, payload
 * decoders, the sieve's models, notifiers, the simulator.
 */
export * from './store/sqlite/sqlite-store.js'
export * from './author-key.js'
export * from './shared-data.js'
export * from './decoders/index.js'
export * from './store/queries/detection.js'
export { loadLabeller, type Labeller } from './sieve/index.js'
export { loadTaxonomy, type Taxonomy } from './sieve/taxonomy/index.js'
export { loadJurisdiction, type Jurisdiction } from './sieve/places/index.js'
export * from './store/queries/alerts.js'
export * from './alerting/alert-config.js'
export * from './notifiers/index.js'
export * from './nab/index.js'
export * from './store/queries/model-versions.js'
export * from './campaigns/index.js'
export * from './reports/index.js'
export * from './replies/index.js'
export * from './open311/index.js'
export * from './store/queries/cases.js'
export * from './store/queries/respond-settings.js'
export * from './respond/config.js'
export * from './simulator/index.js'
export { evaluateLabeller, EVAL_TASKS, type EvalTask, type EvalRow } from './sieve/index.js'
/** The read queries (posts, series, incidents, sources, auth) as one namespace, for the server. */
export * as Q from './store/queries/index.js'
export type { Database } from './store/schema.js'
