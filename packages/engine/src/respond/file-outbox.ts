/**
 * A reply outbox kept in a JSON file, written atomically (temp file + rename) after every change.
 * It lets the crash test kill a real process mid-send and restart from what reached the disk; it is
 * not meant for production (use the SQL repository).
 */
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs'
import { MemoryReplyOutbox } from './memory-store.js'
import type { NewOutboxReply, OutboxReply, OutboxStatus, SentReply } from '@civicpulse/core'

/** The in-memory outbox, persisted to a file after each write. */
export class JsonFileReplyOutbox extends MemoryReplyOutbox {
  constructor(private readonly path: string) {
    super()
    if (existsSync(path)) {
      const rows = JSON.parse(readFileSync(path, 'utf8')) as OutboxReply[]
      for (const r of rows) this.items.set(r.id, r)
      this.seq = rows.reduce((m, r) => Math.max(m, Number(r.id)), 0)
    }
  }

  private save(): void {
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, JSON.stringify([...this.items.values()]))
    renameSync(tmp, this.path)
  }

  override async enqueue(r: NewOutboxReply, now: number) {
    const res = await super.enqueue(r, now)
    if (res.created) this.save()
    return res
  }

  override async claim(id: string, seen: { status: OutboxStatus; attempts: number }, now: number) {
    const ok = await super.claim(id, seen, now)
    if (ok) this.save()
    return ok
  }

  override async markSent(id: string, remote: SentReply, now: number) {
    await super.markSent(id, remote, now)
    this.save()
  }

  override async markRetry(id: string, error: string, nextAttemptAt: number, now: number) {
    await super.markRetry(id, error, nextAttemptAt, now)
    this.save()
  }

  override async markFailed(
    id: string,
    status: 'failed' | 'uncertain',
    error: string,
    now: number,
  ) {
    await super.markFailed(id, status, error, now)
    this.save()
  }
}
