/**
 * @civicpulse/server — the HTTP API and the composition root that picks adapters.
 */
export * from './app.js'
export { ensureDemoUsers, addUser, createApiToken, DEMO_USERS } from './auth/users.js'
export { ROLES, type Role, type Policy } from './auth/roles.js'
export { LiveHub, type LiveEvent, type LiveSource, type CorrectionEvent } from './context.js'
export { RespondRuntime, type RespondEvent, type RespondRuntimeOptions } from './respond.js'
