/**
 * The Clock port: the only way engine code learns the time, so tests and the simulator can run
 * on a fixed or accelerated clock.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
}

/** A clock that reads a fixed or manually advanced time (tests, replays). */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t
  }
  set(t: number): void {
    this.t = t
  }
  advance(ms: number): void {
    this.t += ms
  }
}
