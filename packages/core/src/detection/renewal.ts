/**
 * Renewed bursts: a failure that goes quiet for a few hours and then flares up again ("the 185 is
 * cancelled" in the morning, again at lunch, again in the evening) is one failure, not one incident
 * per flare. A text detector's new signal renews a live incident, past the usual evidence gap but
 * within `withinMs`, when they share a *signature term*: a rare term that burst for the incident
 * (kept by the caller) which also appears in most of the new evidence. Service and area must agree
 * too (same service or one of them uncertain; same, neighbouring or borough-wide area), so
 * unrelated complaints of the same place and time never join.
 */
import {
  ANY_AREA,
  isLive,
  UNCERTAIN_SERVICE,
  type EvidencePost,
  type Incident,
} from './incident.js'
import { burstTerms } from './term-burst.js'

/** How a renewed burst finds its incident. */
export interface RenewalOptions {
  /** Longest quiet time since the incident's last evidence, ms. */
  readonly withinMs: number
  /** Signature terms of a live incident (the rare terms that burst for it), if any. */
  readonly signature: (incident: Incident) => ReadonlySet<string> | undefined
  /** True when two areas are neighbours. */
  readonly adjacent?: (a: string, b: string) => boolean
  /** Place words: never signature terms (a place is not a failure). */
  readonly placeWords?: ReadonlySet<string>
}

/** A signal as renewal sees it. */
export interface RenewalSignal {
  readonly service: string
  readonly area: string
  readonly time: number
}

/**
 * The burst terms used by at least half of the distinct evidence posts (and by two or more): what
 * the evidence is about, in the words the term-burst detector counts (route numbers included).
 */
export function dominantTerms(
  evidence: readonly EvidencePost[],
  placeWords?: ReadonlySet<string>,
): Set<string> {
  const distinct = evidence.filter((p) => !p.duplicateOf)
  const n = new Map<string, number>()
  for (const p of distinct)
    for (const w of new Set(burstTerms(p.text, placeWords))) n.set(w, (n.get(w) ?? 0) + 1)
  const out = new Set<string>()
  for (const [w, c] of n) if (c >= 2 && c * 2 >= distinct.length) out.add(w)
  return out
}

/**
 * The live incident a new signal renews, or undefined: quiet for at most `withinMs`, compatible
 * service and area, and one of its signature terms among the evidence's dominant terms. The most
 * recently active such incident wins.
 */
export function findRenewedIncident(
  incidents: readonly Incident[],
  signal: RenewalSignal,
  evidence: readonly EvidencePost[],
  o: RenewalOptions,
): Incident | undefined {
  const terms = dominantTerms(evidence, o.placeWords)
  if (terms.size === 0) return undefined
  const near = (a: string): boolean =>
    a === signal.area ||
    a === ANY_AREA ||
    signal.area === ANY_AREA ||
    (o.adjacent?.(a, signal.area) ?? false)
  return incidents
    .filter((i) => {
      if (!isLive(i) || signal.time < i.startedAt) return false
      if (signal.time - i.lastEvidenceAt > o.withinMs) return false
      const sameService =
        i.service === signal.service ||
        i.service === UNCERTAIN_SERVICE ||
        signal.service === UNCERTAIN_SERVICE
      if (!sameService || !i.areas.some(near)) return false
      const sig = o.signature(i)
      return !!sig && [...sig].some((t) => terms.has(t))
    })
    .sort((a, b) => b.lastEvidenceAt - a.lastEvidenceAt || (a.id < b.id ? -1 : 1))[0]
}
