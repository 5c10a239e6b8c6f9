/**
 * Runs a simulated scenario through the real pipeline (decode → sanitise → label → store →
 * detect), as fast as possible or paced by a clock. Shared by `demo` and `eval-scenario`.
 */
import { MemoryBus, runIngest, type IngestSummary } from '@civicpulse/engine'
import { decodeStream } from '@civicpulse/adapters'
import {
  loadScenario,
  simulate,
  type Scenario,
  type SimBatch,
  type SimTruth,
} from '@civicpulse/adapters'
import type { Pipeline } from './compose.js'

const enc = new TextEncoder()

export interface RunScenarioOptions {
  pipeline: Pipeline
  scenario: Scenario
  seed?: number | undefined
  start?: string | undefined
  duration?: string | undefined
  /** Called with each simulated batch before it is ingested (truth collection, pacing). */
  onBatch?: (b: SimBatch) => void | Promise<void>
  /** Sets the pipeline's notion of "now" (the simulated receive time). */
  setNow?: (ms: number) => void
  source?: string
  /** Commit after every simulated minute (live demo) instead of in large batches. */
  live?: boolean
}

/**
 * The scenario without its planted failures and conversations, over the `lengthMs` before
 * `beforeMs`: background history, so the detector has baselines when the scenario starts.
 */
export function backgroundOf(sc: Scenario, beforeMs: number, lengthMs: number): Scenario {
  return {
    ...sc,
    failures: [],
    campaigns: [],
    start: new Date(beforeMs - lengthMs).toISOString(),
    duration: `${Math.round(lengthMs / 60_000)}m`,
    backfill: 0,
  }
}

/** Streams the scenario into the pipeline; returns the ingest summary. */
export async function runScenario(o: RunScenarioOptions): Promise<IngestSummary> {
  let simNow = Date.parse(o.start ?? o.scenario.start)
  const lines = (async function* () {
    for (const b of simulate({
      scenario: o.scenario,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.start ? { start: o.start } : {}),
      ...(o.duration ? { duration: o.duration } : {}),
    })) {
      await o.onBatch?.(b)
      simNow = b.to
      o.setNow?.(simNow)
      if (b.events.length) yield enc.encode(b.events.map((e) => e.line).join('\n') + '\n')
    }
  })()
  const summary = await runIngest({
    items: decodeStream(lines, {
      format: 'auto',
      source: o.source ?? `simulator:${o.scenario.name}`,
    }),
    source: o.source ?? `simulator:${o.scenario.name}`,
    store: o.pipeline.store,
    bus: new MemoryBus(),
    clock: { now: () => simNow },
    authorKey: o.pipeline.authorKey,
    labeller: o.pipeline.labeller,
    afterStore: o.pipeline.afterStore,
    batchSize: 1000,
    flushEachInputBatch: o.live ?? false,
  })
  if (o.pipeline.detect) await o.pipeline.detect.tick(simNow)
  return summary
}

export { loadScenario, type SimTruth }
