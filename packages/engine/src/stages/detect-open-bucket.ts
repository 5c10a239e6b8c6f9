/**
 * The open 5-minute bucket of the detect stage: its counts per series so far, the evidence posts
 * kept per series, and which series and clusters already raised or updated an incident in it (with
 * the severity they reported, so a rising count may raise it again, once per step). Judging the
 * open bucket uses Benjamini–Hochberg's bar for one more rejection than the series already fired
 * in it: counts only grow in a bucket, so a series past that bar will pass at the close too.
 */
import { UNCERTAIN_SERVICE, type EvidencePost } from '@civicpulse/core'

/** Prefix of the urgency-flag series' keys (`!outage|*`): never a taxonomy group. */
export const FLAG_PREFIX = '!'
/** Severities from lowest to highest. */
const SEVERITIES = ['low', 'medium', 'high', 'critical']
/** Posts kept per series per bucket as evidence. */
const EVIDENCE_CAP = 50

export class OpenBucket {
  /** Distinct posts counted per series so far. */
  readonly counts = new Map<string, number>()
  /** Evidence posts per series (at most 50). */
  readonly evidence = new Map<string, EvidencePost[]>()
  /** Relevance of the posts in the open bucket's evidence, by id. */
  readonly relevance = new Map<string, number>()
  /** The service group of each flag-series evidence post (for the signal's service). */
  readonly flagGroups = new Map<string, string>()
  /** Clusters that gained a distinct post (only they can have started to emerge). */
  readonly touched = new Set<string>()
  /** Series (and `cluster:` ids) that already raised or updated an incident. */
  readonly fired = new Set<string>()
  /** Severity each series last reported (so a rising count can raise it at once). */
  private readonly firedSeverity = new Map<string, string>()
  /** The same for clusters (kept apart: `firedSeverity` counts series for the BH rank). */
  private readonly clusterSeverity = new Map<string, string>()

  /** Keeps a post as evidence of a series (up to the cap). */
  addEvidence(key: string, post: EvidencePost): void {
    let ev = this.evidence.get(key)
    if (!ev) this.evidence.set(key, (ev = []))
    if (ev.length < EVIDENCE_CAP) ev.push(post)
  }

  /**
   * The p-value bar of a series in the open bucket: Benjamini–Hochberg at the close rejects every
   * p ≤ k·q/m when k series are that low; the series already fired in this bucket are, so the
   * next one may use the (k+1)-th bar.
   */
  seriesBar(key: string, q: number, series: number): number {
    const rank = 1 + this.firedSeverity.size - (this.firedSeverity.has(key) ? 1 : 0)
    return (q * rank) / Math.max(1, series)
  }

  /** Whether a series (or `cluster:` id) already fired and its severity would not rise: no new report. */
  repeats(key: string, severity: string, cluster = false): boolean {
    const before = (cluster ? this.clusterSeverity : this.firedSeverity).get(key)
    return (
      this.fired.has(key) && (!before || SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(before))
    )
  }

  /** Records that a series (or `cluster:` id) raised or updated an incident at this severity. */
  markFired(key: string, severity: string, cluster = false): void {
    this.fired.add(key)
    ;(cluster ? this.clusterSeverity : this.firedSeverity).set(key, severity)
  }

  /** The service a series' signal is about: its group, or for a flag series the group most of its evidence has. */
  serviceOfKey(key: string, ev: readonly EvidencePost[]): string {
    const service = key.slice(0, key.indexOf('|'))
    if (!service.startsWith(FLAG_PREFIX)) return service
    const votes = new Map<string, number>()
    for (const p of ev) {
      const g = this.flagGroups.get(p.id)
      if (g) votes.set(g, (votes.get(g) ?? 0) + 1)
    }
    const top = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]
    return top && top[1] * 2 >= ev.length ? top[0] : UNCERTAIN_SERVICE
  }

  /**
   * Whether most of a signal's distinct evidence is confidently about a public service (relevance at
   * least `confidentMin`): a rise made mostly of borderline posts is usually the sieve mistaking
   * everyday chatter for complaints, so it may extend an incident but not open one.
   */
  confident(ev: readonly EvidencePost[], confidentMin: number, relevantMin: number): boolean {
    if (confidentMin <= relevantMin) return true
    const distinct = ev.filter((p) => !p.duplicateOf)
    const sure = distinct.filter((p) => (this.relevance.get(p.id) ?? 0) >= confidentMin).length
    return sure * 2 >= distinct.length
  }

  /** Starts the next bucket. */
  clear(): void {
    this.counts.clear()
    this.fired.clear()
    this.firedSeverity.clear()
    this.clusterSeverity.clear()
    this.evidence.clear()
    this.touched.clear()
    this.relevance.clear()
    this.flagGroups.clear()
  }
}
