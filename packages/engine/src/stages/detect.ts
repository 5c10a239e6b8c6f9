/**
 * The detect stage: counts evidence of service failures in 5-minute buckets of event time, per
 * service GROUP (the taxonomy's first level, e.g. `waste`, `roads`) × ward and per group across the
 * whole area (`*`, every post of the group whether or not it names a place); runs the volume detector
 * on every series when a bucket closes; controls false alerts across all series with
 * Benjamini–Hochberg; and groups similar complaints online (ClusterIndex) so a fast-growing cluster
 * raises or updates an incident even when the sieve disagrees about its service. One failure = one
 * incident: evidence joins a live incident of the same group in the same, a neighbouring or the
 * whole area, or any live incident it shares many posts with; a renewed burst (term burst or
 * cluster) joins the incident a term of its evidence burst for, even after hours of quiet.
 *
 * This module runs the loop (buckets, series, clusters, state); `detect-evidence.ts` says which
 * posts count, `detect-open-bucket.ts` holds the open bucket, `detect-terms.ts` wires the
 * bursting-terms detector and `detect-incidents.ts` keeps the live incidents.
 *
 * What counts: posts the sieve calls relevant and not spam, whose intent is a complaint, a question
 * or information (praise and suggestions are not failures); reposts and near-duplicates (SimHash)
 * are kept as evidence but counted once. Baselines and incidents persist through the
 * DetectionStore port, so a restart does not forget them. Only freshly inserted posts reach this
 * stage, so a redelivered batch changes no count and no incident.
 */
import {
  ANY_AREA,
  benjaminiHochberg,
  ClusterIndex,
  createVolumeState,
  NearDuplicateIndex,
  restoreVolumeState,
  peekVolume,
  severityFor,
  signalFromCluster,
  normaliseWords,
  updateVolume,
  DEFAULT_VOLUME_CONFIG,
  SPAM_THRESHOLD,
  type ClusterOptions,
  type TermBurstOptions,
  type EvidencePost,
  type Incident,
  type StoredPost,
  type VolumeConfig,
  type VolumeState,
} from '@civicpulse/core'
import { classifyPost, FAILURE_INTENTS, serviceGroup } from './detect-evidence.js'
import { IncidentBook } from './detect-incidents.js'
import { FLAG_PREFIX, OpenBucket } from './detect-open-bucket.js'
import { TermWatch, type BurstFinding } from './detect-terms.js'

export { serviceGroup } from './detect-evidence.js'

/** What the detect stage needs from persistence. */
export interface DetectionStore {
  loadDetectorState(key: string): Promise<string | undefined>
  saveDetectorState(key: string, json: string): Promise<void>
  /** Incidents still open or acknowledged (the ones new evidence may update). */
  loadLiveIncidents(): Promise<Incident[]>
  /** Saves an incident (insert or update) and links its evidence posts (store ids as strings). */
  saveIncident(incident: Incident, change: 'opened' | 'updated'): Promise<void>
}

