/**
 * The simulator's gazetteer, read from the jurisdiction pack (`config/jurisdictions/<id>/`): wards
 * with label points, streets with their ward and report counts (busy streets are talked about more),
 * localities, the council's accounts and local hashtags. Never reads `../shared`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse as parseYaml } from 'yaml'
import { AppError } from '@civicpulse/core'
import { REPO_ROOT } from '../shared-data.js'

/** One ward of the jurisdiction. */
export interface SimWard {
  code: string
  name: string
  lat: number
  lon: number
  /** Postcode districts people use for this ward (may be empty). */
  districts: string[]
}

/** One street, with the ward it lies in. */
export interface SimStreet {
  name: string
  ward: string
  lat: number
  lon: number
  locality: string | undefined
  weight: number
}

/** Everything place-related the generator needs. */
export interface SimGazetteer {
  id: string
  name: string
  timezone: string
  wards: SimWard[]
  wardByName: Map<string, SimWard>
  streets: SimStreet[]
  streetsByWard: Map<string, SimStreet[]>
  /** Locality name → wards it spreads over (most frequent first). */
  localities: Map<string, string[]>
  /** Localities per ward (a locality belongs to the wards where its pins fall). */
  localitiesByWard: Map<string, string[]>
  /** Council accounts by platform and kind (`council`, `waste`, `parks`, `housing`…). */
  accounts: { platform: string; handle: string; kind: string }[]
  hashtags: string[]
}

/** Postcode districts by Lewisham ward (approximate; used only to vary how people name places). */
const LEWISHAM_DISTRICTS: Record<string, string[]> = {
  Bellingham: ['SE6'],
  Blackheath: ['SE3', 'SE13'],
  Brockley: ['SE4'],
  'Catford South': ['SE6'],
  'Crofton Park': ['SE4'],
  Deptford: ['SE8'],
  Downham: ['BR1'],
  Evelyn: ['SE8'],
  'Forest Hill': ['SE23'],
  'Grove Park': ['SE12'],
  'Hither Green': ['SE13'],
  Ladywell: ['SE13', 'SE4'],
  'Lee Green': ['SE12'],
  'Lewisham Central': ['SE13'],
  'New Cross Gate': ['SE14'],
  'Perry Vale': ['SE23', 'SE26'],
  'Rushey Green': ['SE6'],
  Sydenham: ['SE26'],
  'Telegraph Hill': ['SE14', 'SE4'],
}

/** The folder of a jurisdiction pack. */
export function packDir(id: string): string {
  return join(REPO_ROOT, 'packages/adapters/config/jurisdictions', id)
}

const cache = new Map<string, SimGazetteer>()

/** Loads (once) the gazetteer of jurisdiction `id` from its pack. */
export function loadGazetteer(id = 'lewisham'): SimGazetteer {
  const hit = cache.get(id)
  if (hit) return hit
  const dir = packDir(id)
  const metaFile = join(dir, 'jurisdiction.yaml')
  if (!existsSync(metaFile)) throw new AppError('CONFIG_INVALID', `No jurisdiction pack at ${dir}.`)
  const meta = (parseYaml(readFileSync(metaFile, 'utf8')) ?? {}) as Record<string, unknown>
  const files = (meta['files'] ?? {}) as Record<string, string>
  const wards = readWards(join(dir, files['wards'] ?? 'wards.geojson'), id)
  const wardByName = new Map(wards.map((w) => [w.name, w]))
  const streets = readStreets(join(dir, files['streets'] ?? 'streets.csv'), wardByName)
  const streetsByWard = new Map<string, SimStreet[]>()
  for (const s of streets) {
    const list = streetsByWard.get(s.ward) ?? []
    list.push(s)
    streetsByWard.set(s.ward, list)
  }
  const localities = readLocalities(join(dir, files['localities'] ?? 'localities.csv'), wardByName)
  const localitiesByWard = new Map<string, string[]>()
  for (const [name, ws] of localities) {
    for (const w of ws.slice(0, 2)) {
      const list = localitiesByWard.get(w) ?? []
      list.push(name)
      localitiesByWard.set(w, list)
    }
  }
  const accounts = Array.isArray(meta['accounts'])
    ? (meta['accounts'] as { platform: string; handle: string; kind?: string }[]).map((a) => ({
        platform: String(a.platform),
        handle: String(a.handle).replace(/^@/, ''),
        kind: String(a.kind ?? 'council'),
      }))
    : []
  const g: SimGazetteer = {
    id,
    name: String(meta['name'] ?? id),
    timezone: String(meta['timezone'] ?? 'Europe/London'),
    wards,
    wardByName,
    streets,
    streetsByWard,
    localities,
    localitiesByWard,
    accounts,
    hashtags: Array.isArray(meta['hashtags'])
      ? (meta['hashtags'] as string[]).map((h) => h.replace(/^#/, ''))
      : [],
  }
  cache.set(id, g)
  return g
}

function readWards(file: string, id: string): SimWard[] {
  const fc = JSON.parse(readFileSync(file, 'utf8')) as {
    features: { properties: Record<string, unknown> }[]
  }
  return fc.features.map((f) => {
    const p = f.properties
    const name = String(p['name'] ?? p['WD22NM'])
    return {
      code: String(p['code'] ?? p['WD22CD'] ?? name),
      name,
      lat: Number(p['labelLat'] ?? p['LAT']),
      lon: Number(p['labelLon'] ?? p['LONG']),
      districts: id === 'lewisham' ? (LEWISHAM_DISTRICTS[name] ?? []) : [],
    }
  })
}

function readStreets(file: string, wards: Map<string, SimWard>): SimStreet[] {
  if (!existsSync(file)) return []
  const rows = parseCsv(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[]
  const out: SimStreet[] = []
  for (const r of rows) {
    const ward = r['ward'] ?? r['primary_ward'] ?? ''
    const name = r['name'] ?? r['street_name'] ?? ''
    // Skip entries that are not street names (e.g. "Unit 2" from the OSM nearest-road line).
    if (!name || !wards.has(ward) || /\d/.test(name)) continue
    out.push({
      name,
      ward,
      lat: Number(r['lat'] ?? r['mean_lat']),
      lon: Number(r['lon'] ?? r['mean_lon']),
      locality: (r['localities'] ?? '').split('|')[0] || undefined,
      weight: 1 + Math.sqrt(Number(r['n_reports'] ?? 1) || 1),
    })
  }
  return out
}

function readLocalities(file: string, wards: Map<string, SimWard>): Map<string, string[]> {
  const out = new Map<string, string[]>()
  if (!existsSync(file)) return out
  const rows = parseCsv(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[]
  for (const r of rows) {
    const name = r['name'] ?? r['locality'] ?? ''
    const ws = (r['wards_by_frequency'] ?? '')
      .split('|')
      .map((x) => x.split(':')[0] ?? '')
      .filter((w) => wards.has(w))
    // Small "localities" in the OSM-derived list are mostly street names: keep the real neighbourhoods.
    if (name && ws.length > 0 && Number(r['n_reports'] ?? 0) >= 20) out.set(name, ws)
  }
  return out
}
