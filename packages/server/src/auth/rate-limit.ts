/**
 * Login throttling: failed sign-ins are counted per client address and per e-mail in a sliding
 * window; past the limit the login route answers 429 until the window passes.
 */

/** A fixed-window failure counter keyed by string. */
export class FailureLimiter {
  private readonly hits = new Map<string, number[]>()
  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again (0 when it may now). */
  retryAfter(key: string): number {
    const list = this.prune(key)
    if (list.length < this.max) return 0
    return Math.max(0, (list[0] ?? 0) + this.windowMs - this.now())
  }

  /** Records one failure for `key`. */
  fail(key: string): void {
    const list = this.prune(key)
    list.push(this.now())
    this.hits.set(key, list)
    if (this.hits.size > 50_000) this.hits.delete(this.hits.keys().next().value as string)
  }

  /** Forgets `key` (after a successful sign-in). */
  reset(key: string): void {
    this.hits.delete(key)
  }

  private prune(key: string): number[] {
    const t = this.now() - this.windowMs
    const list = (this.hits.get(key) ?? []).filter((x) => x > t)
    if (list.length) this.hits.set(key, list)
    else this.hits.delete(key)
    return list
  }
}
