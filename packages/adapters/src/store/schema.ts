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
  relevant_p: number | null
  intent: string | null
  intent_p: number | null
  service_code: string | null
  service_p: number | null
  sentiment: string | null
  sentiment_score: number | null
  urgency: number | null
  lang: string | null
  ward_code: string | null
  spam_p: number | null
  abuse_p: number | null
  /** The full label set (core `Labels`) as JSON. */
  labels: string | null
  labelled_at: number | null
  model_version: string | null
  /** 64-bit SimHash as 16 hex digits (near-duplicate detection). */
  simhash: string | null
  /** The earlier post this one repeats (repost or copy-paste): counted once. */
  dup_of: number | null
}

export interface CorrectionsTable {
  id: Generated<number>
  post_id: number
  task: string
  old_value: string | null
  new_value: string
  actor: string
  at: number
}

/** res: 'm5' | 'h1' | 'd1'; bucket: start of the bucket (epoch ms, UTC). '' = none/unknown. */
export interface SeriesTable {
  res: string
  bucket: number
  service_code: string
  ward_code: string
  intent: string
  n: number
  neg: number
  neu: number
  pos: number
}

export interface DetectorStateTable {
  key: string
  state: string
  updated_at: number
}

export interface IncidentsTable {
  id: Generated<number>
  public_id: string
  title: string
  service_code: string | null
  /** JSON array of ward codes. */
  areas: string
  started_at: number
  updated_at: number
  /** open | acknowledged | resolved | merged */
  status: string
  /** low | medium | high | critical */
  severity: string
  observed: number
  expected: number
  summary: string
  merged_into: number | null
  /** JSON: detector detail (key terms, series keys, cluster id). */
  detail: string
}

export interface IncidentPostsTable {
  incident_id: number
  post_id: number
  representative: number
}

export interface IncidentEventsTable {
  id: Generated<number>
  incident_id: number
  at: number
  kind: string
  detail: string
}

