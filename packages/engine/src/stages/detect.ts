/**
 * The detect stage: counts evidence of service failures in 5-minute buckets of event time, per
 * service GROUP (the taxonomy's first level, e.g. `waste`, `roads`) × ward and per group across the
 * whole area (`*`, every post of the group whether or not it names a place); runs the volume detector
 * on every series when a bucket closes; controls false alerts across all series with
 * Benjamini–Hochberg; and groups similar complaints online (ClusterIndex) so a fast-growing cluster
 * raises or updates an incident even when the sieve disagrees about its service. One failure = one
 * incident: evidence joins a live incident of the same group in the same, a neighbouring or the
 * whole area, or any live incident it shares many posts with.
 *
 * What counts: posts the sieve calls relevant and not spam, whose intent is a complaint, a question
 * or information (praise and suggestions are not failures); reposts and near-duplicates (SimHash)
 * are kept as evidence but counted once. Baselines and incidents persist through the
 * DetectionStore port, so a restart does not forget them. Only freshly inserted posts reach this
 * stage, so a redelivered batch changes no count and no incident.
 */
import {
  ANY_AREA,
  applySignal,
  benjaminiHochberg,
  ClusterIndex,
  createVolumeState,
  extendIncident,
  incidentTitle,
  NearDuplicateIndex,
  restoreVolumeState,
  peekVolume,
  severityFor,
  signalFromCluster,
  normaliseWords,
  topicTokens,
  updateVolume,
  DEFAULT_VOLUME_CONFIG,
  SPAM_THRESHOLD,
  UNCERTAIN_SERVICE,
  type ClusterOptions,
  TermBurstDetector,
  burstTerms,
  type TermBurstOptions,
  type TermBurst,
  type EvidencePost,
  type Incident,
  type IncidentContext,
  type SeriesSignal,
  type StoredPost,
  type VolumeConfig,
  type VolumeState,
} from '@civicpulse/core'

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
/** Intents that report or ask about a failure (praise and suggestions do not). */
const FAILURE_INTENTS = new Set(['complaint', 'question', 'information', 'other'])
/** Prefix of the urgency-flag series' keys (`!outage|*`): never a taxonomy group. */
const FLAG_PREFIX = '!'
/** Severities from lowest to highest. */
const SEVERITIES = ['low', 'medium', 'high', 'critical']
/** Posts kept per series per bucket as evidence. */
const EVIDENCE_CAP = 50
/**
 * Emerging clusters open incidents only above this surprise (-log10 p). A cluster is tested against
 * its own baseline, one test per cluster that grew in the bucket; at most a few dozen clusters grow
 * in a bucket, so 6 is a Bonferroni bar of about 1e-4 per bucket over ~100 tests.
 */
const CLUSTER_MIN_SURPRISE = 6

/** The default group of a service code: its first level (`drainage.flooding` → `drainage`). */
export function serviceGroup(code: string): string {
  const i = code.indexOf('.')
  return i < 0 ? code : code.slice(0, i)
}

/** One post classified as evidence. */
interface Evidence {
  group: string
  ward: string | null
  post: EvidencePost
  duplicate: boolean
  serviceP: number
}

