/**
 * Incident logic, pure: signals (a service × area series that surprised the volume detector, or an
 * emerging cluster) become incident drafts or update an open incident; titles in plain words,
 * severity, representative posts, a timeline, the lifecycle (open → acknowledged → resolved,
 * merged), and alert-rule evaluation with quiet hours and a cool-down key (one alert per incident
 * per rise in severity). Time is always passed in.
 */
import type { ClusterView } from './cluster.js'
import { hamming, simhash } from './simhash.js'
import { normaliseWords, STOP_WORDS, topicTokens } from './text.js'

/** Incident severities, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
/** An incident severity. */
export type Severity = (typeof SEVERITIES)[number]
/** Incident lifecycle states. */
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved' | 'merged'

/** Rank of a severity (0 = low), for comparisons. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s)
}

/** One surprising bucket of one service × area series. */
export interface SeriesSignal {
  readonly service: string
  readonly area: string
  /** Bucket start, ms since the epoch. */
  readonly time: number
  readonly observed: number
  readonly expected: number
  readonly p: number
  /** -log10 p. */
  readonly surprise: number
  readonly score: number
  /**
   * When the evidence was enough (event time): the end of the bucket for a closed bucket, the
   * tipping post's time when the open bucket is judged as posts arrive. Default: `time`.
   */
  readonly at?: number
}

/** A post offered as evidence for an incident. */
export interface EvidencePost {
  readonly id: string
  readonly text: string
  readonly time: number
  readonly area?: string | null
  /** Set when the post near-duplicates an earlier one: it is kept as a member but not shown or counted twice. */
  readonly duplicateOf?: string | null
}

/** One line of an incident's history. */
export interface TimelineEntry {
  readonly time: number
  readonly kind:
    'opened' | 'evidence' | 'severity' | 'acknowledged' | 'resolved' | 'reopened' | 'merged'
  readonly text: string
}

/** An incident as the product stores and shows it. */
export interface Incident {
  readonly id: string
  readonly title: string
  readonly service: string
  readonly areas: readonly string[]
  readonly startedAt: number
  readonly updatedAt: number
  readonly lastEvidenceAt: number
  readonly status: IncidentStatus
  readonly severity: Severity
  /** Observed and usual volume over the latest evidence. */
  readonly observed: number
  readonly expected: number
  readonly peakSurprise: number
  readonly keyTerms: readonly string[]
  /** Representative post ids (distinct, most informative first). */
  readonly posts: readonly string[]
  /** Every evidence post id, duplicates included. */
  readonly memberPosts: readonly string[]
  /** Distinct evidence posts (near-duplicates counted once). */
  readonly distinctPosts: number
  readonly mergedInto: string | null
  /** Keys of the signals already applied, so a redelivered signal changes nothing. */
  readonly signalKeys: readonly string[]
  readonly timeline: readonly TimelineEntry[]
  /** When the detector knew (event time; see `SeriesSignal.at`). Missing on incidents saved before it existed. */
  readonly detectedAt?: number
  /** When the current severity was reached (event time, as `detectedAt`). */
  readonly severityAt?: number
}

/** Severity from how surprising and how large the rise is. */
export function severityFor(surprise: number, observed: number, expected: number): Severity {
  const excess = observed - expected
  const ratio = observed / Math.max(0.5, expected)
  if (surprise >= 12 && excess >= 20 && ratio >= 4) return 'critical'
  if (surprise >= 8 && excess >= 8 && ratio >= 3) return 'high'
  if (surprise >= 5 && excess >= 3) return 'medium'
  return 'low'
}

