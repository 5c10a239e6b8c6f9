/**
 * Model versions in the database: every saved snapshot is kept; exactly one (or none: the shipped
 * files) is active, and rolling back is activating an older one.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

export interface ModelVersionInfo {
  id: number
  version: string
  createdAt: string
  corrections: number
  active: boolean
}

export class ModelVersionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Saves a new version and makes it the active one. */
  async saveVersion(v: {
    version: string
    createdAt: number
    corrections: number
    snapshot: Uint8Array
  }): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('model_versions').set({ active: 0 }).where('active', '=', 1).execute()
      await tx
        .insertInto('model_versions')
        .values({
          version: v.version,
          created_at: v.createdAt,
          corrections: v.corrections,
          snapshot: v.snapshot,
          active: 1,
        })
        .execute()
    })
  }

  async list(): Promise<ModelVersionInfo[]> {
    const rows = await this.db
      .selectFrom('model_versions')
      .select(['id', 'version', 'created_at', 'corrections', 'active'])
      .orderBy('id', 'desc')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      corrections: r.corrections,
      active: r.active === 1,
    }))
  }

  /** The snapshot the labeller should load, if any version is active. */
  async active(): Promise<{ version: string; snapshot: Uint8Array } | undefined> {
    const r = await this.db
      .selectFrom('model_versions')
      .select(['version', 'snapshot'])
      .where('active', '=', 1)
      .orderBy('id', 'desc')
      .executeTakeFirst()
    return r ? { version: r.version, snapshot: new Uint8Array(r.snapshot) } : undefined
  }

  /** Makes version `id` active (0 = back to the shipped model files). Returns false when there is no such version. */
  async activate(id: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      if (id !== 0) {
        const exists = await tx
          .selectFrom('model_versions')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst()
        if (!exists) return false
      }
      await tx.updateTable('model_versions').set({ active: 0 }).where('active', '=', 1).execute()
      if (id !== 0)
        await tx.updateTable('model_versions').set({ active: 1 }).where('id', '=', id).execute()
      return true
    })
  }
}