export class DetectStage {
  private readonly cfg: VolumeConfig
  private readonly q: number
  private readonly gapMs: number
  private readonly relevantMin: number
  private readonly minExcess: number
  private readonly confidentMin: number
  /** Relevance of the posts in the open bucket's evidence, by id. */
  private relevance = new Map<string, number>()
  private readonly groupOf: (code: string) => string
  private states = new Map<string, VolumeState>()
  private bucket: number | null = null
  private counts = new Map<string, number>()
  /** Series (and `cluster:` ids) that already raised or updated an incident in the open bucket. */
  private fired = new Set<string>()
  /** Severity each series last reported in the open bucket (so a rising count can raise it at once). */
  private firedSeverity = new Map<string, string>()
  /** The same for clusters (kept apart: `firedSeverity` counts series for the BH rank). */
  private clusterSeverity = new Map<string, string>()
  private readonly early: boolean
  private readonly flagSeries: false | { flags: readonly string[]; relevantMin: number }
  /** The service group of each flag-series evidence post in the open bucket (for the signal's service). */
  private flagGroups = new Map<string, string>()
  private readonly terms: TermBurstDetector | undefined
  private readonly termRelevantMin: number
  /** Recent complaint-like posts (for term-burst evidence) with their group, oldest first. */
  private termTags = new Map<string, string[]>()
  private termPosts = new Map<string, { post: EvidencePost; group: string | null; rel: number }>()
  private evidence = new Map<string, EvidencePost[]>()
  private incidents: Incident[] = []
  private counter = 0
  private lastSave = 0
  private loaded = false
  private readonly dups = new NearDuplicateIndex({ maxAgeMs: 2 * 86_400_000 })
  private readonly termDups = new NearDuplicateIndex({ maxAgeMs: 2 * 86_400_000 })
  private readonly clusters: ClusterIndex | undefined
  private readonly clusterMinSurprise: number
  private readonly clusterWindowMs: number
  /** Clusters that gained a distinct post in the open bucket (only they can have started to emerge). */
  private touched = new Set<string>()
  /** Recent evidence posts by id (for cluster signals), oldest first. */
  private recent = new Map<string, EvidencePost>()
  private bucketsSinceCompact = 0
  /** Buckets closed since this process started (clusters live in memory and need a day of baseline). */
  private bucketsSeen = 0
  /** Distinct evidence texts per incident (bounded), for titles. */
  private titleTexts = new Map<string, { texts: string[]; titledAt: number; title: string }>()
  /** Member-post sets of live incidents (by id and size), for `related`. */
  private memberSets = new Map<string, { n: number; set: Set<string> }>()
  /** Place words as titles see them (whole lower-cased words, plural kept), plus the whole area's name. */
  private readonly placeTitleWords: ReadonlySet<string> | undefined

  constructor(private readonly opts: DetectStageOptions) {
    this.cfg = opts.config ?? DEFAULT_VOLUME_CONFIG
    this.q = opts.q ?? 0.002
    this.gapMs = opts.gapMs ?? 2 * 3_600_000
    this.relevantMin = opts.relevantMin ?? 0.5
    this.minExcess = opts.minExcess ?? 0
    this.confidentMin = opts.confidentMin ?? 0.8
    this.groupOf = opts.groupOf ?? serviceGroup
    this.early = opts.early ?? true
    this.flagSeries = opts.flagSeries ?? { flags: ['outage'], relevantMin: 0.2 }
    const tb = opts.termBursts
    this.terms = tb === false ? undefined : new TermBurstDetector(tb ?? {})
    this.termRelevantMin = (tb !== false && tb?.relevantMin) || 0.2
    if (opts.placeWords || opts.placeNames) {
      const words = new Set<string>(opts.placeWords ?? [])
      for (const n of [...(opts.placeNames ?? []), opts.wholeAreaName ?? ''])
        for (const w of normaliseWords(n)) words.add(w)
      this.placeTitleWords = words
    }
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
      this.counter = saved.counter
      for (const [k, v] of Object.entries(saved.series)) this.states.set(k, restoreVolumeState(v))
      for (const [k, v] of Object.entries(saved.open ?? {})) this.counts.set(k, v)
      for (const k of saved.fired ?? []) this.fired.add(k)
    }
    this.incidents = await this.opts.store.loadLiveIncidents()
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
      const e = this.classify(p, String(ids[i]), t)
      if (this.terms) await this.addTerms(p, String(ids[i]), t, e?.duplicate)
      if (!e) continue
      this.relevance.set(e.post.id, p.labels?.relevant.p ?? 0)
      const keys = e.ward
        ? [`${e.group}|${e.ward}`, `${e.group}|${ANY_AREA}`]
        : [`${e.group}|${ANY_AREA}`]
      for (const key of keys) {
        if (!e.duplicate) this.count(key)
        // An area-wide series shows the posts that name no ward (the others are in their ward's series).
        if (e.ward && key !== keys[0]) continue
        let ev = this.evidence.get(key)
        if (!ev) this.evidence.set(key, (ev = []))
        if (ev.length < EVIDENCE_CAP) ev.push(e.post)
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
        if (!a.duplicate) this.touched.add(a.clusterId)
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
    const v = peekVolume(state, this.bucket, this.counts.get(key) ?? 0, this.cfg)
    // Benjamini–Hochberg at the close rejects every p ≤ k·q/m when k series are that low; the
    // series already fired in this bucket are, so the next one may use the (k+1)-th bar.
    const rank = 1 + this.firedSeverity.size - (this.firedSeverity.has(key) ? 1 : 0)
    if (!v.ready || v.p > (this.q * rank) / Math.max(1, this.states.size)) return
    // Once fired, the series reports again in this bucket only when its severity would rise.
    const severity = severityFor(v.surprise, v.observed, v.expected)
    const before = this.firedSeverity.get(key)
    if (
      this.fired.has(key) &&
      (!before || SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(before))
    )
      return
    const ev = this.evidence.get(key) ?? []
    // As when the bucket closes: a new high opens (or joins) an incident, otherwise it only extends one.
    const opens = v.newHigh && v.observed - v.expected >= this.minExcess && this.confident(ev)
    const area = key.slice(key.indexOf('|') + 1)
    const service = this.serviceOfKey(key, ev)
    const changed = await this.apply(
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
    this.fired.add(key)
    this.firedSeverity.set(key, severity)
    await this.maybeSave(true)
  }

  /** Counts one distinct post in a series (its state exists from its first post, so the number of series is known mid-bucket). */
  private count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
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
    const before = this.clusterSeverity.get(fid)
    if (
      this.fired.has(fid) &&
      (!before || SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(before))
    )
      return
    this.forgetOldRecent(at)
    if (!(await this.judgeCluster(id, at, this.bucket, at))) return
    this.fired.add(fid)
    this.clusterSeverity.set(fid, severity)
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
    return this.incidents
  }

