/**
 * Respond's settings and reply rows (migration 0008): reply templates, replies before and after
 * approval, team settings, users' teams, Open311 API keys (SHA-256 only; the key is shown once),
 * reply accounts (credentials are read only by the composition root to build senders, never
 * listed), and the SLA breaches already announced.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type {
  ReplyDraft,
  ReplyDraftStatus,
  ReplyPlatform,
  ReplyTarget,
  RespondSettingsStore,
  TeamReplySettings,
} from '@civicpulse/core'
import type { CaseRepliesTable, Database } from '../schema.js'
import {
  credentialKey,
  isSealed,
  openCredentials,
  sealCredentials,
} from '../../respond/credential-box.js'

/** A reply template. */
export interface ReplyTemplate {
  id: string
  name: string
  body: string
  placeholders: string[]
}

/** Where a reply stands before the outbox: `queued` means the outbox row decides. */
export type CaseReplyStatus = ReplyDraftStatus

/** A reply written on a case. */
export type CaseReply = ReplyDraft

/** Settings of one team. */
export type TeamSettings = TeamReplySettings

/** A reply account as listed (no credentials). */
export interface ReplyAccountInfo {
  platform: ReplyPlatform
  account: string
  baseUrl: string | null
  enabled: boolean
  /** Names of the credential fields that are set (never their values). */
  credentialFields: string[]
}

/** A reply account with its credentials, for building senders only. */
export interface ReplyAccount extends ReplyAccountInfo {
  credentials: Record<string, string>
}

/** An Open311 API key as listed (no hash). */
export interface Open311KeyInfo {
  id: number
  name: string
  createdAt: number
  lastUsedAt: number | null
  revoked: boolean
}

/** The placeholders a template body uses, in order of first use. */
export function templatePlaceholders(body: string): string[] {
  const out: string[] = []
  for (const m of body.matchAll(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g))
    if (!out.includes(m[1] as string)) out.push(m[1] as string)
  return out
}

/** SHA-256 hex of a secret. */
function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex')
}

function replyFromRow(r: Selectable<CaseRepliesTable>): CaseReply {
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    clientKey: r.client_key,
    templateId: r.template_id === null ? null : String(r.template_id),
    target: JSON.parse(r.target) as ReplyTarget,
    text: r.text,
    status: r.status as CaseReplyStatus,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    rejectReason: r.reject_reason,
    outboxId: r.outbox_id === null ? null : String(r.outbox_id),
  }
}

/** The Respond settings repository. */
export class RespondSettingsRepository implements RespondSettingsStore {
  private key: Promise<Buffer> | undefined

  /**
   * `secretKey` seals reply-account credentials (default: `CIVICPULSE_SECRET_KEY`, else a random
   * key kept in this database's `meta` table).
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly secretKey: string | undefined = process.env['CIVICPULSE_SECRET_KEY'] ||
      undefined,
  ) {}

  /** The credentials key (made once per database when no secret is configured). */
  private credentialsKey(): Promise<Buffer> {
    this.key ??= (async () => {
      if (this.secretKey) return credentialKey(this.secretKey)
      await this.db
        .insertInto('meta')
        .values({ key: 'credentials_key', value: randomBytes(32).toString('hex') })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute()
      const row = await this.db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', 'credentials_key')
        .executeTakeFirstOrThrow()
      return credentialKey(row.value)
    })()
    return this.key
  }

  /** Seals reply-account credentials stored in clear (rows from before encryption); returns how many. */
  async sealStoredCredentials(): Promise<number> {
    const rows = await this.db
      .selectFrom('reply_accounts')
      .select(['platform', 'account', 'credentials'])
      .execute()
    let n = 0
    for (const r of rows) {
      if (isSealed(r.credentials)) continue
      const sealed = sealCredentials(
        await this.credentialsKey(),
        `${r.platform}:${r.account}`,
        JSON.parse(r.credentials) as Record<string, string>,
      )
      const u = await this.db
        .updateTable('reply_accounts')
        .set({ credentials: sealed })
        .where('platform', '=', r.platform)
        .where('account', '=', r.account)
        .where('credentials', '=', r.credentials)
        .executeTakeFirst()
      n += Number(u.numUpdatedRows)
    }
    return n
  }

  // --- templates ---

  async listTemplates(): Promise<ReplyTemplate[]> {
    const rows = await this.db.selectFrom('reply_templates').selectAll().orderBy('name').execute()
    return rows.map((r) => ({
      id: String(r.id),
      name: r.name,
      body: r.body,
      placeholders: templatePlaceholders(r.body),
    }))
  }

  async getTemplate(id: string): Promise<ReplyTemplate | undefined> {
    return (await this.listTemplates()).find((t) => t.id === id)
  }

