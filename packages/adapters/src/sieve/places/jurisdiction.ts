/**
 * Loads a jurisdiction pack: a folder with `jurisdiction.yaml` (name, codes, the council's social
 * accounts and hashtags) plus ward and boundary GeoJSON and street / locality gazetteer CSVs.
 * The default pack is the London Borough of Lewisham.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseCsv } from 'csv-parse/sync'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

/** Folder of the default jurisdiction pack (Lewisham). */
export const DEFAULT_JURISDICTION_DIR = fileURLToPath(
  new URL('../../../config/jurisdictions/lewisham/', import.meta.url),
)

/** The pack's `jurisdiction.yaml`. */
export const JurisdictionMetaSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    code: z.string().optional(),
    country: z.string().length(2),
    timezone: z.string().optional(),
    languages: z.array(z.string()).default(['en']),
    files: z.object({
      boundary: z.string(),
      wards: z.string(),
      streets: z.string().optional(),
      localities: z.string().optional(),
    }),
    accounts: z
      .array(z.object({ platform: z.string(), handle: z.string(), kind: z.string().optional() }))
      .default([]),
    hashtags: z.array(z.string()).default([]),
  })
  .strict()
export type JurisdictionMeta = z.infer<typeof JurisdictionMetaSchema>

/** A polygon or multipolygon in GeoJSON coordinates (lon, lat). */
export interface AreaGeometry {
  type: 'Polygon' | 'MultiPolygon'
  coordinates: number[][][] | number[][][][]
}

/** A ward: code, name and polygon. */
export interface Ward {
  code: string
  name: string
  geometry: AreaGeometry
}

/** A gazetteer street: its primary ward, every ward it touches and a representative point. */
export interface Street {
  name: string
  localities: string[]
  wardCode: string
  ward: string
  allWards: string[]
  reports: number
  lat: number
  lon: number
}

/** A neighbourhood name with the wards its reports fall in, most frequent first (counts). */
export interface Locality {
  name: string
  reports: number
  wards: { name: string; n: number }[]
}

/** A loaded jurisdiction pack. */
export interface Jurisdiction {
  dir: string
  meta: JurisdictionMeta
  boundary: AreaGeometry[]
  wards: Ward[]
  streets: Street[]
  localities: Locality[]
}

const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.record(z.string(), z.unknown()).nullable(),
      geometry: z.object({
        type: z.enum(['Polygon', 'MultiPolygon']),
        coordinates: z.array(z.any()),
      }),
    }),
  ),
})

function readGeo(path: string): z.infer<typeof FeatureCollection>['features'] {
  const r = FeatureCollection.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!r.success)
    throw new Error(
      `${path}: not a FeatureCollection of polygons: ${r.error.issues[0]?.message ?? ''}`,
    )
  return r.data.features
}

type Row = Record<string, string | undefined>
const readCsv = (path: string): Row[] =>
  parseCsv(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[]

/** Loads and validates a jurisdiction pack folder (default: Lewisham). */
export function loadJurisdiction(dir: string = DEFAULT_JURISDICTION_DIR): Jurisdiction {
  const root = resolve(dir)
  const metaPath = join(root, 'jurisdiction.yaml')
  const parsed = JurisdictionMetaSchema.safeParse(parseYaml(readFileSync(metaPath, 'utf8')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new Error(`${metaPath}: not a valid jurisdiction:\n${lines.join('\n')}`)
  }
  const meta = parsed.data
  const wards: Ward[] = readGeo(join(root, meta.files.wards)).map((f, i) => {
    const p = f.properties ?? {}
    const code = String(p['code'] ?? p['WD22CD'] ?? `ward-${i}`)
    const name = String(p['name'] ?? p['WD22NM'] ?? code)
    return { code, name, geometry: f.geometry as AreaGeometry }
  })
  const boundary = readGeo(join(root, meta.files.boundary)).map((f) => f.geometry as AreaGeometry)
  const streets: Street[] = meta.files.streets
    ? readCsv(join(root, meta.files.streets)).map((r) => ({
        name: r['name'] ?? '',
        localities: (r['localities'] ?? '').split('|').filter(Boolean),
        wardCode: r['ward_code'] ?? '',
        ward: r['ward'] ?? '',
        allWards: (r['all_wards'] ?? '').split('|').filter(Boolean),
        reports: Number(r['n_reports'] ?? 0),
        lat: Number(r['lat']),
        lon: Number(r['lon']),
      }))
    : []
  const localities: Locality[] = meta.files.localities
    ? readCsv(join(root, meta.files.localities)).map((r) => ({
        name: r['name'] ?? '',
        reports: Number(r['n_reports'] ?? 0),
        wards: (r['wards_by_frequency'] ?? '')
          .split('|')
          .filter(Boolean)
          .map((x) => {
            const k = x.lastIndexOf(':')
            return { name: x.slice(0, k), n: Number(x.slice(k + 1)) }
          })
          .sort((a, b) => b.n - a.n),
      }))
    : []
  return { dir: root, meta, boundary, wards, streets, localities }
}
