/** Converse: campaign refresh orchestration over a store port, and the scheduled digest. */
export * from './refresh.js'
export * from './digest-schedule.js'
