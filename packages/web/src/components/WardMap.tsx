/**
 * A ward choropleth with Leaflet and no tiles: the GeoJSON boundaries shaded by a count. Selecting
 * a ward calls `onSelect` (drill-down). The page also shows the same numbers as a table, which is
 * the keyboard and screen-reader route to the same data.
 */
import { useEffect, useRef } from 'react'
import L from 'leaflet'
import 'leaflet/dist/leaflet.css'

/** One ward feature with its counts. */
export interface WardFeature {
  type: 'Feature'
  properties: { code: string; name: string; n: number; neg: number; complaints: number }
  geometry: GeoJSON.Geometry
}

/** Sequential blues, light to dark (dark enough to read the ward outlines on white). */
export const SCALE = ['#eef4fb', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c']

/** The colour for a value against the maximum. */
export function shade(v: number, max: number): string {
  if (max <= 0 || v <= 0) return SCALE[0] ?? '#fff'
  const i = Math.min(SCALE.length - 1, 1 + Math.floor((v / max) * (SCALE.length - 1)))
  return SCALE[i] ?? '#fff'
}

/** Props: features, which property to shade by, highlighted wards, the click handler. */
export interface WardMapProps {
  features: WardFeature[]
  metric: 'complaints' | 'n' | 'neg'
  highlight?: string[]
  label: string
  height?: number
  onSelect?: (code: string) => void
}

/** Renders the map. */
export default function WardMap({
  features,
  metric,
  highlight,
  label,
  height = 420,
  onSelect,
}: WardMapProps) {
  const ref = useRef<HTMLDivElement>(null)
  const select = useRef(onSelect)
  select.current = onSelect
  useEffect(() => {
    if (!ref.current) return
    const map = L.map(ref.current, {
      attributionControl: false,
      zoomSnap: 0.25,
      scrollWheelZoom: false,
      keyboard: true,
    })
    const max = Math.max(0, ...features.map((f) => f.properties[metric]))
    const hl = new Set(highlight ?? [])
    const layer = L.geoJSON({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection, {
      style: (f) => {
        const p = (f as WardFeature).properties
        const on = hl.size === 0 || hl.has(p.code)
        return {
          color: on && hl.size ? '#b3261e' : '#1f3b57',
          weight: on && hl.size ? 3 : 1,
          fillColor: hl.size && !on ? '#f2f2f2' : shade(p[metric], max),
          fillOpacity: 0.85,
        }
      },
      onEachFeature: (f, l) => {
        const p = (f as WardFeature).properties
        l.bindTooltip(`${p.name}: ${p[metric]}`, { sticky: true })
        l.on('click', () => select.current?.(p.code))
      },
    }).addTo(map)
    const b = layer.getBounds()
    if (b.isValid()) map.fitBounds(b, { padding: [8, 8] })
    return () => {
      map.remove()
    }
  }, [features, metric, highlight])
  return (
    <div
      ref={ref}
      className="ward-map"
      style={{ height }}
      role="region"
      aria-label={label}
      data-testid="ward-map"
    />
  )
}
