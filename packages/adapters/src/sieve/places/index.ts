/**
 * Place resolution for a jurisdiction: a geotag goes through a flatbush index of ward bounding boxes
 * and turf point-in-polygon; the text goes through a token trie of street, locality and ward names
 * (tolerant of case, punctuation and street abbreviations). Each place carries the ward it implies and
 * a probability that is lower when a name is ambiguous (a locality spread over several wards, a street
 * crossing wards, a ward name that is also a common word).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import Flatbush from 'flatbush'
import type { Place } from '@civicpulse/core'
import { TokenTrie } from './gazetteer.js'
import {
  loadJurisdiction,
  type AreaGeometry,
  type Jurisdiction,
  type Ward,
} from './jurisdiction.js'

export { loadJurisdiction, DEFAULT_JURISDICTION_DIR } from './jurisdiction.js'
export type { Jurisdiction, JurisdictionMeta, Street, Locality, Ward } from './jurisdiction.js'
export { TokenTrie, ABBREVIATIONS, hashToken } from './gazetteer.js'

/** Options for `loadPlaceResolver`. */
export interface PlaceResolverOptions {
  /** Jurisdiction pack folder (default: Lewisham). */
  dir?: string
  /** An already loaded jurisdiction (wins over `dir`). */
  jurisdiction?: Jurisdiction
}

/** Finds the places a post speaks of or was sent from. */
export interface PlaceResolver {
  /** Places found from the text and, when given, the geotag; most probable first. */
  resolve(text: string, lat?: number, lon?: number): Place[]
  /** The ward containing a point, or undefined outside the jurisdiction. */
  wardAt(lat: number, lon: number): Ward | undefined
  /** The jurisdiction it resolves against. */
  jurisdiction: Jurisdiction
}

/** A gazetteer entry: the place it stands for (ready to copy) and, for streets crossing wards, every ward. */
interface Entry {
  place: Place
  allWards?: string[]
}

/** True when the same place (by name and kind) is already in the list. */
function seenBefore(out: Place[], p: Place): boolean {
  for (const o of out) if (o.via === 'text' && o.name === p.name && o.kind === p.kind) return true
  return false
}

/** Single-word ward or place names that are also common words or first names: matched with low confidence. */
const COMMON_WORD_NAMES = new Set(['evelyn', 'lee', 'london', 'southend', 'plaistow', 'penge'])

const STREET_JUNK = /\d|\bonly\b|\btrack\b|\bunnamed\b|\bunit\b|\barch\b/i
const STREET_SUFFIX =
  /\b(road|street|lane|avenue|close|way|crescent|drive|place|gardens|grove|terrace|rise|mews|walk|square|court|parade|row|passage|yard|vale|hill|park|green|approach|broadway|high street)$/i

/** The most probable ward among places (geotag first), or undefined when none names a ward. */
export function bestWard(places: Place[]): { code: string; name: string; p: number } | undefined {
  let best: Place | undefined
  for (const pl of places) {
    if (!pl.wardCode) continue
    if (
      !best ||
      (pl.via === 'geotag' && best.via !== 'geotag') ||
      (pl.via === best.via && pl.p > best.p)
    )
      best = pl
  }
  return best?.wardCode
    ? { code: best.wardCode, name: best.wardName ?? best.name, p: best.p }
    : undefined
}

function bbox(g: AreaGeometry): [number, number, number, number] {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  const rings = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][]
  for (const poly of rings) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x! < minX) minX = x!
        if (y! < minY) minY = y!
        if (x! > maxX) maxX = x!
        if (y! > maxY) maxY = y!
      }
    }
  }
  return [minX, minY, maxX, maxY]
}