/** Options of the detect stage (defaults are the product's configuration). */
export interface DetectStageOptions {
  store: DetectionStore
  config?: VolumeConfig
  /** False-discovery level across all series at a tick. Default 0.002. */
  q?: number
  /** Evidence within this gap joins an open incident. Default 2 hours. */
  gapMs?: number
  /**
   * A renewed burst (term burst or cluster) joins a live incident quiet for up to this long when it
   * shares a term that burst for it (and its service and area agree). Default 6 × `gapMs`; 0 turns it off.
   */
  renewMs?: number
  /** Fewest posts above the usual level in the bucket for a surprising series to open a new incident. Default 0. */
  minExcess?: number
  /** Relevance at which a post is confidently about a public service; a new incident needs half its evidence so. Default 0.8. */
  confidentMin?: number
  /** Lowest relevance probability for a post to count. Default 0.5 (the sieve's calibrated threshold). */
  relevantMin?: number
  /** The group of a service code. Default: the code up to its first dot (`waste.bins` → `waste`). */
  groupOf?: (code: string) => string
  /** True when two wards are neighbours (evidence in a neighbouring ward joins the same incident). */
  adjacent?: (a: string, b: string) => boolean
  /**
   * Borough-wide series of posts raising an urgency flag that is rare in everyday chatter (default
   * `outage`: "website down", "no water", "lifts broken", "no bin collection"), counted with a lower
   * relevance bar than the service series, since such posts often get an uncertain label. `false`
   * turns them off.
   */
  flagSeries?: false | { flags: readonly string[]; relevantMin: number }
  /**
   * Bursting terms among complaint-like posts (relevance at least `relevantMin`, default 0.2): a
   * word suddenly in many posts opens or updates an incident even when the sieve scatters those
   * posts over services. `false` turns it off.
   */
  termBursts?: false | (Partial<TermBurstOptions> & { relevantMin?: number })
  /** Emerging-cluster detection; `false` turns it off. */
  clusters?: false | (Partial<ClusterOptions> & { minSurprise?: number })
  serviceName?: (code: string) => string
  areaName?: (wardCode: string) => string
  /** Topic words of the jurisdiction's place names: not evidence that two posts are about the same failure. */
  placeWords?: ReadonlySet<string>
  /** Place names of the jurisdiction (wards, localities, streets): titles do not build their phrase from them. */
  placeNames?: readonly string[]
  /** How titles name the whole area of an area-wide incident (e.g. "Lewisham"). Default "the whole area". */
  wholeAreaName?: string
  /** Called for every opened or updated incident (alerts, live updates). */
  onIncident?: (
    incident: Incident,
    change: 'opened' | 'updated',
    previousSeverity: string | null,
  ) => Promise<void> | void
  /**
   * Judge the open bucket as posts arrive (default true): a series whose partial count already
   * passes the bar the closed bucket would need opens its incident at the post that tipped it,
   * instead of when the bucket closes (up to 5 minutes later). `false` judges closed buckets only.
   */
  early?: boolean
  /** How often (ms of wall time) the detector state is saved. Default 15 s. */
  saveEveryMs?: number
  wallClock?: () => number
}

interface SavedState {
  bucket: number | null
  series: Record<string, VolumeState>
  counter: number
  /** Counts of the open bucket so far (a restart mid-bucket continues them). */
  open?: Record<string, number>
  /** Series and clusters that already raised their incident in the open bucket. */
  fired?: string[]
}

const STATE_KEY = 'volume:group-area:v2'
/**
 * Emerging clusters open incidents only above this surprise (-log10 p). A cluster is tested against
 * its own baseline, one test per cluster that grew in the bucket; at most a few dozen clusters grow
 * in a bucket, so 6 is a Bonferroni bar of about 1e-4 per bucket over ~100 tests.
 */
const CLUSTER_MIN_SURPRISE = 6

export class DetectStage {
  private readonly cfg: VolumeConfig
  private readonly q: number
  private readonly gapMs: number
  private readonly renewMs: number
  private readonly relevantMin: number
  private readonly minExcess: number
  private readonly confidentMin: number
  /** The open bucket: its counts, evidence and what already fired in it. */
  private readonly open = new OpenBucket()
  private readonly groupOf: (code: string) => string
  private states = new Map<string, VolumeState>()
  private bucket: number | null = null
  private readonly early: boolean
  private readonly flagSeries: false | { flags: readonly string[]; relevantMin: number }
  /** The bursting-terms detector and its evidence. */
  private readonly terms: TermWatch | undefined
  private lastSave = 0
  private loaded = false
  private readonly dups = new NearDuplicateIndex({ maxAgeMs: 2 * 86_400_000 })
  private readonly clusters: ClusterIndex | undefined
  private readonly clusterMinSurprise: number
  private readonly clusterWindowMs: number
  /** Recent evidence posts by id (for cluster signals), oldest first. */
  private recent = new Map<string, EvidencePost>()
  private bucketsSinceCompact = 0
  /** Buckets closed since this process started (clusters live in memory and need a day of baseline). */
  private bucketsSeen = 0
  /** The live incidents and how signals open, update or renew them. */
  private readonly book: IncidentBook
  /** Place words as titles see them (whole lower-cased words, plural kept), plus the whole area's name. */
  private readonly placeTitleWords: ReadonlySet<string> | undefined

