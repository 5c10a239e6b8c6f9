/**
 * Open311 GeoReport v2 both ways: the Fastify plugin that serves it and the client that pushes
 * cases to another endpoint and polls them back.
 */
export * from './types.js'
export {
  open311Plugin,
  OPEN311_MAX_REQUESTS,
  OPEN311_WINDOW_DAYS,
  type Open311PluginOptions,
} from './plugin.js'
export { MemoryOpen311Store } from './memory-store.js'
export * from './client.js'
export { parseOpen311Xml, toXml } from './xml.js'
export { servicesFromTaxonomy, serviceTeamsFromTaxonomy } from './taxonomy.js'
export { CaseOpen311Store, type CaseOpen311StoreOptions, type OpenCaseFn } from './case-store.js'
