/**
 * The in-process Bus for embedded mode. `publish` hands the batch to every subscribed group and
 * resolves once all of them acknowledged it (their handlers resolved), which gives natural
 * backpressure. A failing handler is retried with capped exponential backoff; after the last
 * attempt the error reaches the publisher, which decides (the ingest stage stops the run with a
 * clear message rather than acknowledge input that was not stored).
 */
import type { Bus, BusHandler, BusMessage, Subscription, Telemetry } from '@civicpulse/core'
import { noTelemetry } from '@civicpulse/core'

export interface MemoryBusOptions {
  /** Attempts per delivery before the error is returned to the publisher. Default 3. */
  maxAttempts?: number
  /** Base backoff in ms (doubles each attempt, capped at 2 s). Default 50. */
  backoffMs?: number
  telemetry?: Telemetry
  sleep?: (ms: number) => Promise<void>
}

export class MemoryBus implements Bus {
  private readonly topics = new Map<string, Map<string, BusHandler<unknown>>>()
  private closed = false

  constructor(private readonly opts: MemoryBusOptions = {}) {}

  async publish<T>(topic: string, messages: BusMessage<T>[]): Promise<void> {
    if (this.closed) throw new Error('The bus is closed.')
    const groups = this.topics.get(topic)
    if (!groups || messages.length === 0) return
    for (const [group, handler] of groups)
      await this.deliver(topic, group, handler as BusHandler<T>, messages)
  }

  private async deliver<T>(
    topic: string,
    group: string,
    handler: BusHandler<T>,
    messages: BusMessage<T>[],
  ): Promise<void> {
    const max = this.opts.maxAttempts ?? 3
    const telemetry = this.opts.telemetry ?? noTelemetry
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(messages)
        return
      } catch (e: unknown) {
        telemetry({
          type: 'error',
          stage: `${topic}/${group}`,
          errorType: (e as Error).name ?? 'Error',
          message: (e as Error).message,
        })
        if (attempt >= max) throw e
        telemetry({ type: 'retried', stage: `${topic}/${group}`, attempt })
        await sleep(Math.min(2000, (this.opts.backoffMs ?? 50) * 2 ** (attempt - 1)))
      }
    }
  }

  subscribe<T>(topic: string, group: string, handler: BusHandler<T>): Subscription {
    let groups = this.topics.get(topic)
    if (!groups) this.topics.set(topic, (groups = new Map()))
    if (groups.has(group))
      throw new Error(`Consumer group ${group} is already subscribed to ${topic}.`)
    groups.set(group, handler as BusHandler<unknown>)
    return {
      close: () => {
        groups.delete(group)
        return Promise.resolve()
      },
    }
  }

  close(): Promise<void> {
    this.closed = true
    this.topics.clear()
    return Promise.resolve()
  }
}