  /** Adds a template; when one has the name, replaces its body (returns it either way). */
  async saveTemplate(
    t: { name: string; body: string; by: string },
    now: number,
  ): Promise<ReplyTemplate> {
    await this.db
      .insertInto('reply_templates')
      .values({ name: t.name, body: t.body, created_by: t.by, created_at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ body: t.body }))
      .execute()
    return (await this.listTemplates()).find((x) => x.name === t.name) as ReplyTemplate
  }

  /** Adds the templates missing by name (seeding); existing ones are left as they are. */
  async ensureTemplates(ts: readonly { name: string; body: string }[], now: number): Promise<void> {
    for (const t of ts)
      await this.db
        .insertInto('reply_templates')
        .values({ name: t.name, body: t.body, created_by: 'system', created_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute()
  }

  // --- replies before the outbox ---

  /** Records a reply; a second call with the same case and client key returns the first (`created: false`). */
  async addReply(
    r: {
      caseId: string
      clientKey: string
      templateId: string | null
      target: ReplyTarget
      text: string
      status: CaseReplyStatus
      createdBy: string
    },
    now: number,
  ): Promise<{ reply: CaseReply; created: boolean }> {
    const ins = await this.db
      .insertInto('case_replies')
      .values({
        case_id: Number(r.caseId),
        client_key: r.clientKey,
        template_id: r.templateId === null ? null : Number(r.templateId),
        platform: r.target.platform,
        target: JSON.stringify(r.target),
        text: r.text,
        status: r.status,
        created_by: r.createdBy,
        created_at: now,
        decided_by: null,
        decided_at: null,
        reject_reason: null,
        outbox_id: null,
      })
      .onConflict((oc) => oc.columns(['case_id', 'client_key']).doNothing())
      .executeTakeFirst()
    const row = await this.db
      .selectFrom('case_replies')
      .selectAll()
      .where('case_id', '=', Number(r.caseId))
      .where('client_key', '=', r.clientKey)
      .executeTakeFirstOrThrow()
    return { reply: replyFromRow(row), created: Number(ins.numInsertedOrUpdatedRows ?? 0) === 1 }
  }

  async getReply(id: string): Promise<CaseReply | undefined> {
    const n = Number(id)
    if (!Number.isInteger(n)) return undefined
    const row = await this.db
      .selectFrom('case_replies')
      .selectAll()
      .where('id', '=', n)
      .executeTakeFirst()
    return row ? replyFromRow(row) : undefined
  }

  async repliesOf(caseId: string): Promise<CaseReply[]> {
    const rows = await this.db
      .selectFrom('case_replies')
      .selectAll()
      .where('case_id', '=', Number(caseId))
      .orderBy('id')
      .execute()
    return rows.map(replyFromRow)
  }

  /**
   * Moves a reply from `from` to its next status (approval, rejection, queueing) if it is still
   * in `from`; false when someone else decided first.
   */
  async decideReply(
    id: string,
    from: CaseReplyStatus,
    to: CaseReplyStatus,
    d: { by?: string; reason?: string; outboxId?: string },
    now: number,
  ): Promise<boolean> {
    const res = await this.db
      .updateTable('case_replies')
      .set({
        status: to,
        ...(d.by !== undefined ? { decided_by: d.by, decided_at: now } : {}),
        ...(d.reason !== undefined ? { reject_reason: d.reason } : {}),
        ...(d.outboxId !== undefined ? { outbox_id: Number(d.outboxId) } : {}),
      })
      .where('id', '=', Number(id))
      .where('status', '=', from)
      .executeTakeFirst()
    return Number(res.numUpdatedRows) === 1
  }

  // --- teams ---

  async teamSettings(): Promise<TeamSettings[]> {
    const rows = await this.db.selectFrom('team_settings').selectAll().orderBy('team').execute()
    return rows.map((r) => ({
      team: r.team,
      approvalRequired: r.approval_required === 1,
      slaPolicy: r.sla_policy,
    }))
  }

  async teamSetting(team: string): Promise<TeamSettings | undefined> {
    return (await this.teamSettings()).find((t) => t.team === team)
  }

  /** Sets a team's settings (replacing them). */
  async setTeam(s: TeamSettings, now: number): Promise<void> {
    const v = {
      approval_required: s.approvalRequired ? 1 : 0,
      sla_policy: s.slaPolicy,
      updated_at: now,
    }
    await this.db
      .insertInto('team_settings')
      .values({ team: s.team, ...v })
      .onConflict((oc) => oc.column('team').doUpdateSet(v))
      .execute()
  }

  /** Adds settings for teams that have none (seeding from the configuration). */
  async ensureTeams(ts: readonly TeamSettings[], now: number): Promise<void> {
    for (const s of ts)
      await this.db
        .insertInto('team_settings')
        .values({
          team: s.team,
          approval_required: s.approvalRequired ? 1 : 0,
          sla_policy: s.slaPolicy,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('team').doNothing())
        .execute()
  }

  /** Puts a user in a team (or takes them out with `null`). */
  async setUserTeam(userId: number, team: string | null): Promise<void> {
    if (team === null) {
      await this.db.deleteFrom('user_teams').where('user_id', '=', userId).execute()
      return
    }
    await this.db
      .insertInto('user_teams')
      .values({ user_id: userId, team })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ team }))
      .execute()
  }

  async userTeam(userId: number): Promise<string | null> {
    const r = await this.db
      .selectFrom('user_teams')
      .select('team')
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return r?.team ?? null
  }

  /** Members per team (enabled users only). */
  async members(): Promise<{ team: string; email: string; name: string }[]> {
    return this.db
      .selectFrom('user_teams')
      .innerJoin('users', 'users.id', 'user_teams.user_id')
      .select(['user_teams.team as team', 'users.email as email', 'users.name as name'])
      .where('users.disabled', '=', 0)
      .orderBy('users.name')
      .execute()
  }

  // --- Open311 keys ---

  /** Issues a key to an integration; returns the key (shown once; only its hash is kept). */
  async issueOpen311Key(name: string, now: number): Promise<{ id: number; key: string }> {
    const key = 'o311_' + randomBytes(24).toString('base64url')
    const r = await this.db
      .insertInto('open311_keys')
      .values({
        name,
        key_hash: sha256(key),
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: r.id, key }
  }

  /** The key's id when it is valid (and records its use); undefined otherwise. */
  async checkOpen311Key(key: string, now: number): Promise<number | undefined> {
    if (!key) return undefined
    const r = await this.db
      .selectFrom('open311_keys')
      .select('id')
      .where('key_hash', '=', sha256(key))
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (!r) return undefined
    await this.db
      .updateTable('open311_keys')
      .set({ last_used_at: now })
      .where('id', '=', r.id)
      .execute()
    return r.id
  }

  async listOpen311Keys(): Promise<Open311KeyInfo[]> {
    const rows = await this.db.selectFrom('open311_keys').selectAll().orderBy('id').execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: Number(r.created_at),
      lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
      revoked: r.revoked_at !== null,
    }))
  }

  async revokeOpen311Key(id: number, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('open311_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  // --- reply accounts ---

  /** Adds or replaces a reply account. */
  async saveReplyAccount(
    a: {
      platform: ReplyPlatform
      account: string
      baseUrl: string | null
      credentials: Record<string, string>
      enabled?: boolean
    },
    now: number,
  ): Promise<void> {
    const v = {
      base_url: a.baseUrl,
      credentials: sealCredentials(
        await this.credentialsKey(),
        `${a.platform}:${a.account}`,
        a.credentials,
      ),
      enabled: a.enabled === false ? 0 : 1,
      updated_at: now,
    }
    await this.db
      .insertInto('reply_accounts')
      .values({ platform: a.platform, account: a.account, ...v })
      .onConflict((oc) => oc.columns(['platform', 'account']).doUpdateSet(v))
      .execute()
  }

  /** Reply accounts with their credentials — for building senders, never for a response. */
  async replyAccountsWithCredentials(): Promise<ReplyAccount[]> {
    const rows = await this.db
      .selectFrom('reply_accounts')
      .selectAll()
      .orderBy('platform')
      .orderBy('account')
      .execute()
    const key = rows.length ? await this.credentialsKey() : undefined
    return rows.map((r) => {
      let credentials: Record<string, string>
      try {
        credentials = openCredentials(key as Buffer, `${r.platform}:${r.account}`, r.credentials)
      } catch {
        // Sealed under another key: listed with no fields set, so an admin enters them again.
        credentials = {}
      }
      return {
        platform: r.platform as ReplyPlatform,
        account: r.account,
        baseUrl: r.base_url,
        enabled: r.enabled === 1,
        credentialFields: Object.keys(credentials).sort(),
        credentials,
      }
    })
  }

  /** Reply accounts without credentials (safe to show). */
  async listReplyAccounts(): Promise<ReplyAccountInfo[]> {
    return (await this.replyAccountsWithCredentials()).map(
      ({ platform, account, baseUrl, enabled, credentialFields }) => ({
        platform,
        account,
        baseUrl,
        enabled,
        credentialFields,
      }),
    )
  }

  /** A version stamp of the reply accounts (senders are rebuilt when it changes). */
  async replyAccountsStamp(): Promise<string> {
    const r = await this.db
      .selectFrom('reply_accounts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('m')])
      .executeTakeFirst()
    return `${Number(r?.n ?? 0)}:${Number(r?.m ?? 0)}`
  }

  // --- SLA breaches ---

  /** Whether a breach of this case and clock was already announced. */
  async hasBreach(caseId: string, clock: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('case_sla_breaches')
      .select('case_id')
      .where('case_id', '=', Number(caseId))
      .where('clock', '=', clock)
      .executeTakeFirst()
    return r !== undefined
  }

  /** Records a breach; true only the first time for this case and clock. */
  async recordBreach(caseId: string, clock: string, now: number): Promise<boolean> {
    const r = await this.db
      .insertInto('case_sla_breaches')
      .values({ case_id: Number(caseId), clock, at: now })
      .onConflict((oc) => oc.columns(['case_id', 'clock']).doNothing())
      .executeTakeFirst()
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1
  }
}
