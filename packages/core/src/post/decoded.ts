/**
 * What a decoder emits for each record of its input: a post draft, a quarantined record, a skip
 * (well-formed, but not a post), or a deletion notice from the platform.
 */
import type { PostDraft } from './post.schema.js'
import type { QuarantineReason } from './quarantine.js'

/** One outcome of decoding. `position` says where in the input (e.g. `line 12`, `item 3`). */
export type DecodedItem =
  | { kind: 'post'; draft: PostDraft; position?: string | undefined }
  | {
      kind: 'quarantine'
      reason: QuarantineReason
      message: string
      raw: Uint8Array | string
      position?: string | undefined
    }
  /** A well-formed record that is not a post (a like, a follow, a heartbeat, an identity event). */
  | { kind: 'skip'; reason: string; position?: string | undefined }
  /** The platform says this post was deleted: the store must erase it. */
  | {
      kind: 'delete'
      platform: PostDraft['platform']
      platformId: string
      position?: string | undefined
    }