/** Builds the entries (ward, locality, street names → places) of a jurisdiction's gazetteer. */
function buildTrie(j: Jurisdiction): TokenTrie<Entry> {
  const trie = new TokenTrie<Entry>()
  const wardByName = new Map(j.wards.map((w) => [w.name.toLowerCase(), w]))
  const localityByName = new Map(j.localities.map((l) => [l.name.toLowerCase(), l]))
  const streetNames = new Set(j.streets.map((s) => s.name.toLowerCase()))

  for (const w of j.wards) {
    const key = w.name.toLowerCase()
    const loc = localityByName.get(key)
    let p = COMMON_WORD_NAMES.has(key) ? 0.4 : 0.85
    if (loc && loc.reports > 0) {
      // The name is also a neighbourhood that spreads beyond the ward: lower confidence by that spread.
      const share = (loc.wards.find((x) => x.name === w.name)?.n ?? 0) / loc.reports
      p = Math.min(p, 0.5 + 0.45 * share)
    }
    trie.add(w.name, {
      place: {
        kind: 'ward',
        name: w.name,
        wardCode: w.code,
        wardName: w.name,
        via: 'text',
        p: round(p),
      },
    })
  }
  for (const l of j.localities) {
    const key = l.name.toLowerCase()
    if (
      wardByName.has(key) ||
      streetNames.has(key) ||
      STREET_JUNK.test(l.name) ||
      STREET_SUFFIX.test(l.name)
    )
      continue
    const top = l.wards[0]
    const ward = top ? wardByName.get(top.name.toLowerCase()) : undefined
    if (!top || !ward || l.reports < 3) continue
    const share = top.n / l.reports
    const p = (COMMON_WORD_NAMES.has(key) ? 0.4 : 0.9) * share
    trie.add(l.name, {
      place: {
        kind: 'locality',
        name: l.name,
        wardCode: ward.code,
        wardName: ward.name,
        via: 'text',
        p: round(p),
      },
    })
  }
  for (const s of j.streets) {
    if (!s.name || STREET_JUNK.test(s.name)) continue
    const key = s.name.toLowerCase()
    // a street named like a ward or neighbourhood ("Perry Vale", "Forest Hill"): the area entry covers it
    if (localityByName.has(key) || wardByName.has(key) || key === 'london') continue
    const nw = Math.max(1, s.allWards.length)
    const p = nw === 1 ? 0.9 : nw === 2 ? 0.65 : 0.5
    const place: Place = {
      kind: 'street',
      name: s.name,
      wardCode: s.wardCode,
      wardName: s.ward,
      via: 'text',
      p,
    }
    if (Number.isFinite(s.lat) && Number.isFinite(s.lon)) {
      place.lat = s.lat
      place.lon = s.lon
    }
    const e: Entry = { place }
    if (nw > 1) e.allWards = s.allWards
    trie.add(s.name, e)
  }
  return trie
}

const round = (x: number): number => Math.round(x * 1000) / 1000

/** Loads a jurisdiction pack and builds its spatial index and gazetteer trie. */
export function loadPlaceResolver(opts: PlaceResolverOptions = {}): PlaceResolver {
  const j = opts.jurisdiction ?? loadJurisdiction(opts.dir)
  const index = new Flatbush(Math.max(1, j.wards.length))
  for (const w of j.wards) index.add(...bbox(w.geometry))
  if (!j.wards.length) index.add(0, 0, 0, 0)
  index.finish()
  const trie = buildTrie(j)

  const wardAt = (lat: number, lon: number): Ward | undefined => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return undefined
    for (const i of index.search(lon, lat, lon, lat)) {
      const w = j.wards[i]
      if (w && booleanPointInPolygon([lon, lat], w.geometry as never)) return w
    }
    return undefined
  }

  const resolve = (text: string, lat?: number, lon?: number): Place[] => {
    const out: Place[] = []
    let pointWard: Ward | undefined
    if (lat !== undefined && lon !== undefined && Number.isFinite(lat) && Number.isFinite(lon)) {
      pointWard = wardAt(lat, lon)
      out.push(
        pointWard
          ? {
              kind: 'point',
              name: pointWard.name,
              wardCode: pointWard.code,
              wardName: pointWard.name,
              lat,
              lon,
              via: 'geotag',
              p: 0.99,
            }
          : { kind: 'point', name: `Outside ${j.meta.name}`, lat, lon, via: 'geotag', p: 0.99 },
      )
    }
    if (text) {
      const hits = trie.matches(text)
      let street = false
      for (let h = 0; h < hits.length; h++) {
        const values = hits[h]!
        // Several places share this name (e.g. a ward and a street): each is less certain.
        const k = values.length > 1 ? 0.8 : 1
        for (let v = 0; v < values.length; v++) {
          const e = values[v]!
          if (seenBefore(out, e.place)) continue
          const pl: Place = { ...e.place, p: k === 1 ? e.place.p : round(e.place.p * k) }
          if (pl.kind === 'street') street = true
          if (pointWard) {
            if (pl.wardCode === pointWard.code) pl.p = round(Math.max(pl.p, 0.95))
            else if (e.allWards?.includes(pointWard.name)) {
              // a street crossing wards: the geotag tells which part
              pl.wardCode = pointWard.code
              pl.wardName = pointWard.name
              pl.p = round(Math.max(pl.p, 0.9))
            } else pl.p = round(pl.p * 0.5)
          }
          out.push(pl)
        }
      }
      // A named street is more specific than an area name in the same text: areas become less likely.
      if (street)
        for (const pl of out)
          if (pl.via === 'text' && pl.kind !== 'street') pl.p = round(pl.p * 0.75)
    }
    if (out.length < 2) return out
    return out.sort((a, b) => b.p - a.p)
  }

  return { resolve, wardAt, jurisdiction: j }
}
