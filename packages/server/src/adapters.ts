/**
 * The one place the server reaches into the adapters package's internals (read queries, schema
 * types, taxonomy loader, the Lewisham wards). Swap these for package exports once
 * `@civicpulse/adapters` re-exports them.
 */
import { fileURLToPath } from 'node:url'

export * as Q from '../../adapters/src/store/queries/index.js'
export type { Database } from '../../adapters/src/store/schema.js'
export { DetectionRepository } from '../../adapters/src/store/queries/detection.js'
export { loadTaxonomy, type Taxonomy } from '../../adapters/src/sieve/taxonomy/index.js'

/** The demo jurisdiction's ward boundaries (GeoJSON FeatureCollection with `code` and `name`). */
export const DEFAULT_WARDS_PATH = fileURLToPath(
  new URL('../../adapters/config/jurisdictions/lewisham/wards.geojson', import.meta.url),
)
