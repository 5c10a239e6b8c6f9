/**
 * The periodic digest (weekly by default): volume by service and ward against the previous period,
 * incidents raised and resolved, response times, top campaign themes and the notable changes.
 * Pure: the store hands in pre-counted figures.
 */

/** A count for one key (a service code or a ward) in this period and the one before. */
export interface PeriodCount {
  readonly key: string
  readonly label?: string | undefined
  readonly count: number
  readonly previous: number
}

/** An incident as the digest sees it. */
export interface DigestIncident {
  readonly title: string
  readonly service: string | null
  readonly severity: string
  readonly status: string
  readonly startedAtMs: number
  /** First acknowledgement or resolution, when there was one. */
  readonly firstResponseAtMs?: number | undefined
  readonly resolvedAtMs?: number | undefined
}

/** A campaign theme listed in the digest. */
export interface DigestTheme {
  readonly campaign: string
  readonly label: string
  readonly size: number
}

/** What the store hands to {@link buildDigest}. */
export interface DigestInput {
  readonly fromMs: number
  readonly toMs: number
  readonly totalPosts: number
  readonly previousTotalPosts: number
  readonly byService: readonly PeriodCount[]
  readonly byWard: readonly PeriodCount[]
  /** Incidents started in the period or resolved in it. */
  readonly incidents: readonly DigestIncident[]
  readonly themes: readonly DigestTheme[]
}

/** A change worth a line in the digest. */
export interface NotableChange {
  readonly kind: 'service' | 'ward'
  readonly key: string
  readonly label: string
  readonly count: number
  readonly previous: number
  /** Relative change (+0.5 = half as much again); Infinity when there was nothing before. */
  readonly change: number
  /** A plain-English sentence. */
  readonly sentence: string
}

/** The digest, ready to render. */
export interface Digest {
  readonly fromMs: number
  readonly toMs: number
  readonly totalPosts: number
  readonly previousTotalPosts: number
  readonly byService: readonly PeriodCount[]
  readonly byWard: readonly PeriodCount[]
  readonly incidentsRaised: number
  readonly incidentsResolved: number
  /** Median minutes from an incident's start to its first response, when any was answered. */
  readonly medianResponseMinutes: number | undefined
  readonly incidents: readonly DigestIncident[]
  readonly topThemes: readonly DigestTheme[]
  readonly notableChanges: readonly NotableChange[]
  /** False when the period before holds too little data to compare with (less than a quarter of this one). */
  readonly comparable: boolean
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Options of {@link buildDigest}. */
export interface DigestOptions {
  /** Smallest count (this or last period) for a change to be notable (default 20). */
  readonly minCount?: number
  /** Smallest relative change to be notable (default 0.5 = up or down by half). */
  readonly minChange?: number
  /** Most notable changes listed (default 8). */
  readonly maxChanges?: number
  /** Top themes listed (default 5). */
  readonly topThemes?: number
}

/** Builds the digest: sorts the figures, counts incidents, finds notable changes. */
export function buildDigest(input: DigestInput, options: DigestOptions = {}): Digest {
  const minCount = options.minCount ?? 20
  const comparable = input.previousTotalPosts >= input.totalPosts * 0.25
  const minChange = options.minChange ?? 0.5
  const inPeriod = (t: number | undefined): boolean =>
    t !== undefined && t >= input.fromMs && t < input.toMs
  const byCount = (a: PeriodCount, b: PeriodCount): number =>
    b.count - a.count || (a.key < b.key ? -1 : 1)
  const changes: NotableChange[] = []
  for (const [kind, list] of [
    ['service', input.byService],
    ['ward', input.byWard],
  ] as const)
    for (const c of list) {
      if (!c.key || Math.max(c.count, c.previous) < minCount) continue
      const change = c.previous === 0 ? Infinity : (c.count - c.previous) / c.previous
      if (Math.abs(change) < minChange) continue
      const label = c.label ?? c.key
      const sentence =
        c.previous === 0
          ? `${label}: ${c.count} posts, none the period before.`
          : `${label}: ${c.count} posts, ${change > 0 ? 'up' : 'down'} ${Math.round(Math.abs(change) * 100)}% from ${c.previous}.`
      changes.push({
        kind,
        key: c.key,
        label,
        count: c.count,
        previous: c.previous,
        change,
        sentence,
      })
    }
  changes.sort(
    (a, b) =>
      Math.abs(b.count - b.previous) - Math.abs(a.count - a.previous) || (a.key < b.key ? -1 : 1),
  )
  const responses = input.incidents
    .filter((i) => inPeriod(i.startedAtMs) && i.firstResponseAtMs !== undefined)
    .map((i) => (i.firstResponseAtMs! - i.startedAtMs) / 60_000)
  return {
    fromMs: input.fromMs,
    toMs: input.toMs,
    totalPosts: input.totalPosts,
    previousTotalPosts: input.previousTotalPosts,
    byService: [...input.byService].sort(byCount),
    byWard: [...input.byWard].sort(byCount),
    incidentsRaised: input.incidents.filter((i) => inPeriod(i.startedAtMs)).length,
    incidentsResolved: input.incidents.filter((i) => inPeriod(i.resolvedAtMs)).length,
    medianResponseMinutes: median(responses),
    incidents: [...input.incidents].sort((a, b) => a.startedAtMs - b.startedAtMs),
    topThemes: [...input.themes].sort((a, b) => b.size - a.size).slice(0, options.topThemes ?? 5),
    notableChanges: comparable ? changes.slice(0, options.maxChanges ?? 8) : [],
    comparable,
  }
}