export interface AlertOutboxTable {
  id: Generated<number>
  idempotency_key: string
  incident_id: number
  channel: string
  payload: string
  /** pending | sent | failed */
  status: string
  attempts: number
  next_attempt_at: number
  last_error: string | null
  created_at: number
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

/** A local account; role is admin | analyst | responder | viewer. */
export interface UsersTable {
  id: Generated<number>
  email: string
  name: string
  /** argon2id PHC string. */
  password_hash: string
  role: string
  disabled: Generated<number>
  created_at: number
  last_login_at: number | null
}

/** A signed-in browser session; the cookie value is never stored, only its SHA-256. */
export interface SessionsTable {
  id_hash: string
  user_id: number
  csrf_token: string
  created_at: number
  last_seen_at: number
  expires_at: number
}

/** A bearer token for integrations, stored as its SHA-256; it acts with its user's role. */
export interface ApiTokensTable {
  id: Generated<number>
  token_hash: string
  user_id: number
  name: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

/** Who viewed which post (with its author visible), where and when. */
export interface AccessLogTable {
  id: Generated<number>
  user_id: number
  post_id: number
  /** 'post' (detail) | 'explore' (search results with authors) */
  view: string
  at: number
}

/** A campaign (Converse); `spec` is the campaign input as JSON. */
export interface CampaignsTable {
  id: Generated<number>
  name: string
  spec: string
  starts_at: number
  ends_at: number | null
  created_at: number
  refreshed_at: number | null
}

/** A post attached to a campaign: why (own | hashtag | keyword | reply | quote) and its theme. */
export interface CampaignPostsTable {
  campaign_id: number
  post_id: number
  via: string
  theme_key: string | null
}

/** A theme as last computed; `detail` is the core `Theme` as JSON (counts and quotes, no authors). */
export interface CampaignThemesTable {
  campaign_id: number
  theme_key: string
  label: string
  size: number
  detail: string
  computed_at: number
}

/** An action staff recorded against a theme ("you said, we did"). */
export interface CampaignActionsTable {
  id: Generated<number>
  campaign_id: number
  theme_label: string
  action: string
  /** planned | in-progress | done */
  status: string
  team: string | null
  recorded_at: number
}

export interface Database {
  meta: MetaTable
  tombstones: TombstonesTable
  corrections: CorrectionsTable
  series: SeriesTable
  detector_state: DetectorStateTable
  incidents: IncidentsTable
  incident_posts: IncidentPostsTable
  incident_events: IncidentEventsTable
  alert_outbox: AlertOutboxTable
  posts: PostsTable
  quarantine: QuarantineTable
  checkpoints: CheckpointsTable
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  access_log: AccessLogTable
  campaigns: CampaignsTable
  campaign_posts: CampaignPostsTable
  campaign_themes: CampaignThemesTable
  campaign_actions: CampaignActionsTable
}

export interface ModelVersionsTable {
  id: Generated<number>
  version: string
  created_at: number
  corrections: number
  snapshot: Uint8Array
  /** 1 for the version the labeller loads at start. */
  active: number
}

export interface Database {
  model_versions: ModelVersionsTable
}

/** A Respond case; JSON columns hold urgency flags and pause spans. */
export interface CasesTable {
  id: Generated<number>
  title: string
  source_kind: string
  source_id: string
  /** new | triaged | in_progress | awaiting_citizen | resolved | closed | duplicate */
  status: string
  /** urgent | high | normal | low */
  priority: string
  team: string | null
  assignee: string | null
  service_code: string | null
  area: string | null
  intent: string | null
  urgency_flags: string
  jumped: number
  pauses: string
  created_at: number
  updated_at: number
  first_response_at: number | null
  resolved_at: number | null
  closed_at: number | null
  merged_into: number | null
  version: number
}

/** Posts linked to a case, in link order. */
export interface CasePostsTable {
  case_id: number
  post_id: string
  ord: number
}

/** Internal notes on a case (append-only). */
export interface CaseNotesTable {
  case_id: number
  n: number
  author: string
  text: string
  at: number
}

/** Every change to a case. */
export interface CaseAuditTable {
  id: Generated<number>
  case_id: number
  at: number
  actor: string
  action: string
  from_value: string | null
  to_value: string | null
  detail: string | null
}

/** Replies waiting for (or done with) delivery to the citizen's platform. */
export interface ReplyOutboxTable {
  id: Generated<number>
  idempotency_key: string
  case_id: number
  platform: string
  /** The ReplyTarget as JSON. */
  target: string
  text: string
  /** pending | sending | sent | failed | uncertain */
  status: string
  attempts: number
  next_attempt_at: number
  claimed_at: number | null
  remote_id: string | null
  remote_url: string | null
  last_error: string | null
  created_by: string
  created_at: number
  updated_at: number
}

/** A case pushed to an external Open311 endpoint, and what polling last found. */
export interface CaseOpen311Table {
  case_id: number
  endpoint: string
  token: string | null
  service_request_id: string | null
  status: string | null
  status_notes: string | null
  pushed_at: number
  polled_at: number | null
}

export interface Database {
  cases: CasesTable
  case_posts: CasePostsTable
  case_notes: CaseNotesTable
  case_audit: CaseAuditTable
  reply_outbox: ReplyOutboxTable
  case_open311: CaseOpen311Table
}

/** `series` summed over wards (roll-up kept with it). */
export interface SeriesSiTable {
  res: string
  bucket: number
  service_code: string
  intent: string
  n: number
  neg: number
  neu: number
  pos: number
}

/** `series` summed over services (roll-up kept with it). */
export interface SeriesWiTable {
  res: string
  bucket: number
  ward_code: string
  intent: string
  n: number
  neg: number
  neu: number
  pos: number
}

export interface Database {
  series_si: SeriesSiTable
  series_wi: SeriesWiTable
}

/** A digest period already e-mailed (Converse, migration 0009): never sent twice. */
export interface DigestSendsTable {
  period_key: string
  from_ms: number
  to_ms: number
  sent_at: number
  recipients: number
  message_id: string | null
}

/** One export: who, what, the filters (JSON) and how many rows (migration 0009). */
export interface ExportLogTable {
  id: Generated<number>
  user_id: number
  what: string
  format: string
  filters: string
  rows: number
  at: number
}

export interface Database {
  digest_sends: DigestSendsTable
  export_log: ExportLogTable
}

/** A reply template with `{{placeholder}}` fields (migration 0008). */
export interface ReplyTemplatesTable {
  id: Generated<number>
  name: string
  body: string
  created_by: string
  created_at: number
}

/**
 * A reply written on a case (migration 0008): `draft`, `awaiting_approval`, `rejected`, or
 * `queued` once it is in the outbox (`outbox_id`), where its delivery status lives.
 */
export interface CaseRepliesTable {
  id: Generated<number>
  case_id: number
  client_key: string
  template_id: number | null
  platform: string
  /** The ReplyTarget as JSON. */
  target: string
  text: string
  status: string
  created_by: string
  created_at: number
  decided_by: string | null
  decided_at: number | null
  reject_reason: string | null
  outbox_id: number | null
}

/** Per-team Respond settings (migration 0008). */
export interface TeamSettingsTable {
  team: string
  approval_required: number
  sla_policy: string | null
  updated_at: number
}

/** The Respond team of a user (migration 0008). */
export interface UserTeamsTable {
  user_id: number
  team: string
}

/** An Open311 API key issued to an integration, stored as its SHA-256 (migration 0008). */
export interface Open311KeysTable {
  id: Generated<number>
  name: string
  key_hash: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

/** A platform account replies are sent from; `credentials` is JSON, never returned by the API. */
export interface ReplyAccountsTable {
  platform: string
  account: string
  base_url: string | null
  credentials: string
  enabled: number
  updated_at: number
}

/** A service request received over Open311; its case holds status and times (migration 0008). */
export interface Open311RequestsTable {
  case_id: number
  key_id: number | null
  service_code: string
  description: string | null
  address: string | null
  address_id: string | null
  zipcode: string | null
  lat: number | null
  long: number | null
  media_url: string | null
  /** The requester's contact fields as JSON (never published). */
  contact: string | null
  account_id: string | null
  agency_responsible: string | null
  status_notes: string | null
  expected_at: number | null
  requested_at: number
}

/** An SLA breach already announced, once per case and clock (migration 0008). */
export interface CaseSlaBreachesTable {
  case_id: number
  clock: string
  at: number
}

export interface Database {
  reply_templates: ReplyTemplatesTable
  case_replies: CaseRepliesTable
  team_settings: TeamSettingsTable
  user_teams: UserTeamsTable
  open311_keys: Open311KeysTable
  reply_accounts: ReplyAccountsTable
  open311_requests: Open311RequestsTable
  case_sla_breaches: CaseSlaBreachesTable
}