  constructor(private readonly opts: DetectStageOptions) {
    this.cfg = opts.config ?? DEFAULT_VOLUME_CONFIG
    this.q = opts.q ?? 0.002
    this.gapMs = opts.gapMs ?? 2 * 3_600_000
    this.renewMs = opts.renewMs ?? 6 * this.gapMs
    this.relevantMin = opts.relevantMin ?? 0.5
    this.minExcess = opts.minExcess ?? 0
    this.confidentMin = opts.confidentMin ?? 0.8
    this.groupOf = opts.groupOf ?? serviceGroup
    this.early = opts.early ?? true
    this.flagSeries = opts.flagSeries ?? { flags: ['outage'], relevantMin: 0.2 }
    const tb = opts.termBursts
    this.terms = tb === false ? undefined : new TermWatch(tb ?? {}, this.groupOf, opts.placeWords)
    if (opts.placeWords || opts.placeNames) {
      const words = new Set<string>(opts.placeWords ?? [])
      for (const n of [...(opts.placeNames ?? []), opts.wholeAreaName ?? ''])
        for (const w of normaliseWords(n)) words.add(w)
      this.placeTitleWords = words
    }
    this.book = new IncidentBook({
      ...opts,
      gapMs: this.gapMs,
      renewMs: this.renewMs,
      confidentMin: this.confidentMin,
      placeTitleWords: this.placeTitleWords,
      relevance: this.open.relevance,
    })
    const c = opts.clusters
    this.clusters = c === false ? undefined : new ClusterIndex({ ...(c ?? {}) }, 'k')
    this.clusterMinSurprise = (c !== false && c?.minSurprise) || CLUSTER_MIN_SURPRISE
    this.clusterWindowMs = (c !== false && c?.windowMs) || 3_600_000
  }

  /** Loads baselines and live incidents; call once before the first batch. */
  async load(): Promise<void> {
    const json = await this.opts.store.loadDetectorState(STATE_KEY)
    if (json) {
      const saved = JSON.parse(json) as SavedState
      this.bucket = saved.bucket
      this.book.counter = saved.counter
      for (const [k, v] of Object.entries(saved.series)) this.states.set(k, restoreVolumeState(v))
      for (const [k, v] of Object.entries(saved.open ?? {})) this.open.counts.set(k, v)
      for (const k of saved.fired ?? []) this.open.fired.add(k)
    }
    this.book.incidents = await this.opts.store.loadLiveIncidents()
    this.loaded = true
  }

  /** Feeds freshly stored posts (with their store ids). Closes buckets as event time passes them. */
  async observe(posts: StoredPost[], ids: number[]): Promise<void> {
    if (!this.loaded) await this.load()
    const bms = this.cfg.bucketMs
    for (const [i, p] of posts.entries()) {
      const t = Date.parse(p.createdAt)
      const b = Math.floor(t / bms) * bms
      if (this.bucket === null) this.bucket = b
      if (b > this.bucket) await this.advanceTo(b)
      // Posts older than the open bucket arrive late: they are in the series tables but the
      // detector has already judged their bucket.
      if (b < this.bucket) continue
      const flagKeys = this.flagSeries ? this.flagged(p, String(ids[i]), t) : []
      const e = classifyPost(p, String(ids[i]), t, {
        relevantMin: this.relevantMin,
        groupOf: this.groupOf,
        dups: this.dups,
      })
      if (this.terms) {
        const burst = this.terms.add(p, String(ids[i]), t, e?.duplicate)
        if (burst) await this.applyBurst(burst, t)
      }
      if (!e) continue
      this.open.relevance.set(e.post.id, p.labels?.relevant.p ?? 0)
      const keys = e.ward
        ? [`${e.group}|${e.ward}`, `${e.group}|${ANY_AREA}`]
        : [`${e.group}|${ANY_AREA}`]
      for (const key of keys) {
        if (!e.duplicate) this.count(key)
        // An area-wide series shows the posts that name no ward (the others are in their ward's series).
        if (e.ward && key !== keys[0]) continue
        this.open.addEvidence(key, e.post)
      }
      let clusterId: string | undefined
      if (this.clusters) {
        const a = this.clusters.add({
          id: e.post.id,
          text: e.post.text,
          time: t,
          service: e.group,
          serviceConfidence: e.serviceP,
          area: e.ward,
          duplicateOf: e.post.duplicateOf ?? null,
        })
        if (!a.duplicate) this.open.touched.add(a.clusterId)
        this.recent.set(e.post.id, e.post)
        if (!a.duplicate) clusterId = a.clusterId
      }
      if (this.early && !e.duplicate) {
        for (const key of [...keys, ...flagKeys]) await this.judgeOpenSeries(key, t)
        if (clusterId !== undefined) await this.judgeOpenCluster(clusterId, t)
      }
    }
    await this.maybeSave()
  }

