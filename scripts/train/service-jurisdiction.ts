/**
 * Builds the default jurisdiction pack (packages/adapters/config/jurisdictions/lewisham/) from the open
 * boundary and gazetteer data in ../shared/data/geo/lewisham: ward and borough polygons with coordinates
 * rounded to 5 decimal places (~1 m), and the street and locality lists. The pack's jurisdiction.yaml
 * (accounts, hashtags) and NOTICE.md are hand-written and left alone.
 *
 * Run: `npx tsx scripts/train/service-jurisdiction.ts`
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse as parseCsv } from 'csv-parse/sync'
import { REPO_ROOT, sharedData } from '../../packages/adapters/src/shared-data.js'

/** Folder of the default pack. */
export const PACK_DIR = join(REPO_ROOT, 'packages/adapters/config/jurisdictions/lewisham')

const round = (x: number): number => Math.round(x * 1e5) / 1e5
function roundCoords(c: unknown): unknown {
  if (typeof c === 'number') return round(c)
  if (Array.isArray(c)) {
    const out = c.map(roundCoords)
    // drop consecutive duplicate positions created by rounding
    if (out.length && Array.isArray(out[0]) && typeof (out[0] as unknown[])[0] === 'number') {
      return out.filter((p, i) => i === 0 || JSON.stringify(p) !== JSON.stringify(out[i - 1]))
    }
    return out
  }
  return c
}

type Feature = {
  type: 'Feature'
  properties: Record<string, unknown>
  geometry: { type: string; coordinates: unknown }
}

function geo(src: string, keep: (p: Record<string, unknown>) => Record<string, unknown>): string {
  const fc = JSON.parse(readFileSync(src, 'utf8')) as { features: Feature[] }
  const features = fc.features.map((f) => ({
    type: 'Feature',
    properties: keep(f.properties),
    geometry: { type: f.geometry.type, coordinates: roundCoords(f.geometry.coordinates) },
  }))
  return JSON.stringify({ type: 'FeatureCollection', features }) + '\n'
}

function csvEscape(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** Writes the pack's data files; returns the files written. */
export function buildJurisdictionPack(): string[] {
  const dir = sharedData('geo', 'lewisham')
  if (!dir) throw new Error('../shared/data/geo/lewisham is missing')
  const written: string[] = []
  const put = (name: string, text: string): void => {
    writeFileSync(join(PACK_DIR, name), text)
    written.push(name)
  }
  put(
    'wards.geojson',
    geo(join(dir, 'lewisham_wards_2022.geojson'), (p) => ({
      code: p['WD22CD'],
      name: p['WD22NM'],
      labelLat: p['LAT'],
      labelLon: p['LONG'],
    })),
  )
  put(
    'boundary.geojson',
    geo(join(dir, 'lewisham_boundary.geojson'), (p) => ({
      code: p['LAD22CD'],
      name: p['LAD22NM'],
    })),
  )
  const streets = parseCsv(readFileSync(join(dir, 'lewisham_streets_partial.csv'), 'utf8'), {
    columns: true,
  }) as Record<string, string>[]
  const lines = ['name,localities,ward_code,ward,all_wards,n_reports,lat,lon']
  for (const s of streets) {
    lines.push(
      [
        s['street_name'] ?? '',
        s['localities'] ?? '',
        s['primary_ward_code'] ?? '',
        s['primary_ward'] ?? '',
        s['all_wards'] ?? '',
        s['n_reports'] ?? '',
        String(round(Number(s['mean_lat']))),
        String(round(Number(s['mean_lon']))),
      ]
        .map(csvEscape)
        .join(','),
    )
  }
  put('streets.csv', lines.join('\n') + '\n')
  const loc = parseCsv(readFileSync(join(dir, 'lewisham_localities_partial.csv'), 'utf8'), {
    columns: true,
  }) as Record<string, string>[]
  put(
    'localities.csv',
    [
      'name,n_reports,wards_by_frequency',
      ...loc.map((l) =>
        [l['locality'] ?? '', l['n_reports'] ?? '', l['wards_by_frequency'] ?? '']
          .map(csvEscape)
          .join(','),
      ),
    ].join('\n') + '\n',
  )
  return written
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log('wrote', buildJurisdictionPack().join(', '), 'in', PACK_DIR)
}
