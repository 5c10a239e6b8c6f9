/**
 * @civicpulse/core — the domain: Post model, labels, detection maths, state machines, ports.
 * Pure TypeScript: no I/O, no clock, no randomness; depends on zod only.
 */
export * from './post/post.schema.js'
export * from './post/quarantine.js'
export * from './errors.js'
export * from './labels/labels.js'
export * from './post/sanitise.js'
export * from './ports/index.js'
export * from './detection/index.js'
export * from './post/decoded.js'
export * from './post/stored-post.js'
export * from './campaign/index.js'
export * from './case/index.js'
