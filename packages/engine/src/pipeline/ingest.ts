/**
 * The ingest pipeline: decode → sanitise → (label) → store, with stages handing batches to each
 * other through the Bus port. Delivery is at least once and every write is idempotent (insert on
 * the post's natural key), so a redelivered batch adds nothing. The checkpoint for the input is
 * written in the same transaction as the batch it covers, so it never runs ahead of the data.
 */
import {
  sanitise,
  type Bus,
  type Clock,
  type DecodedItem,
  simhash,
  type Post,
  type PostLabeller,
  type QuarantineRecord,
  type StoredPost,
  type Store,
  type Telemetry,
  type WriteBatch,
  noTelemetry,
} from '@civicpulse/core'

/** Counts reported while an ingest runs and at its end (`civicpulse ingest --json`). */
export interface IngestSummary {
  /** Records read: every decoded outcome (post, quarantined, skipped, deletion). */
  read: number
  accepted: number
  duplicates: number
  quarantined: number
  skipped: number
  /** Deletion notices from the platform (each erases the post if it is stored). */
  deleted: number
  byReason: Record<string, number>
  seconds: number
}

/** Something done with freshly stored posts (detection, live updates): only posts really inserted. */
export type AfterStore = (posts: StoredPost[], ids: number[]) => Promise<void> | void

export interface IngestOptions {
  /** Decoded batches of the input (from the adapters' decodeStream). */
  items: AsyncIterable<DecodedItem[]>
  /** The input's name, stored with quarantined records and used for its checkpoint. */
  source: string
  store: Store
  bus: Bus
  clock: Clock
  authorKey: (platform: string, authorId: string) => string
  keepRaw?: boolean
  /** Posts per store transaction. Default 2000. */
  batchSize?: number
  /** Also commit at the end of every decoded input batch (live streams: low latency over throughput). */
  flushEachInputBatch?: boolean
  telemetry?: Telemetry
  onProgress?: (s: IngestSummary) => void
  /** The sieve: when given, every post is labelled (and fingerprinted) before it is stored. */
  labeller?: PostLabeller | undefined
  /** Runs on each committed batch's new posts (the detect stage and live updates hook in here). */
  afterStore?: AfterStore | undefined
}

/** The label stage: labels and fingerprints a batch of sanitised posts in place. */
export function labelPosts(posts: StoredPost[], labeller: PostLabeller): void {
  if (!posts.length) return
  const labels = labeller.labelBatch(
    posts.map((p) => ({
      id: `${p.platform}:${p.platformId}`,
      text: p.displayText,
      lang: p.langHint,
      lat: p.geo?.lat,
      lon: p.geo?.lon,
      createdAt: p.createdAt,
    })),
  )
  for (const [i, p] of posts.entries()) {
    const l = labels[i]
    if (l) p.labels = { ...l, model: l.model ?? labeller.version }
    const h = simhash(p.displayText)
    p.simhash =
      (h.hi >>> 0).toString(16).padStart(8, '0') + (h.lo >>> 0).toString(16).padStart(8, '0')
  }
}

const encoder = new TextEncoder()
const TOPIC = 'posts.sanitised'

/** Runs one input through the pipeline and returns its summary. */
export async function runIngest(opts: IngestOptions): Promise<IngestSummary> {
  const started = performance.now()
  const telemetry = opts.telemetry ?? noTelemetry
  const batchSize = opts.batchSize ?? 2000
  const s: IngestSummary = {
    read: 0,
    accepted: 0,
    duplicates: 0,
    quarantined: 0,
    skipped: 0,
    deleted: 0,
    byReason: {},
    seconds: 0,
  }
  const countReason = (r: string) => (s.byReason[r] = (s.byReason[r] ?? 0) + 1)

  const sub = opts.bus.subscribe<WriteBatch>(TOPIC, `store:${opts.source}`, async (messages) => {
    for (const m of messages) {
      const r = await opts.store.writeBatch(m.body)
      s.accepted += r.inserted
      s.duplicates += r.duplicates
      telemetry({ type: 'sent', stage: 'store', count: r.inserted })
      if (r.duplicates)
        telemetry({
          type: 'dropped',
          stage: 'store',
          count: r.duplicates,
          reason: 'duplicate',
          intentional: true,
        })
      if (m.body.checkpoint)
        telemetry({
          type: 'checkpointed',
          stage: 'store',
          source: m.body.checkpoint.source,
          cursor: m.body.checkpoint.cursor,
        })
      if (opts.afterStore && r.inserted) {
        const fresh: StoredPost[] = []
        const ids: number[] = []
        r.ids.forEach((id, i) => {
          if (id !== undefined) {
            fresh.push(m.body.posts[i] as Post)
            ids.push(id)
          }
        })
        await opts.afterStore(fresh, ids)
      }
    }
  })

  let batch: WriteBatch = { posts: [], quarantine: [], deletes: [] }
  let seq = 0
  // One batch may be in flight while the next is decoded and labelled (the store may write on
  // another thread); batches still commit strictly in order.
  let inflight: Promise<void> | undefined
  const flush = async () => {
    if (!batch.posts.length && !batch.quarantine.length && !batch.deletes.length) return
    batch.checkpoint = { source: opts.source, cursor: String(s.read) }
    if (opts.labeller) labelPosts(batch.posts, opts.labeller)
    const body = batch
    batch = { posts: [], quarantine: [], deletes: [] }
    if (inflight) await inflight
    const p = opts.bus.publish(TOPIC, [{ id: `${opts.source}#${seq++}`, body }]).then(() => {
      opts.onProgress?.({ ...s, seconds: (performance.now() - started) / 1000 })
    })
    p.catch(() => {}) // surfaced by the next await of `inflight`
    inflight = p
  }
  const quarantine = (q: QuarantineRecord) => {
    batch.quarantine.push(q)
    s.quarantined++
    countReason(q.reason)
  }

  try {
    for await (const items of opts.items) {
      telemetry({ type: 'received', stage: 'decode', count: items.length })
      const receivedAt = opts.clock.now()
      for (const it of items) {
        s.read++
        switch (it.kind) {
          case 'post': {
            const r = sanitise(it.draft, {
              receivedAt,
              authorKey: opts.authorKey,
              keepRaw: opts.keepRaw ?? true,
            })
            if (r.ok) batch.posts.push(r.post)
            else
              quarantine({
                source: opts.source,
                position: it.position,
                reason: r.reason,
                message: r.message,
                raw: rawBytes(it.draft.raw ?? it.draft),
              })
            break
          }
          case 'quarantine':
            quarantine({
              source: opts.source,
              position: it.position,
              reason: it.reason,
              message: it.message,
              raw: typeof it.raw === 'string' ? encoder.encode(it.raw) : it.raw,
            })
            break
          case 'skip':
            s.skipped++
            telemetry({
              type: 'dropped',
              stage: 'decode',
              count: 1,
              reason: it.reason,
              intentional: true,
            })
            break
          case 'delete':
            s.deleted++
            batch.deletes.push({ platform: it.platform, platformId: it.platformId })
            break
        }
        if (batch.posts.length >= batchSize || batch.quarantine.length >= batchSize) await flush()
      }
      if (opts.flushEachInputBatch) await flush()
    }
    await flush()
    if (inflight) await inflight
  } finally {
    await sub.close()
  }
  s.seconds = (performance.now() - started) / 1000
  return s
}

function rawBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v
  if (typeof v === 'string') return encoder.encode(v)
  try {
    return encoder.encode(JSON.stringify(v) ?? String(v))
  } catch {
    return encoder.encode(String(v))
  }
}