  /**
   * Judges a series' open bucket after a post raised its count. When the partial count already
   * passes a bar the closed bucket is sure to pass too (Benjamini–Hochberg's bar for one more
   * rejection than the series already fired in this bucket: (k+1)·q / number of series), it acts now as the closed bucket would (a new high opens or joins an
   * incident, otherwise it extends a live one): counts only grow in a bucket, so the closed bucket
   * will pass too, and then only adds its later posts to the same incident (same signal key).
   */
  private async judgeOpenSeries(key: string, at: number): Promise<void> {
    if (this.bucket === null) return
    const state = this.states.get(key)
    if (!state || state.n < this.cfg.warmup) return
    const v = peekVolume(state, this.bucket, this.open.counts.get(key) ?? 0, this.cfg)
    if (!v.ready || v.p > this.open.seriesBar(key, this.q, this.states.size)) return
    // Once fired, the series reports again in this bucket only when its severity would rise.
    const severity = severityFor(v.surprise, v.observed, v.expected)
    if (this.open.repeats(key, severity)) return
    const ev = this.open.evidence.get(key) ?? []
    // As when the bucket closes: a new high opens (or joins) an incident, otherwise it only extends one.
    const opens =
      v.newHigh &&
      v.observed - v.expected >= this.minExcess &&
      this.open.confident(ev, this.confidentMin, this.relevantMin)
    const area = key.slice(key.indexOf('|') + 1)
    const service = this.open.serviceOfKey(key, ev)
    const changed = await this.book.apply(
      {
        service,
        area,
        time: this.bucket,
        at,
        observed: v.observed,
        expected: v.expected,
        p: v.p,
        surprise: v.surprise,
        score: v.score,
      },
      ev,
      opens,
    )
    if (!changed) return
    this.open.markFired(key, severity)
    await this.maybeSave(true)
  }

  /** Counts one distinct post in a series (its state exists from its first post, so the number of series is known mid-bucket). */
  private count(key: string): void {
    this.open.counts.set(key, (this.open.counts.get(key) ?? 0) + 1)
    if (!this.states.has(key)) this.states.set(key, createVolumeState(this.cfg))
  }

  /** Judges a cluster that just gained a distinct post against the same bar as at the bucket's end. */
  private async judgeOpenCluster(id: string, at: number): Promise<void> {
    const fid = `cluster:${id}`
    if (this.bucket === null || this.bucketsSeen <= 288) return
    const quick = this.clusters!.surpriseNow(id, at)
    if (quick.recent < 5 || quick.surprise < this.clusterMinSurprise) return
    // Once fired in this bucket, again only when its severity would rise (as for series).
    const severity = severityFor(quick.surprise, quick.recent, quick.expectedRecent)
    if (this.open.repeats(fid, severity, true)) return
    this.forgetOldRecent(at)
    if (!(await this.judgeCluster(id, at, this.bucket, at))) return
    this.open.markFired(fid, severity, true)
    await this.maybeSave(true)
  }

