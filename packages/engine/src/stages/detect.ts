/**
 * The detect stage: counts labelled complaints per service × ward in 5-minute buckets of event
 * time, runs the volume detector on every series when a bucket closes, controls false alerts across
 * all series with Benjamini–Hochberg, and turns surprising buckets into incidents (opened, or
 * updated with new evidence). Baselines and incidents persist through the DetectionStore port, so a
 * restart does not forget them. Only freshly inserted posts reach this stage, so a redelivered
 * batch changes no count and no incident.
 */
import {
  applySignal,
  benjaminiHochberg,
  createVolumeState,
  extendIncident,
  restoreVolumeState,
  seriesKeyOf,
  updateVolume,
  DEFAULT_VOLUME_CONFIG,
  type EvidencePost,
  type Incident,
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

export interface DetectStageOptions {
  store: DetectionStore
  config?: VolumeConfig
  /** False-discovery level across all series at a tick. Default 0.002. */
  q?: number
  /** Evidence within this gap joins an open incident. Default 2 hours. */
  gapMs?: number
  serviceName?: (code: string) => string
  areaName?: (wardCode: string) => string
  /** Called for every opened or updated incident (alerts, live updates). */
  onIncident?: (incident: Incident, change: 'opened' | 'updated', previousSeverity: string | null) => Promise<void> | void
  /** How often (ms of wall time) the detector state is saved. Default 15 s. */
  saveEveryMs?: number
  wallClock?: () => number
}

interface SavedState {
  bucket: number | null
  series: Record<string, VolumeState>
  counter: number
}

const STATE_KEY = 'volume:service-ward:v1'
const NONE = '~'

/** Which posts count as evidence of a service failure: relevant, not praise, with a service. */
function detectionKey(p: StoredPost): { service: string; ward: string } | undefined {
  const k = seriesKeyOf(p.labels)
  if (!k || !k.service || k.intent === 'praise') return undefined
  return { service: k.service, ward: k.ward || NONE }
}

export class DetectStage {
  private readonly cfg: VolumeConfig
  private readonly q: number
  private readonly gapMs: number
  private states = new Map<string, VolumeState>()
  private bucket: number | null = null
  private counts = new Map<string, number>()
  private evidence = new Map<string, EvidencePost[]>()
  private incidents: Incident[] = []
  private counter = 0
  private lastSave = 0
  private loaded = false

  constructor(private readonly opts: DetectStageOptions) {
    this.cfg = opts.config ?? DEFAULT_VOLUME_CONFIG
    this.q = opts.q ?? 0.002
    this.gapMs = opts.gapMs ?? 2 * 3_600_000
  }

  /** Loads baselines and live incidents; call once before the first batch. */
  async load(): Promise<void> {
    const json = await this.opts.store.loadDetectorState(STATE_KEY)
    if (json) {
      const saved = JSON.parse(json) as SavedState
      this.bucket = saved.bucket
      this.counter = saved.counter
      for (const [k, v] of Object.entries(saved.series)) this.states.set(k, restoreVolumeState(v))
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
      const k = detectionKey(p)
      if (!k) continue
      const key = `${k.service}|${k.ward}`
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
      let ev = this.evidence.get(key)
      if (!ev) this.evidence.set(key, (ev = []))
      if (ev.length < 50) ev.push({ id: String(ids[i]), text: p.displayText, time: t, area: k.ward })
    }
    await this.maybeSave()
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

  private async advanceTo(target: number): Promise<void> {
    const bms = this.cfg.bucketMs
    const open = this.bucket ?? target
    const close = async (b: number) => {
      await this.closeBucket(b)
      this.counts.clear()
      this.evidence.clear()
    }
    if (open < target) await close(open)
    // A long silence is judged bucket by bucket, but at most one day of it (older gaps only age baselines).
    for (let b = Math.max(open + bms, target - 288 * bms); b < target; b += bms) await close(b)
    this.bucket = target
  }

  private async closeBucket(time: number): Promise<void> {
    for (const key of this.counts.keys()) if (!this.states.has(key)) this.states.set(key, createVolumeState(this.cfg))
    const keys = [...this.states.keys()]
    const verdicts = keys.map((key) => updateVolume(this.states.get(key)!, time, this.counts.get(key) ?? 0, this.cfg))
    const reject = benjaminiHochberg(
      verdicts.map((v) => (v.ready ? v.p : 1)),
      this.q,
    )
    for (const [i, v] of verdicts.entries()) {
      if (!reject[i]) continue
      const key = keys[i]!
      const [service, ward] = key.split('|') as [string, string]
      const signal = { service, area: ward, time, observed: v.observed, expected: v.expected, p: v.p, surprise: v.surprise, score: v.score }
      const ctx = {
        newId: () => `${time.toString(36)}-${(++this.counter).toString(36)}`,
        gapMs: this.gapMs,
        serviceName: (c: string) => this.opts.serviceName?.(c) ?? c,
        areaName: (a: string) => (a === NONE ? 'an unknown area' : (this.opts.areaName?.(a) ?? a)),
      }
      const ev = this.evidence.get(key) ?? []
      const ch = v.newHigh ? applySignal(this.incidents, signal, ev, ctx) : extendIncident(this.incidents, signal, ev, ctx)
      if (!ch || ch.action === 'unchanged') continue
      if (ch.action === 'opened') this.incidents = [...this.incidents, ch.incident]
      else this.incidents = this.incidents.map((x) => (x.id === ch.incident.id ? ch.incident : x))
      await this.opts.store.saveIncident(ch.incident, ch.action)
      await this.opts.onIncident?.(ch.incident, ch.action, ch.previousSeverity)
    }
    // Incidents with no evidence for longer than the gap stop being candidates for updates.
    this.incidents = this.incidents.filter((x) => time - x.lastEvidenceAt <= this.gapMs * 6 && (x.status === 'open' || x.status === 'acknowledged'))
  }

  private async maybeSave(force = false): Promise<void> {
    const now = (this.opts.wallClock ?? Date.now)()
    if (!force && now - this.lastSave < (this.opts.saveEveryMs ?? 15_000)) return
    this.lastSave = now
    await this.save()
  }

  /** Saves the detector state now (call at shutdown). */
  async save(): Promise<void> {
    const saved: SavedState = { bucket: this.bucket, counter: this.counter, series: Object.fromEntries(this.states) }
    await this.opts.store.saveDetectorState(STATE_KEY, JSON.stringify(saved))
  }
}
