export * from './store.js'
export * from './clock.js'
export * from './bus.js'
export * from './telemetry.js'