  /** Closes every bucket before `now` (live mode: call on a timer so quiet periods are judged too). */
  async tick(now: number): Promise<void> {
    if (!this.loaded) await this.load()
    const b = Math.floor(now / this.cfg.bucketMs) * this.cfg.bucketMs
    if (this.bucket !== null && b > this.bucket) await this.advanceTo(b)
    await this.maybeSave()
  }

  /** Live incidents as the detector sees them. */
  liveIncidents(): readonly Incident[] {
    return this.book.incidents
  }

  /**
   * A person changed an incident (acknowledged, resolved, reopened, merged): the detector adopts
   * their version, so its next evidence update builds on it instead of overwriting it.
   */
  syncIncident(inc: Incident): void {
    this.book.sync(inc)
  }

  /**
   * Counts a post in the urgency-flag series it belongs to (not spam, a complaint, question or
   * information, relevance at least the flag series' bar, raising one of their flags); returns the
   * keys it was counted in (none for a near-duplicate, which is evidence but not counted).
   */
  private flagged(p: StoredPost, id: string, time: number): string[] {
    const l = p.labels
    const fs = this.flagSeries
    if (!fs || !l || l.spam.p >= SPAM_THRESHOLD || l.relevant.p < fs.relevantMin) return []
    if (!FAILURE_INTENTS.has(l.intent.label)) return []
    const flags = fs.flags.filter((f) => (l.urgency.flags as readonly string[]).includes(f))
    if (!flags.length) return []
    let duplicateOf: string | null = p.repostOfId ? `repost:${p.repostOfId}` : null
    if (!duplicateOf) {
      const v = this.dups.add(id, p.displayText, time)
      if (v.duplicate) duplicateOf = v.canonicalId
    }
    const ward = l.places.find((x) => x.wardCode)?.wardCode ?? null
    const post: EvidencePost = {
      id,
      text: p.displayText,
      time,
      area: ward ?? ANY_AREA,
      duplicateOf,
    }
    this.open.relevance.set(id, l.relevant.p)
    if (l.service.code) this.open.flagGroups.set(id, this.groupOf(l.service.code))
    const keys = flags.map((f) => `${FLAG_PREFIX}${f}|${ANY_AREA}`)
    for (const key of keys) {
      if (!duplicateOf) this.count(key)
      this.open.addEvidence(key, post)
    }
    return duplicateOf ? [] : keys
  }

  /** Opens or updates an incident for a burst (its terms become the incident's signature); returns its id. */
  private async applyBurst(f: BurstFinding, at: number): Promise<string | undefined> {
    const b = f.burst
    for (const x of f.items) this.open.relevance.set(x.post.id, x.rel)
    const changed = await this.book.apply(
      {
        service: f.service,
        area: f.area,
        time: this.bucket!,
        at,
        observed: b.observed,
        expected: b.expected,
        p: Math.pow(10, -b.surprise),
        surprise: b.surprise,
        score: b.surprise / (b.surprise + 10),
      },
      f.items.map((x) => x.post),
      true,
      [b.term],
    )
    return changed?.id
  }

  private async advanceTo(target: number): Promise<void> {
    const bms = this.cfg.bucketMs
    const open = this.bucket ?? target
    const close = async (b: number) => {
      await this.closeBucket(b)
      this.open.clear()
    }
    if (open < target) await close(open)
    // A long silence is judged bucket by bucket, but at most one day of it (older gaps only age baselines).
    for (let b = Math.max(open + bms, target - 288 * bms); b < target; b += bms) await close(b)
    this.bucket = target
  }

