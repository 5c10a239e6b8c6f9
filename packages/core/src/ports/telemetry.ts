/**
 * Standard telemetry events emitted by the stage runner (never by hand inside a stage), so every
 * stage reports the same things: what it received, sent, dropped (with a reason and whether on
 * purpose), errors, retries and checkpoints.
 */
export type TelemetryEvent =
  | { type: 'received'; stage: string; count: number }
  | { type: 'sent'; stage: string; count: number }
  | { type: 'dropped'; stage: string; count: number; reason: string; intentional: boolean }
  | { type: 'error'; stage: string; errorType: string; message: string }
  | { type: 'retried'; stage: string; attempt: number }
  | { type: 'checkpointed'; stage: string; source: string; cursor: string }

export type Telemetry = (e: TelemetryEvent) => void

/** A telemetry sink that ignores everything. */
export const noTelemetry: Telemetry = () => {}
