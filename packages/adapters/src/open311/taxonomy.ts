/**
 * Publishes the taxonomy's services as Open311 services (`service_code` is the taxonomy code,
 * `group` the group's name, `keywords` its English keywords).
 */
import type { Taxonomy } from '../sieve/taxonomy/index.js'
import type { Open311Service } from './types.js'

/** The Open311 service list of a taxonomy. */
export function servicesFromTaxonomy(t: Taxonomy, lang = 'en'): Open311Service[] {
  return t.services.map((s) => ({
    service_code: s.code,
    service_name: s.name,
    description: s.description ?? '',
    metadata: false,
    type: 'realtime',
    keywords: (s.keywords?.[lang] ?? []).slice(0, 12).join(', '),
    group: s.groupName,
  }))
}

/** Team per service code from the taxonomy, for the routing defaults of Respond. */
export function serviceTeamsFromTaxonomy(t: Taxonomy): Record<string, string> {
  return Object.fromEntries(t.services.map((s) => [s.code, s.team]))
}
