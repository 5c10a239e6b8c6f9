/**
 * The database schema as Kysely types. Written once; the SQLite and PostgreSQL dialects share it.
 * Times are epoch milliseconds (integers), so range filters and time buckets are cheap.
 */
import type { Generated } from 'kysely'

export interface PostsTable {
  id: Generated<number>
  platform: string
  platform_id: string
  url: string | null
  author_id: string
  author_handle: string | null
  author_name: string | null
  author_key: string
  text: string
  display_text: string
  lang_hint: string | null
  created_at: number
  received_at: number
  reply_to_id: string | null
  quote_of_id: string | null
  repost_of_id: string | null
  conversation_id: string | null
  hashtags: string
  mentions: string
  links: string
  lat: number | null
  lon: number | null
  place_name: string | null
  metrics: string | null
  raw: string | null
  source: string | null
}

export interface QuarantineTable {
  id: Generated<number>
  source: string
  position: string | null
  reason: string
  message: string
  raw: Uint8Array
  received_at: number
}

export interface CheckpointsTable {
  source: string
  cursor: string
  updated_at: number
}

export interface TombstonesTable {
  platform: string
  platform_id: string
  deleted_at: number
}

export interface MetaTable {
  key: string
  value: string
}

export interface Database {
  meta: MetaTable
  tombstones: TombstonesTable
  posts: PostsTable
  quarantine: QuarantineTable
  checkpoints: CheckpointsTable
}
