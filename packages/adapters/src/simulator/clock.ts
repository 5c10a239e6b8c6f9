/**
 * The simulation clock: releases generated batches in step with a wall clock. `max` releases
 * everything at once (benchmarks, evaluation); a number N runs N simulated seconds per wall second
 * (1 = real time, 1440 = a simulated day per minute). Events before `liveFromMs` (the scenario's
 * backfill) are released at once, so a demo starts with history.
 */
import { AppError } from '@civicpulse/core'
import type { SimBatch } from './types.js'

/** Pacing options. */
export interface PaceOptions {
  speed: number | 'max'
  /** Simulated instant from which pacing starts (earlier events are released at once). */
  liveFromMs: number
  /** Wall clock (ms); injectable for tests. */
  now?: () => number
  /** Sleeps for `ms`; injectable for tests. */
  sleep?: (ms: number) => Promise<void>
  /** Stops early when aborted. */
  signal?: AbortSignal
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Parses `--speed`: `max` or a positive number of simulated seconds per wall second. */
export function parseSpeed(
  v: string | number | undefined,
  fallback: number | 'max',
): number | 'max' {
  if (v === undefined) return fallback
  if (v === 'max') return 'max'
  const n = Number(v)
  if (!Number.isFinite(n) || n <= 0)
    throw new AppError(
      'USAGE_INVALID',
      `Invalid speed "${String(v)}": use a positive number or "max".`,
    )
  return n
}

/**
 * Yields batches (or parts of batches) when their simulated time is due. Within a batch, events
 * are released in slices of at most ~100 ms of wall time, so real-time runs trickle naturally.
 */
export async function* paced(
  batches: Iterable<SimBatch>,
  o: PaceOptions,
): AsyncGenerator<SimBatch> {
  const now = o.now ?? Date.now
  const sleep = o.sleep ?? defaultSleep
  if (o.speed === 'max') {
    for (const b of batches) {
      if (o.signal?.aborted) return
      yield b
    }
    return
  }
  const speed = o.speed
  let wall0: number | undefined
  const due = (simMs: number): number => (wall0 as number) + (simMs - o.liveFromMs) / speed
  for (const b of batches) {
    if (o.signal?.aborted) return
    if (b.to <= o.liveFromMs) {
      yield b
      continue
    }
    wall0 ??= now()
    let i = 0
    while (i < b.events.length) {
      const first = Date.parse((b.events[i] as SimBatch['events'][number]).at)
      const wait = due(first) - now()
      if (wait > 5) await sleep(wait)
      if (o.signal?.aborted) return
      const horizon = now() + 100
      let j = i
      while (
        j < b.events.length &&
        due(Date.parse((b.events[j] as SimBatch['events'][number]).at)) <= horizon
      )
        j++
      if (j === i) j = i + 1
      yield { from: b.from, to: b.to, events: b.events.slice(i, j) }
      i = j
    }
    // Keep time flowing through quiet minutes.
    const wait = due(b.to) - now()
    if (wait > 5 && b.events.length === 0) await sleep(wait)
  }
}
