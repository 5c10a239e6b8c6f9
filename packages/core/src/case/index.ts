/**
 * Respond's domain: cases and their state machine, routing rules, SLA clocks over business hours,
 * reply templates, and the ports the engine runs them against.
 */
export * from './types.js'
export * from './state.js'
export * from './routing.js'
export * from './sla.js'
export * from './tz.js'
export * from './template.js'
export * from './sla-report.js'
export * from './reply-draft.js'
export * from './auto-open.js'
export * from './ports.js'