  /**
   * A person changed an incident (acknowledged, resolved, reopened, merged): the detector adopts
   * their version, so its next evidence update builds on it instead of overwriting it.
   */
  syncIncident(inc: Incident): void {
    this.incidents = this.incidents.filter((x) => x.id !== inc.id)
    if (inc.status === 'open' || inc.status === 'acknowledged')
      this.incidents = [...this.incidents, inc]
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
    this.relevance.set(id, l.relevant.p)
    if (l.service.code) this.flagGroups.set(id, this.groupOf(l.service.code))
    const keys = flags.map((f) => `${FLAG_PREFIX}${f}|${ANY_AREA}`)
    for (const key of keys) {
      if (!duplicateOf) this.count(key)
      let ev = this.evidence.get(key)
      if (!ev) this.evidence.set(key, (ev = []))
      if (ev.length < EVIDENCE_CAP) ev.push(post)
    }
    return duplicateOf ? [] : keys
  }

  /**
   * Adds a complaint-like post to the term-burst detector; a term that bursts opens or updates an
   * incident at once (its service the group most of its posts have, its area the ward most name).
   */
  private async addTerms(
    p: StoredPost,
    id: string,
    time: number,
    duplicate: boolean | undefined,
  ): Promise<void> {
    const l = p.labels
    if (!l || l.spam.p >= SPAM_THRESHOLD || l.relevant.p < this.termRelevantMin) return
    if (!FAILURE_INTENTS.has(l.intent.label) || p.repostOfId) return
    // A counted post already has its near-duplicate verdict; the others (relevance under the
    // series' bar) have their own index, so the service series count exactly as without bursts.
    if (duplicate ?? this.termDups.add(id, p.displayText, time).duplicate) return
    const ward = l.places.find((x) => x.wardCode)?.wardCode ?? null
    const post: EvidencePost = {
      id,
      text: p.displayText,
      time,
      area: ward ?? ANY_AREA,
      duplicateOf: null,
    }
    if (p.hashtags.length)
      this.termTags.set(
        id,
        p.hashtags.map((h) => h.toLowerCase()),
      )
    this.termPosts.set(id, {
      post,
      group: l.service.code ? this.groupOf(l.service.code) : null,
      rel: l.relevant.p,
    })
    const cutoff = time - 3_600_000
    for (const [k, x] of this.termPosts) {
      if (x.post.time >= cutoff) break
      this.termPosts.delete(k)
      this.termTags.delete(k)
    }
    const words = burstTerms(p.displayText, this.opts.placeWords)
    const bursts = this.terms!.add(id, words, time)
    if (!bursts.length || this.bucket === null) return
    const b = bursts.sort((x, y) => y.surprise - x.surprise)[0]!
    await this.applyBurst(b, time)
  }

  /**
   * Whether a burst is an organised conversation rather than a failure: a third or more of its
   * posts share a hashtag (a council consultation, a campaign).
   */
  private conversation(ids: readonly string[]): boolean {
    const n = new Map<string, number>()
    for (const id of ids)
      for (const h of new Set(this.termTags.get(id) ?? [])) n.set(h, (n.get(h) ?? 0) + 1)
    return [...n.values()].some((c) => c * 3 >= ids.length)
  }