/** The most characteristic topic words of a set of posts (by how many distinct posts use them). */
export function keyTerms(
  texts: readonly string[],
  k = 3,
  background?: { df: ReadonlyMap<string, number>; docs: number },
): string[] {
  const df = new Map<string, number>()
  for (const t of texts) for (const w of new Set(topicTokens(t))) df.set(w, (df.get(w) ?? 0) + 1)
  const idf = (w: string): number =>
    background ? Math.log((background.docs + 1) / ((background.df.get(w) ?? 0) + 1)) + 1 : 1
  return [...df]
    .map(([w, n]) => [w, n * idf(w)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map((x) => x[0])
}

/**
 * The most common phrase (2–4 words, not starting or ending with a stop word) used by at least two
 * posts; phrases with a word of `ignore` (e.g. place names, which the title adds itself) are skipped.
 */
export function commonPhrase(
  texts: readonly string[],
  ignore?: ReadonlySet<string>,
): string | null {
  const counts = new Map<string, number>()
  for (const t of texts) {
    // Handles are not topics ("@council.bsky.social" would otherwise give "bsky social").
    const w = normaliseWords(t.replace(/@\S+/g, ' '))
    const seen = new Set<string>()
    for (let n = 2; n <= 4; n++) {
      for (let i = 0; i + n <= w.length; i++) {
        const first = w[i]!
        const last = w[i + n - 1]!
        if (STOP_WORDS.has(first) || STOP_WORDS.has(last) || first.length < 3 || last.length < 3)
          continue
        if (ignore && w.slice(i, i + n).some((x) => ignore.has(x))) continue
        seen.add(w.slice(i, i + n).join(' '))
      }
    }
    for (const g of seen) counts.set(g, (counts.get(g) ?? 0) + 1)
  }
  const need = texts.length >= 2 ? 2 : 1
  let best: string | null = null
  let bestScore = 0
  for (const [g, n] of counts) {
    if (n < need) continue
    const score = n * Math.sqrt(g.split(' ').length)
    if (score > bestScore || (score === bestScore && best !== null && g < best)) {
      best = g
      bestScore = score
    }
  }
  return best
}

/** Joins place names in plain English: "A", "A and B", "A, B and 2 other areas". */
export function joinPlaces(names: readonly string[]): string {
  if (names.length === 0) return ''
  if (names.length === 1) return names[0]!
  if (names.length === 2) return `${names[0]} and ${names[1]}`
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`
  return `${names[0]}, ${names[1]} and ${names.length - 2} other areas`
}

const capitalise = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s)

/**
 * A plain-words title from the posts, the service and the places, e.g. "Missed bin collections in
 * Catford South and Rushey Green"; the service is added in brackets when the phrase does not name it.
 */
export function incidentTitle(
  texts: readonly string[],
  serviceLabel: string,
  placeNames: readonly string[],
  placeWords?: ReadonlySet<string>,
): string {
  const phrase = commonPhrase(texts, placeWords)
  const places = joinPlaces(placeNames)
  const where = places ? ` in ${places}` : ''
  if (phrase) {
    const serviceWords = new Set(topicTokens(serviceLabel))
    const named = topicTokens(phrase).some((w) => serviceWords.has(w))
    return `${capitalise(phrase)}${where}${named || !serviceLabel ? '' : ` (${serviceLabel.toLowerCase()})`}`
  }
  const terms = keyTerms(texts, 8)
    .filter((t) => !placeWords?.has(t))
    .slice(0, 3)
  const lead = serviceLabel ? capitalise(serviceLabel) : 'Complaints'
  return terms.length > 0 ? `${lead}: ${terms.join(', ')}${where}` : `${lead} complaints${where}`
}

/**
 * Up to `k` representative posts: near-duplicates skipped, then chosen greedily by centrality (how
 * close a post is to the incident's overall vocabulary) and how many topic words it carries, with a
 * penalty for resembling a post already chosen.
 */
export function pickRepresentatives(posts: readonly EvidencePost[], k = 3): string[] {
  const distinct: { id: string; tokens: Map<string, number>; hash: ReturnType<typeof simhash> }[] =
    []
  for (const p of [...posts].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))) {
    if (p.duplicateOf) continue
    const hash = simhash(p.text)
    if (distinct.some((d) => hamming(d.hash, hash) <= 6)) continue
    const tokens = new Map<string, number>()
    for (const t of topicTokens(p.text)) tokens.set(t, (tokens.get(t) ?? 0) + 1)
    distinct.push({ id: p.id, tokens, hash })
  }
  const centroid = new Map<string, number>()
  for (const d of distinct) for (const [t] of d.tokens) centroid.set(t, (centroid.get(t) ?? 0) + 1)
  const chosen: typeof distinct = []
  const pool = [...distinct]
  while (chosen.length < k && pool.length > 0) {
    let bestI = 0
    let bestS = -Infinity
    pool.forEach((d, i) => {
      const central = cosineMap(d.tokens, centroid)
      const info = Math.min(1, d.tokens.size / 8)
      const redundancy = chosen.reduce((m, c) => Math.max(m, jaccard(c.tokens, d.tokens)), 0)
      const s = central + 0.3 * info - 0.8 * redundancy
      if (s > bestS) {
        bestS = s
        bestI = i
      }
    })
    chosen.push(pool.splice(bestI, 1)[0]!)
  }
  return chosen.map((c) => c.id)
}

/** How incidents are matched and named. */
export interface IncidentContext {
  /** Id for a new incident (deterministic ids come from the caller). */
  readonly newId: () => string
  /** Evidence may join an open incident when it comes within this gap of its last evidence, ms. */
  readonly gapMs: number
  /** Display name of a service id. */
  readonly serviceName?: (service: string) => string
  /** Display name of an area id. */
  readonly areaName?: (area: string) => string
  /** True when two areas are neighbours (evidence in a neighbouring area joins the same incident). */
  readonly adjacent?: (a: string, b: string) => boolean
  /**
   * True when evidence belongs to a live incident whatever its service and area say (e.g. it shares
   * many posts with the incident): lets a cluster signal and a series signal about the same
   * failure update one incident.
   */
  readonly related?: (incident: Incident, evidence: readonly EvidencePost[]) => boolean
  /** Words of place names (lower case): titles do not build their phrase from them (the places are added). */
  readonly placeWords?: ReadonlySet<string>
}

/** Area id of a borough-wide series: evidence for it may join an incident in any area, and the reverse. */
export const ANY_AREA = '*'

/** Result of applying evidence. */
export interface IncidentChange {
  readonly incident: Incident
  /** Opened a new incident, updated an open one, or changed nothing (a redelivery). */
  readonly action: 'opened' | 'updated' | 'unchanged'
  /** The severity before the change (null when opened). */
  readonly previousSeverity: Severity | null
}

/** Open or acknowledged: an incident evidence and alerts can still concern. */
export const isLive = (i: Incident): boolean => i.status === 'open' || i.status === 'acknowledged'

/** The live incident that evidence for (service, area, time) should update, if any. */
export function findMatchingIncident(
  incidents: readonly Incident[],
  service: string,
  area: string,
  time: number,
  ctx: IncidentContext,
  evidence: readonly EvidencePost[] = [],
): Incident | undefined {
  const near = (a: string): boolean =>
    a === area || a === ANY_AREA || area === ANY_AREA || (ctx.adjacent?.(a, area) ?? false)
  return incidents
    .filter(
      (i) =>
        isLive(i) &&
        time - i.lastEvidenceAt <= ctx.gapMs &&
        time >= i.startedAt - ctx.gapMs &&
        ((i.service === service && i.areas.some(near)) ||
          (evidence.length > 0 && (ctx.related?.(i, evidence) ?? false))),
    )
    .sort((a, b) => b.lastEvidenceAt - a.lastEvidenceAt || (a.id < b.id ? -1 : 1))[0]
}

/**
 * Applies a surprising series signal with its evidence posts: updates the matching live incident
 * (same service, same or neighbouring area, within the gap) or opens a new one. Redelivering the
 * same signal and posts changes nothing.
 */
export function applySignal(
  incidents: readonly Incident[],
  signal: SeriesSignal,
  evidence: readonly EvidencePost[],
  ctx: IncidentContext,
): IncidentChange {
  const key = `${signal.service}|${signal.area}|${signal.time}`
  const match = findMatchingIncident(
    incidents,
    signal.service,
    signal.area,
    signal.time,
    ctx,
    evidence,
  )
  const serviceLabel = ctx.serviceName?.(signal.service) ?? signal.service
  const severity = severityFor(signal.surprise, signal.observed, signal.expected)
  if (!match) {
    const areas = [signal.area]
    const texts = distinctTexts(evidence)
    const incident: Incident = {
      id: ctx.newId(),
      title: incidentTitle(
        texts,
        serviceLabel,
        areas.map((a) => ctx.areaName?.(a) ?? a),
        ctx.placeWords,
      ),
      service: signal.service,
      areas,
      startedAt: signal.time,
      detectedAt: signal.at ?? signal.time,
      severityAt: signal.at ?? signal.time,
      updatedAt: signal.time,
      lastEvidenceAt: signal.time,
      status: 'open',
      severity,
      observed: signal.observed,
      expected: signal.expected,
      peakSurprise: signal.surprise,
      keyTerms: keyTerms(texts),
      posts: pickRepresentatives(evidence),
      memberPosts: uniqueIds(evidence.map((p) => p.id)),
      distinctPosts: evidence.filter((p) => !p.duplicateOf).length,
      mergedInto: null,
      signalKeys: [key],
      timeline: [
        {
          time: signal.time,
          kind: 'opened',
          text: `${fmtCount(signal.observed)} ${serviceLabel.toLowerCase()} reports in ${ctx.areaName?.(signal.area) ?? signal.area}, usually ${fmtCount(signal.expected)}.`,
        },
      ],
    }
    return { incident, action: 'opened', previousSeverity: null }
  }
  const knownPosts = new Set(match.memberPosts)
  const freshPosts = evidence.filter((p) => !knownPosts.has(p.id))
  if (match.signalKeys.includes(key) && freshPosts.length === 0)
    return { incident: match, action: 'unchanged', previousSeverity: match.severity }
  return {
    incident: mergeEvidence(
      match,
      signal,
      key,
      evidence,
      freshPosts,
      severity,
      ctx.serviceName?.(match.service) ?? match.service,
      ctx,
    ),
    action: 'updated',
    previousSeverity: match.severity,
  }
}

/**
 * Applies a signal only as further evidence for a live incident (e.g. a series that is still
 * surprising but not at a new high); returns null when no live incident matches.
 */
export function extendIncident(
  incidents: readonly Incident[],
  signal: SeriesSignal,
  evidence: readonly EvidencePost[],
  ctx: IncidentContext,
): IncidentChange | null {
  if (!findMatchingIncident(incidents, signal.service, signal.area, signal.time, ctx, evidence))
    return null
  return applySignal(incidents, signal, evidence, ctx)
}

/** Areas after new evidence: a named area replaces the borough-wide one, which is never added to named ones. */
function mergeAreas(areas: readonly string[], area: string): string[] {
  if (areas.includes(area)) return [...areas]
  if (area === ANY_AREA) return [...areas]
  return [...areas.filter((a) => a !== ANY_AREA), area]
}

function mergeEvidence(
  inc: Incident,
  signal: SeriesSignal,
  key: string,
  evidence: readonly EvidencePost[],
  fresh: readonly EvidencePost[],
  severity: Severity,
  serviceLabel: string,
  ctx: IncidentContext,
): Incident {
  const areas = mergeAreas(inc.areas, signal.area)
  const newSignal = !inc.signalKeys.includes(key)
  // A signal of the latest bucket again with more posts (judged while open, then closed) updates
  // the figures it reported and may raise the severity; an older one changes only the evidence.
  const latest = newSignal || signal.time >= inc.updatedAt
  const nextSeverity =
    latest && severityRank(severity) > severityRank(inc.severity) ? severity : inc.severity
  const timeline = [...inc.timeline]
  if (newSignal) {
    timeline.push({
      time: signal.time,
      kind: 'evidence',
      text: `${fmtCount(signal.observed)} reports in ${ctx.areaName?.(signal.area) ?? signal.area}, usually ${fmtCount(signal.expected)}.`,
    })
  }
  if (nextSeverity !== inc.severity)
    timeline.push({
      time: signal.time,
      kind: 'severity',
      text: `Severity raised from ${inc.severity} to ${nextSeverity}.`,
    })
  const allPosts = [...evidence]
  const member = uniqueIds([...inc.memberPosts, ...fresh.map((p) => p.id)])
  const texts = distinctTexts(allPosts)
  const reps = uniqueIds([...pickRepresentatives(allPosts), ...inc.posts]).slice(0, 3)
  return {
    ...inc,
    title: incidentTitle(
      texts.length > 0 ? texts : [inc.title],
      serviceLabel,
      areas.map((a) => ctx.areaName?.(a) ?? a),
      ctx.placeWords,
    ),
    areas,
    updatedAt: Math.max(inc.updatedAt, signal.time),
    lastEvidenceAt: Math.max(inc.lastEvidenceAt, signal.time),
    severity: nextSeverity,
    ...(nextSeverity !== inc.severity ? { severityAt: signal.at ?? signal.time } : {}),
    observed: latest ? signal.observed : inc.observed,
    expected: latest ? signal.expected : inc.expected,
    peakSurprise: Math.max(inc.peakSurprise, latest ? signal.surprise : 0),
    keyTerms: texts.length > 0 ? keyTerms(texts) : inc.keyTerms,
    posts: reps,
    memberPosts: member,
    distinctPosts: inc.distinctPosts + fresh.filter((p) => !p.duplicateOf).length,
    signalKeys: newSignal ? [...inc.signalKeys, key].slice(-500) : inc.signalKeys,
    timeline,
  }
}

/** Service id used for an emerging cluster whose posts do not agree on a service. */
export const UNCERTAIN_SERVICE = 'uncertain'

/**
 * Turns an emerging cluster into a signal for `applySignal`: its most common area, its likely
 * service (or `UNCERTAIN_SERVICE` when fewer than `minShare` of the votes agree), and its recent
 * growth against its own baseline.
 */
export function signalFromCluster(view: ClusterView, time: number, minShare = 0.5): SeriesSignal {
  const service = view.service && view.serviceShare >= minShare ? view.service : UNCERTAIN_SERVICE
  const p = Math.pow(10, -view.surprise)
  return {
    service,
    area: view.areas[0] ?? 'unknown',
    time,
    observed: view.recent,
    expected: view.expectedRecent,
    p,
    surprise: view.surprise,
    score: view.surprise / (view.surprise + 10),
  }
}

/** Lifecycle actions a person can take. */
export type IncidentAction = 'acknowledge' | 'resolve' | 'reopen'

const TRANSITIONS: Record<
  IncidentAction,
  { from: readonly IncidentStatus[]; to: IncidentStatus; kind: TimelineEntry['kind']; verb: string }
> = {
  acknowledge: { from: ['open'], to: 'acknowledged', kind: 'acknowledged', verb: 'Acknowledged' },
  resolve: { from: ['open', 'acknowledged'], to: 'resolved', kind: 'resolved', verb: 'Resolved' },
  reopen: { from: ['resolved'], to: 'open', kind: 'reopened', verb: 'Reopened' },
}

/** Applies a lifecycle action; `ok: false` (with the reason in plain words) when it is not allowed from the current state. */
export function transitionIncident(
  inc: Incident,
  action: IncidentAction,
  time: number,
  by?: string,
): { ok: true; incident: Incident } | { ok: false; reason: string } {
  const t = TRANSITIONS[action]
  if (!t.from.includes(inc.status))
    return {
      ok: false,
      reason: `An incident that is ${inc.status} cannot be ${t.verb.toLowerCase()}.`,
    }
  return {
    ok: true,
    incident: {
      ...inc,
      status: t.to,
      updatedAt: Math.max(inc.updatedAt, time),
      timeline: [
        ...inc.timeline,
        { time, kind: t.kind, text: by ? `${t.verb} by ${by}.` : `${t.verb}.` },
      ],
    },
  }
}

/** Merges `source` into `target`: the target gains its areas, posts and history; the source is marked merged. */
export function mergeIncidents(
  target: Incident,
  source: Incident,
  time: number,
): { target: Incident; source: Incident } {
  const areas = uniqueIds([...target.areas, ...source.areas])
  const severity =
    severityRank(source.severity) > severityRank(target.severity)
      ? source.severity
      : target.severity
  const known = new Set(target.memberPosts)
  const merged: Incident = {
    ...target,
    areas,
    severity,
    startedAt: Math.min(target.startedAt, source.startedAt),
    updatedAt: Math.max(target.updatedAt, time),
    lastEvidenceAt: Math.max(target.lastEvidenceAt, source.lastEvidenceAt),
    peakSurprise: Math.max(target.peakSurprise, source.peakSurprise),
    posts: uniqueIds([...target.posts, ...source.posts]).slice(0, 3),
    memberPosts: uniqueIds([...target.memberPosts, ...source.memberPosts]),
    distinctPosts:
      target.distinctPosts +
      (source.memberPosts.some((p) => !known.has(p)) ? source.distinctPosts : 0),
    signalKeys: uniqueIds([...target.signalKeys, ...source.signalKeys]).slice(-500),
    timeline: [
      ...target.timeline,
      { time, kind: 'merged', text: `Merged with "${source.title}".` },
    ],
  }
  const gone: Incident = {
    ...source,
    status: 'merged',
    mergedInto: target.id,
    updatedAt: Math.max(source.updatedAt, time),
    timeline: [
      ...source.timeline,
      { time, kind: 'merged', text: `Merged into "${target.title}".` },
    ],
  }
  return { target: merged, source: gone }
}

/** True when a live incident has had no new evidence for `quietMs` (a candidate for automatic resolution). */
export function isQuiet(inc: Incident, now: number, quietMs: number): boolean {
  return isLive(inc) && now - inc.lastEvidenceAt >= quietMs
}

function distinctTexts(posts: readonly EvidencePost[]): string[] {
  return posts.filter((p) => !p.duplicateOf).map((p) => p.text)
}

function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)]
}

function fmtCount(n: number): string {
  return n >= 10 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1)
}

function cosineMap(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0
  let na = 0
  let nb = 0
  for (const [t, v] of a) {
    na += v * v
    dot += v * (b.get(t) ?? 0)
  }
  for (const v of b.values()) nb += v * v
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0
}

function jaccard(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let inter = 0
  for (const t of a.keys()) if (b.has(t)) inter++
  const union = a.size + b.size - inter
  return union > 0 ? inter / union : 0
}
