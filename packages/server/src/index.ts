/**
 * @civicpulse/server — the HTTP API and the composition root that picks adapters.
 */
export * from './app.js'
