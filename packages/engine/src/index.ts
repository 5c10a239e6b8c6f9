/**
 * @civicpulse/engine — runs the domain against ports: the pipeline, stages, retries, timers.
 * No drivers: adapters are passed in by the composition root (server/cli).
 */
export * from './bus/memory-bus.js'
export * from './pipeline/ingest.js'
export * from './stages/detect.js'
export * from './alerting/alerter.js'
export * from './learning/teacher.js'
export * from './converse/index.js'
export * from './respond/service.js'
export * from './respond/outbox.js'
export * from './respond/open311-sync.js'
export * from './respond/runtime.js'
export * from './respond/runtime-types.js'
export * from './incidents/actions.js'
