/**
 * @civicpulse/adapters — everything that touches the outside world: the SQLite store, payload
 * decoders, the sieve's models, notifiers, the simulator.
 */
export * from './store/sqlite/sqlite-store.js'
export * from './author-key.js'
export * from './shared-data.js'
export * from './decoders/index.js'