  /** Opens or updates an incident for a burst; returns its id. */
  private async applyBurst(b: TermBurst, at: number): Promise<string | undefined> {
    if (this.conversation(b.ids)) return undefined
    const items = b.ids.map((i) => this.termPosts.get(i)).filter((x) => x !== undefined)
    const ev = items.map((x) => x.post)
    const vote = (xs: (string | null | undefined)[]) => {
      const m = new Map<string, number>()
      for (const x of xs) if (x && x !== ANY_AREA) m.set(x, (m.get(x) ?? 0) + 1)
      const top = [...m].sort((a, c) => c[1] - a[1] || (a[0] < c[0] ? -1 : 1))[0]
      return top && top[1] * 2 >= xs.length ? top[0] : undefined
    }
    const service = vote(items.map((x) => x.group)) ?? UNCERTAIN_SERVICE
    const area = vote(ev.map((x) => x.area)) ?? ANY_AREA
    for (const x of items) this.relevance.set(x.post.id, x.rel)
    const changed = await this.apply(
      {
        service,
        area,
        time: this.bucket!,
        at,
        observed: b.observed,
        expected: b.expected,
        p: Math.pow(10, -b.surprise),
        surprise: b.surprise,
        score: b.surprise / (b.surprise + 10),
      },
      ev,
      true,
    )
    return changed?.id
  }

