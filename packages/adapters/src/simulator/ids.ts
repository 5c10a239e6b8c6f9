/**
 * Realistic platform identifiers: X snowflakes, Mastodon (Snowflake-like) status ids, Bluesky TIDs,
 * DIDs and CIDs, Reddit base-36 fullnames. All are unique within a run and increase with time, as
 * the platforms' own ids do.
 */
import type { Rng } from './prng.js'

const TWITTER_EPOCH = 1288834974657n
const B32_SORT = '234567abcdefghijklmnopqrstuvwxyz'
const B32 = 'abcdefghijklmnopqrstuvwxyz234567'
/** Reference moment of the Reddit id counters (ids at this time are the base values). */
const REDDIT_EPOCH_MS = Date.UTC(2024, 0, 1)
/**
 * Id space the Reddit counters advance per simulated second, whatever is posted: well above what a
 * run uses (each link steps ~20, each comment ~200; 100,000 posts a day stay far below).
 */
const REDDIT_LINKS_PER_SECOND = 40
const REDDIT_COMMENTS_PER_SECOND = 400

/** Generates every id of one simulation run; keep one per run. */
export class IdFactory {
  private lastXms = -1
  private xSeq = 0
  private lastMms = -1
  private mSeq = 0
  private lastUs = -1
  private t3: number
  private t1: number

  /**
   * `startMs` is the run's first simulated moment: Reddit's counter-like ids start where the
   * platform's counter would be at that time, so two runs over different periods (a background
   * history, then the week after it) never reuse an id.
   */
  constructor(
    private readonly rng: Rng,
    startMs = REDDIT_EPOCH_MS,
  ) {
    const s = Math.max(0, Math.floor((startMs - REDDIT_EPOCH_MS) / 1000))
    this.t3 = parseInt('1sq0000', 36) + s * REDDIT_LINKS_PER_SECOND
    this.t1 = parseInt('o2a0000', 36) + s * REDDIT_COMMENTS_PER_SECOND
  }

  /** An X (Twitter) snowflake id for a tweet created at `ms`. */
  x(ms: number): string {
    if (ms === this.lastXms) this.xSeq++
    else {
      this.lastXms = ms
      this.xSeq = this.rng.int(64)
    }
    const worker = 0x160 + (this.xSeq >> 12)
    return (
      (BigInt(ms) - TWITTER_EPOCH) * 4194304n +
      BigInt((worker << 12) | (this.xSeq & 4095))
    ).toString()
  }

  /** A Mastodon status id (milliseconds in the high bits, a sequence in the low 16 bits). */
  mastodon(ms: number): string {
    if (ms === this.lastMms) this.mSeq++
    else {
      this.lastMms = ms
      this.mSeq = this.rng.int(4096)
    }
    return (BigInt(ms) * 65536n + BigInt(this.mSeq & 65535)).toString()
  }

  /** A Bluesky TID (13 base32-sortable characters: microseconds and a clock id); strictly increasing. */
  tid(ms: number): string {
    let us = ms * 1000 + this.rng.int(1000)
    if (us <= this.lastUs) us = this.lastUs + 1
    this.lastUs = us
    return encodeTid(us, this.rng.int(1024))
  }

  /** A Reddit link (submission) id without the `t3_` prefix. */
  redditLink(): string {
    this.t3 += 1 + this.rng.int(40)
    return this.t3.toString(36)
  }

  /** A Reddit comment id without the `t1_` prefix. */
  redditComment(): string {
    this.t1 += 1 + this.rng.int(400)
    return this.t1.toString(36)
  }

  /** A content id (CIDv1, dag-cbor, sha-256) as Bluesky prints it. */
  cid(): string {
    return 'bafyrei' + this.b32(52)
  }

  /** A did:plc identifier. */
  did(): string {
    return 'did:plc:' + this.b32(24)
  }

  /** A numeric user id as X issues them (older accounts short, newer ones snowflakes). */
  xUser(createdMs: number): string {
    if (this.rng.chance(0.35)) return String(10_000_000 + this.rng.int(3_000_000_000))
    return (
      (BigInt(createdMs) - TWITTER_EPOCH) * 4194304n +
      BigInt(this.rng.int(4194304))
    ).toString()
  }

  /** A Mastodon account id (same scheme as status ids, at account creation time). */
  mastodonAccount(createdMs: number): string {
    return (BigInt(createdMs) * 65536n + BigInt(this.rng.int(65536))).toString()
  }

  /** A Reddit account fullname suffix (`t2_…`). */
  redditUser(): string {
    return this.rng.chance(0.5) ? this.b36(8) : this.b36(11)
  }

  private b32(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += B32[this.rng.int(32)]
    return s
  }

  private b36(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += '0123456789abcdefghijklmnopqrstuvwxyz'[this.rng.int(36)]
    return s
  }
}

/** Encodes microseconds and a clock id as a 13-character TID. */
export function encodeTid(us: number, clockId: number): string {
  let v = (BigInt(us) << 10n) | BigInt(clockId & 1023)
  let s = ''
  for (let i = 0; i < 13; i++) {
    s = B32_SORT[Number(v & 31n)] + s
    v >>= 5n
  }
  return s
}

/** Decodes a TID back to microseconds since the epoch (used by tests). */
export function decodeTidMicros(tid: string): number {
  let v = 0n
  for (const ch of tid) v = (v << 5n) | BigInt(B32_SORT.indexOf(ch))
  return Number(v >> 10n)
}
