/**
 * A small time-to-live cache with single flight: concurrent requests for the same key share one
 * computation. Aggregates are the same for every user, so the dashboard's charts, map and overview
 * are computed at most once per key per TTL however many people look.
 */
export class TtlCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>()

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    readonly maxEntries = 500,
  ) {}

  /** Returns the cached value for `key`, computing it (once) when missing or older than the TTL. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute()
    const t = this.now()
    const hit = this.entries.get(key)
    if (hit && t - hit.at < this.ttlMs) return hit.value as Promise<T>
    const value = compute()
    this.entries.delete(key)
    this.entries.set(key, { at: t, value })
    value.catch(() => this.entries.delete(key))
    if (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string)
    return value
  }

  /** Drops every entry (after a change people expect to see at once). */
  clear(): void {
    this.entries.clear()
  }
}
