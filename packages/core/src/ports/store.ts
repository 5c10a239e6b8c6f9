/**
 * The Store port: what the pipeline and the commands need from persistence. Implemented by the
 * SQLite adapter (embedded mode) and later by PostgreSQL; the same contract suite tests both.
 */
import type { Post } from '../post/post.schema.js'
import type { StoredPost } from '../post/stored-post.js'
import type { QuarantineRecord, QuarantineReason } from '../post/quarantine.js'

/** One unit of work the store commits atomically: all of it or none of it. */
export interface WriteBatch {
  posts: StoredPost[]
  quarantine: QuarantineRecord[]
  /** Posts the platform says were deleted: erased with their search entries. */
  deletes: { platform: Post['platform']; platformId: string }[]
  /** A checkpoint committed in the same transaction, so a cursor never runs ahead of the data. */
  checkpoint?: { source: string; cursor: string } | undefined
}

/**
 * What a committed batch did. `duplicates` were already stored (same platform + id) or were erased
 * earlier at the platform's request (a tombstone keeps a replay from bringing them back).
 */
export interface WriteResult {
  inserted: number
  duplicates: number
  quarantined: number
  deleted: number
  /** Store ids of the inserted posts, in batch order (undefined for duplicates). */
  ids: (number | undefined)[]
}

export interface SearchHit {
  id: number
  platform: Post['platform']
  platformId: string
  createdAt: string
  authorHandle?: string | undefined
  displayText: string
  /** The matching text with the matches wrapped in [ ]. */
  snippet: string
}

export interface QuarantineEntry {
  id: number
  source: string
  position?: string | undefined
  reason: QuarantineReason
  message: string
  receivedAt: string
  size: number
}

export interface StoreStats {
  posts: number
  quarantined: number
  byPlatform: Record<string, number>
  byReason: Record<string, number>
  firstPostAt?: string | undefined
  lastPostAt?: string | undefined
}

/** The persistence port. */
export interface Store {
  writeBatch(batch: WriteBatch): Promise<WriteResult>
  search(query: string, opts?: { limit?: number }): Promise<SearchHit[]>
  stats(): Promise<StoreStats>
  listQuarantine(opts?: { limit?: number; reason?: QuarantineReason }): Promise<QuarantineEntry[]>
  getQuarantine(id: number): Promise<(QuarantineEntry & { raw: Uint8Array }) | undefined>
  getCheckpoint(source: string): Promise<string | undefined>
  close(): Promise<void>
}