  /** The service a series' signal is about: its group, or for a flag series the group most of its evidence has. */
  private serviceOfKey(key: string, ev: readonly EvidencePost[]): string {
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

  /** Evidence of a failure, or undefined: relevant, not spam, a complaint/question/information, with a service. */
  private classify(p: StoredPost, id: string, time: number): Evidence | undefined {
    const l = p.labels
    if (!l || l.spam.p >= SPAM_THRESHOLD || l.relevant.p < this.relevantMin) return undefined
    if (!FAILURE_INTENTS.has(l.intent.label) || !l.service.code) return undefined
    // The group with the most probability among the top services (a vote over the sieve's top-3),
    // so a post torn between `waste.refuse` and `waste.bins` still counts firmly for waste.
    const mass = new Map<string, number>()
    for (const s of l.service.top.length
      ? l.service.top
      : [{ code: l.service.code, p: l.service.p }]) {
      const g = this.groupOf(s.code)
      mass.set(g, (mass.get(g) ?? 0) + s.p)
    }
    let group = this.groupOf(l.service.code)
    let best = mass.get(group) ?? 0
    for (const [g, m] of mass) {
      if (m > best) {
        group = g
        best = m
      }
    }
    const ward = l.places.find((x) => x.wardCode)?.wardCode ?? null
    let duplicateOf: string | null = p.repostOfId ? `repost:${p.repostOfId}` : null
    if (!duplicateOf) {
      const v = this.dups.add(id, p.displayText, time)
      if (v.duplicate) duplicateOf = v.canonicalId
    }
    return {
      group,
      ward,
      duplicate: duplicateOf !== null,
      serviceP: Math.max(0.05, best),
      post: { id, text: p.displayText, time, area: ward ?? ANY_AREA, duplicateOf },
    }
  }

  private async advanceTo(target: number): Promise<void> {
    const bms = this.cfg.bucketMs
    const open = this.bucket ?? target
    const close = async (b: number) => {
      await this.closeBucket(b)
      this.counts.clear()
      this.fired.clear()
      this.firedSeverity.clear()
      this.clusterSeverity.clear()
      this.evidence.clear()
      this.touched.clear()
      this.relevance.clear()
      this.flagGroups.clear()
    }
    if (open < target) await close(open)
    // A long silence is judged bucket by bucket, but at most one day of it (older gaps only age baselines).
    for (let b = Math.max(open + bms, target - 288 * bms); b < target; b += bms) await close(b)
    this.bucket = target
  }

  private context(time: number): IncidentContext {
    return {
      newId: () => `${time.toString(36)}-${(++this.counter).toString(36)}`,
      gapMs: this.gapMs,
      serviceName: (c: string) => this.opts.serviceName?.(c) ?? c,
      areaName: (a: string) =>
        a === ANY_AREA
          ? (this.opts.wholeAreaName ?? 'the whole area')
          : (this.opts.areaName?.(a) ?? a),
      ...(this.opts.adjacent ? { adjacent: this.opts.adjacent } : {}),
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
    const adjacent = this.opts.adjacent
    const near = (a: string | null | undefined) =>
      !!a && a !== ANY_AREA && inc.areas.some((x) => x === a || (adjacent?.(x, a) ?? false))
    const areaWide = inc.areas.every((a) => a === ANY_AREA)
    if (!areaWide && !distinct.some((p) => near(p.area))) return false
    const places = this.opts.placeWords
    const terms = new Set(inc.keyTerms.filter((t) => !places?.has(t)))
    if (terms.size === 0) return false
    const using = distinct.filter((p) => topicTokens(p.text).some((t) => terms.has(t))).length
    // Most posts (all of them when there are fewer than three) use the incident's key terms.
    return distinct.length < 3 ? using === distinct.length : using * 2 >= distinct.length
  }

  /** Applies a signal; returns the incident opened or updated, if any. */
  private async apply(
    signal: SeriesSignal,
    ev: EvidencePost[],
    newHigh: boolean,
  ): Promise<Incident | undefined> {
    const ctx = this.context(signal.time)
    const ch = newHigh
      ? applySignal(this.incidents, signal, ev, ctx)
      : extendIncident(this.incidents, signal, ev, ctx)
    if (!ch || ch.action === 'unchanged') return undefined
    const incident = this.retitle(ch.incident, ev, ctx)
    if (ch.action === 'opened') this.incidents = [...this.incidents, incident]
    else this.incidents = this.incidents.map((x) => (x.id === incident.id ? incident : x))
    await this.opts.store.saveIncident(incident, ch.action)
    await this.opts.onIncident?.(incident, ch.action, ch.previousSeverity)
    return incident
  }

  /**
   * Whether most of a signal's distinct evidence is confidently about a public service (relevance at
   * least `confidentMin`): a rise made mostly of borderline posts is usually the sieve mistaking
   * everyday chatter for complaints, so it may extend an incident but not open one.
   */
  private confident(ev: readonly EvidencePost[]): boolean {
    if (this.confidentMin <= this.relevantMin) return true
    const distinct = ev.filter((p) => !p.duplicateOf)
    const sure = distinct.filter((p) => (this.relevance.get(p.id) ?? 0) >= this.confidentMin).length
    return sure * 2 >= distinct.length
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
        (this.relevance.get(p.id) ?? 0) >= this.confidentMin
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

  private async closeBucket(time: number): Promise<void> {
    const bms = this.cfg.bucketMs
    for (const key of this.counts.keys())
      if (!this.states.has(key)) this.states.set(key, createVolumeState(this.cfg))
    const keys = [...this.states.keys()]
    const verdicts = keys.map((key) =>
      updateVolume(this.states.get(key)!, time, this.counts.get(key) ?? 0, this.cfg),
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
      const service = this.serviceOfKey(key, this.evidence.get(key) ?? [])
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
        this.confident(this.evidence.get(key) ?? [])
      await this.apply(signal, this.evidence.get(key) ?? [], opens)
    }
    // Clusters have no baseline until they have seen a day of posts (they are not persisted).
    if (this.clusters && ++this.bucketsSeen > 288) await this.closeClusters(time + bms)
    // Incidents with no evidence for longer than the gap stop being candidates for updates.
    this.incidents = this.incidents.filter(
      (x) =>
        time - x.lastEvidenceAt <= this.gapMs * 6 &&
        (x.status === 'open' || x.status === 'acknowledged'),
    )
    if (++this.bucketsSinceCompact >= 288) {
      this.bucketsSinceCompact = 0
      this.dups.compact()
      this.termDups.compact()
      this.clusters?.prune(time)
      this.terms?.prune(time)
    }
  }

  /** Emerging clusters among those that grew in the bucket just closed (judged at its end). */
  private async closeClusters(end: number): Promise<void> {
    this.forgetOldRecent(end)
    const time = end - this.cfg.bucketMs
    for (const id of [...this.touched].sort()) await this.judgeCluster(id, end, time, end)
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
    return (await this.apply({ ...s, area, at }, ev, true)) !== undefined
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
      counter: this.counter,
      series: Object.fromEntries(this.states),
      open: Object.fromEntries(this.counts),
      fired: [...this.fired],
    }
    await this.opts.store.saveDetectorState(STATE_KEY, JSON.stringify(saved))
  }
}
