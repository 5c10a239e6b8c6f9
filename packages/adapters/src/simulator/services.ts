/**
 * The simulator's public services: its own keys (used by the grammar and by scenarios) and the ONE
 * table that maps them to taxonomy codes. When `config/taxonomy.uk-local.yaml` exists, codes are
 * checked against it; a key whose code is not in the taxonomy falls back to the closest listed
 * parent, else to the key itself.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { REPO_ROOT } from '../shared-data.js'

/** Simulator service keys with their everyday share of civic posts (relative weights). */
export const SERVICE_WEIGHTS: Record<string, number> = {
  'waste.missed-collection': 14,
  'waste.fly-tipping': 10,
  'street-cleaning.litter': 6,
  'waste.litter-bin': 3,
  'roads.pothole': 8,
  'roads.pavement': 4,
  'lighting.street-light': 5,
  'environment.graffiti': 3,
  'environment.dog-fouling': 3,
  'parks.maintenance': 4,
  'trees.tree': 2,
  'drainage.flooding': 2,
  'water.supply': 1,
  'transport.bus': 6,
  'parking.enforcement': 5,
  'noise.nuisance': 5,
  'community-safety.antisocial': 4,
  'housing.repairs': 6,
  'council-tax.billing': 4,
  'benefits.claims': 2,
  'libraries.service': 2,
  'digital.website': 2,
  'social-care.adults': 1,
  'schools.admissions': 1,
  'planning.applications': 2,
  'pest-control.rats': 2,
}

/**
 * THE mapping table: simulator key → taxonomy code. Update here when the taxonomy changes.
 * Keys not listed map to themselves.
 */
export const SERVICE_CODE_MAP: Record<string, string> = {
  'street-cleaning.litter': 'cleaning.litter',
  'waste.litter-bin': 'cleaning.litter',
  'lighting.street-light': 'lighting.street-lights',
  'environment.graffiti': 'cleaning.graffiti',
  'environment.dog-fouling': 'cleaning.dog-fouling',
  'parks.maintenance': 'parks.parks',
  'trees.tree': 'trees.trees',
  'drainage.flooding': 'drainage.blocked-drain',
  'water.burst-main': 'drainage.flooding',
  'parks.toilets': 'parks.public-toilets',
  'water.supply': 'other.general',
  'transport.bus': 'transport.public-transport',
  'noise.nuisance': 'env-health.noise',
  'community-safety.antisocial': 'env-health.antisocial-behaviour',
  'council-tax.billing': 'council-tax.bills',
  'benefits.claims': 'benefits.housing-benefit',
  'libraries.service': 'libraries.libraries',
  'digital.website': 'council.complaints',
  'pest-control.rats': 'env-health.pests',
}

let resolved: Map<string, string> | undefined

function taxonomyCodes(): Set<string> | undefined {
  const file = join(REPO_ROOT, 'packages/adapters/config/taxonomy.uk-local.yaml')
  if (!existsSync(file)) return undefined
  const doc: unknown = parse(readFileSync(file, 'utf8'))
  const codes = new Set<string>()
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (typeof o['code'] === 'string') codes.add(o['code'])
      for (const x of Object.values(o)) if (typeof x === 'object') walk(x)
    }
  }
  walk(doc)
  return codes.size > 0 ? codes : undefined
}

/** The taxonomy code for a simulator service key (what the ground truth reports). */
export function serviceCode(key: string): string {
  if (!resolved) {
    resolved = new Map()
    const codes = taxonomyCodes()
    for (const k of Object.keys(SERVICE_WEIGHTS).concat(Object.keys(SERVICE_CODE_MAP))) {
      let code = SERVICE_CODE_MAP[k] ?? k
      if (codes && !codes.has(code)) {
        const parent = code.split('.')[0] ?? code
        if (codes.has(parent)) code = parent
      }
      resolved.set(k, code)
    }
  }
  return resolved.get(key) ?? SERVICE_CODE_MAP[key] ?? key
}