  private async closeBucket(time: number): Promise<void> {
    const bms = this.cfg.bucketMs
    for (const key of this.open.counts.keys())
      if (!this.states.has(key)) this.states.set(key, createVolumeState(this.cfg))
    const keys = [...this.states.keys()]
    const verdicts = keys.map((key) =>
      updateVolume(this.states.get(key)!, time, this.open.counts.get(key) ?? 0, this.cfg),
    )
    const reject = benjaminiHochberg(
      verdicts.map((v) => (v.ready ? v.p : 1)),
      this.q,
    )
    // Ward series first, so an incident gets its places before the area-wide series joins it.
    const order = verdicts
      .map((_, i) => i)
      .sort(
        (a, b) =>
          Number(keys[a]!.endsWith(`|${ANY_AREA}`)) - Number(keys[b]!.endsWith(`|${ANY_AREA}`)),
      )
    for (const i of order) {
      if (!reject[i]) continue
      const v = verdicts[i]!
      const key = keys[i]!
      const area = key.slice(key.indexOf('|') + 1)
      const service = this.open.serviceOfKey(key, this.open.evidence.get(key) ?? [])
      const signal = {
        service,
        area,
        time,
        observed: v.observed,
        expected: v.expected,
        p: v.p,
        surprise: v.surprise,
        score: v.score,
        at: time + bms,
      }
      // A new incident needs a real rise, not only an improbable one: at least `minExcess` more posts than usual.
      const opens =
        v.newHigh &&
        v.observed - v.expected >= this.minExcess &&
        this.open.confident(this.open.evidence.get(key) ?? [], this.confidentMin, this.relevantMin)
      await this.book.apply(signal, this.open.evidence.get(key) ?? [], opens)
    }
    // Clusters have no baseline until they have seen a day of posts (they are not persisted).
    if (this.clusters && ++this.bucketsSeen > 288) await this.closeClusters(time + bms)
    // Incidents with no evidence for longer than the gap (or renewal window) stop being candidates for updates.
    this.book.prune(time, Math.max(this.gapMs * 6, this.renewMs))
    if (++this.bucketsSinceCompact >= 288) {
      this.bucketsSinceCompact = 0
      this.dups.compact()
      this.clusters?.prune(time)
      this.terms?.prune(time)
    }
  }

  /** Emerging clusters among those that grew in the bucket just closed (judged at its end). */
  private async closeClusters(end: number): Promise<void> {
    this.forgetOldRecent(end)
    const time = end - this.cfg.bucketMs
    for (const id of [...this.open.touched].sort()) await this.judgeCluster(id, end, time, end)
  }

  private forgetOldRecent(now: number): void {
    const cutoff = now - this.clusterWindowMs
    for (const [id, p] of this.recent) {
      if (p.time >= cutoff) break
      this.recent.delete(id)
    }
  }

  /** Opens or updates an incident for a cluster whose last window is surprising at `now`. */
  private async judgeCluster(id: string, now: number, time: number, at: number): Promise<boolean> {
    const view = this.clusters!.view(id, now)
    if (!view || view.recent < 5 || view.surprise < this.clusterMinSurprise) return false
    const ev = view.members
      .map((m) => this.recent.get(m))
      .filter((p): p is EvidencePost => p !== undefined)
    const s = signalFromCluster(view, time)
    // A cluster names a ward only when most of its placed posts agree; otherwise it is area-wide.
    const area =
      view.areas[0] && ev.filter((p) => p.area === view.areas[0]).length * 2 >= ev.length
        ? view.areas[0]
        : ANY_AREA
    return (await this.book.apply({ ...s, area, at }, ev, true, [])) !== undefined
  }

  private async maybeSave(force = false): Promise<void> {
    const now = (this.opts.wallClock ?? Date.now)()
    if (!force && now - this.lastSave < (this.opts.saveEveryMs ?? 15_000)) return
    this.lastSave = now
    await this.save()
  }

  /** Saves the detector state now (call at shutdown). */
  async save(): Promise<void> {
    const saved: SavedState = {
      bucket: this.bucket,
      counter: this.book.counter,
      series: Object.fromEntries(this.states),
      open: Object.fromEntries(this.open.counts),
      fired: [...this.open.fired],
    }
    await this.opts.store.saveDetectorState(STATE_KEY, JSON.stringify(saved))
  }
}
