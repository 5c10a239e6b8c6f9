/**
 * Incident bookkeeping of the detect stage: the live incidents, how a signal opens, updates or
 * renews one (matching by service and area within the gap, by shared posts or key terms, or by a
 * term that burst for it), titles from a sample of each incident's posts, persistence through the
 * DetectionStore port and the `onIncident` callback.
 */
import {
  ANY_AREA,
  applySignal,
  extendIncident,
  findRenewedIncident,
  incidentTitle,
  topicTokens,
  type EvidencePost,
  type Incident,
  type IncidentContext,
  type SeriesSignal,
} from '@civicpulse/core'
import type { DetectionStore, DetectStageOptions } from './detect.js'

/** What the incident book needs from the stage's configuration. */
export interface IncidentBookOptions extends Pick<
  DetectStageOptions,
  'serviceName' | 'areaName' | 'wholeAreaName' | 'adjacent' | 'placeWords' | 'onIncident'
> {
  store: DetectionStore
  gapMs: number
  renewMs: number
  confidentMin: number
  /** Place words as titles see them. */
  placeTitleWords: ReadonlySet<string> | undefined
  /** Relevance of the open bucket's evidence posts, by id (titles sample confident posts only). */
  relevance: ReadonlyMap<string, number>
}

export class IncidentBook {
  /** Live incidents (open or acknowledged, with recent evidence). */
  incidents: Incident[] = []
  /** Incidents opened so far (part of their ids; persisted with the detector state). */
  counter = 0
  /** Distinct evidence texts per incident (bounded), for titles. */
  private titleTexts = new Map<string, { texts: string[]; titledAt: number; title: string }>()
  /** Member-post sets of live incidents (by id and size), for `related`. */
  private memberSets = new Map<string, { n: number; set: Set<string> }>()
  /** Terms that burst for each live incident (renewed bursts sharing one join it), by incident id. */
  private signatures = new Map<string, Set<string>>()
  private readonly placeTitleWords: ReadonlySet<string> | undefined

  constructor(private readonly o: IncidentBookOptions) {
    this.placeTitleWords = o.placeTitleWords
  }

  /** How incidents are matched and named for a signal of bucket `time`. */
  context(time: number): IncidentContext {
    return {
      newId: () => `${time.toString(36)}-${(++this.counter).toString(36)}`,
      gapMs: this.o.gapMs,
      serviceName: (c: string) => this.o.serviceName?.(c) ?? c,
      areaName: (a: string) =>
        a === ANY_AREA ? (this.o.wholeAreaName ?? 'the whole area') : (this.o.areaName?.(a) ?? a),
      ...(this.o.adjacent ? { adjacent: this.o.adjacent } : {}),
      related: (inc, ev) => this.related(inc, ev),
      ...(this.placeTitleWords ? { placeWords: this.placeTitleWords } : {}),
    }
  }

  /**
   * Evidence belongs to a live incident of another group when it is largely made of the incident's
   * posts (a cluster of them), or when it comes from the incident's places (same or neighbouring
   * ward, or the incident is area-wide) and most of its posts use the incident's key terms: a missed collection the sieve calls
   * "litter" in the same ward at the same time is the same failure.
   */
  private related(inc: Incident, ev: readonly EvidencePost[]): boolean {
    let cached = this.memberSets.get(inc.id)
    if (!cached || cached.n !== inc.memberPosts.length) {
      cached = { n: inc.memberPosts.length, set: new Set(inc.memberPosts) }
      this.memberSets.set(inc.id, cached)
      if (this.memberSets.size > 200)
        for (const id of [...this.memberSets.keys()].slice(0, 100)) this.memberSets.delete(id)
    }
    const known = cached.set
    const shared = ev.filter((p) => known.has(p.id)).length
    if (shared >= 2 && shared >= 0.3 * ev.length) return true
    const distinct = ev.filter((p) => !p.duplicateOf)
    if (distinct.length === 0 || inc.keyTerms.length === 0) return false
    const adjacent = this.o.adjacent
    const near = (a: string | null | undefined) =>
      !!a && a !== ANY_AREA && inc.areas.some((x) => x === a || (adjacent?.(x, a) ?? false))
    const areaWide = inc.areas.every((a) => a === ANY_AREA)
    if (!areaWide && !distinct.some((p) => near(p.area))) return false
    const places = this.o.placeWords
    const terms = new Set(inc.keyTerms.filter((t) => !places?.has(t)))
    if (terms.size === 0) return false
    const using = distinct.filter((p) => topicTokens(p.text).some((t) => terms.has(t))).length
    // Most posts (all of them when there are fewer than three) use the incident's key terms.
    return distinct.length < 3 ? using === distinct.length : using * 2 >= distinct.length
  }

