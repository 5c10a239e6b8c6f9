/** Converse: campaign refresh orchestration over a store port. */
export * from './refresh.js'
