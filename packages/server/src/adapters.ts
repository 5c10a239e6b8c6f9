/**
 * What the server takes from the adapters package (read queries, schema types, taxonomy loader),
 * and where the default jurisdiction's ward boundaries are.
 */
import { fileURLToPath } from 'node:url'

export {
  Q,
  DetectionRepository,
  loadTaxonomy,
  type Database,
  type Taxonomy,
} from '@civicpulse/adapters'

/** The demo jurisdiction's ward boundaries (GeoJSON FeatureCollection with `code` and `name`). */
export const DEFAULT_WARDS_PATH = fileURLToPath(
  new URL('../../adapters/config/jurisdictions/lewisham/wards.geojson', import.meta.url),
)