  /**
   * Applies a signal; returns the incident opened or updated, if any. A text detector's signal
   * (`burstTerms` given: the terms that burst, none for a cluster) goes to a live incident sharing a
   * term that burst for it when there is one, even past the evidence gap (a renewed burst).
   */
  async apply(
    signal: SeriesSignal,
    ev: EvidencePost[],
    newHigh: boolean,
    burstTerms?: readonly string[],
  ): Promise<Incident | undefined> {
    const ctx = this.context(signal.time)
    const renew = newHigh && burstTerms && this.o.renewMs > 0 ? this.renewed(signal, ev) : undefined
    const ch = renew
      ? applySignal([renew], signal, ev, {
          ...ctx,
          gapMs: this.o.renewMs,
          related: (i) => i.id === renew.id,
        })
      : newHigh
        ? applySignal(this.incidents, signal, ev, ctx)
        : extendIncident(this.incidents, signal, ev, ctx)
    if (!ch || ch.action === 'unchanged') return undefined
    if (burstTerms?.length) {
      let sig = this.signatures.get(ch.incident.id)
      if (!sig) this.signatures.set(ch.incident.id, (sig = new Set()))
      for (const t of burstTerms) sig.add(t)
    }
    const incident = this.retitle(ch.incident, ev, ctx)
    if (ch.action === 'opened') this.incidents = [...this.incidents, incident]
    else this.incidents = this.incidents.map((x) => (x.id === incident.id ? incident : x))
    await this.o.store.saveIncident(incident, ch.action)
    await this.o.onIncident?.(incident, ch.action, ch.previousSeverity)
    return incident
  }

  /**
   * The live incident (within the renewal window) a text detector's signal renews: one a term of
   * its evidence burst for. Preferred to a match by service and area alone, which may be another
   * failure of the same service.
   */
  private renewed(signal: SeriesSignal, ev: readonly EvidencePost[]): Incident | undefined {
    return findRenewedIncident(this.incidents, signal, ev, {
      withinMs: this.o.renewMs,
      signature: (i) => this.signatures.get(i.id),
      ...(this.o.adjacent ? { adjacent: this.o.adjacent } : {}),
      ...(this.o.placeWords ? { placeWords: this.o.placeWords } : {}),
    })
  }

  /**
   * Titles from a sample of all the incident's distinct posts, not only the latest bucket's: the
   * failure's own phrase ("no bin collection") outnumbers the everyday posts mixed into its evidence.
   */
  private retitle(inc: Incident, ev: readonly EvidencePost[], ctx: IncidentContext): Incident {
    let sample = this.titleTexts.get(inc.id)
    if (!sample)
      this.titleTexts.set(inc.id, (sample = { texts: [], titledAt: 0, title: inc.title }))
    // Confidently civic posts only (chatter mistaken for complaints has its own stock phrases).
    for (const p of ev)
      if (
        !p.duplicateOf &&
        sample.texts.length < 400 &&
        (this.o.relevance.get(p.id) ?? 0) >= this.o.confidentMin
      )
        sample.texts.push(p.text)
    if (this.titleTexts.size > 200)
      for (const id of [...this.titleTexts.keys()].slice(0, 100)) this.titleTexts.delete(id)
    // Re-title when the sample has grown by a quarter (titles settle quickly; this keeps the cost flat).
    if (
      sample.texts.length === 0 ||
      (sample.titledAt > 0 && sample.texts.length < sample.titledAt * 1.25 + 1)
    )
      return sample.title === inc.title ? inc : { ...inc, title: sample.title }
    sample.titledAt = sample.texts.length
    const title = incidentTitle(
      sample.texts,
      ctx.serviceName?.(inc.service) ?? inc.service,
      inc.areas.map((a) => ctx.areaName?.(a) ?? a),
      ctx.placeWords,
    )
    sample.title = title
    return title === inc.title ? inc : { ...inc, title }
  }

  /**
   * Forgets incidents with no evidence for longer than `keepMs` before `time` or no longer live
   * (they stop being candidates for updates), and their signatures.
   */
  prune(time: number, keepMs: number): void {
    this.incidents = this.incidents.filter(
      (x) =>
        time - x.lastEvidenceAt <= keepMs && (x.status === 'open' || x.status === 'acknowledged'),
    )
    if (this.signatures.size > 200) {
      const live = new Set(this.incidents.map((x) => x.id))
      for (const id of this.signatures.keys()) if (!live.has(id)) this.signatures.delete(id)
    }
  }

  /** Adopts a person's version of an incident (acknowledged, resolved, reopened, merged). */
  sync(inc: Incident): void {
    this.incidents = this.incidents.filter((x) => x.id !== inc.id)
    if (inc.status === 'open' || inc.status === 'acknowledged')
      this.incidents = [...this.incidents, inc]
  }
}
