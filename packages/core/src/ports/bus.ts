/**
 * The Bus port: how pipeline stages hand batches to each other. Delivery is at least once: a
 * handler's returned promise is the acknowledgement; a message whose handler fails is redelivered
 * (or dead-lettered after the limit), so every consumer must be idempotent.
 */
export interface BusMessage<T> {
  /** A stable id for deduplication (e.g. the batch's input range). */
  id: string
  body: T
}

export type BusHandler<T> = (batch: BusMessage<T>[]) => Promise<void>

export interface Subscription {
  close(): Promise<void>
}

export interface Bus {
  /** Publishes and resolves once the message is durably accepted (memory: once handled). */
  publish<T>(topic: string, messages: BusMessage<T>[]): Promise<void>
  /** Subscribes a named durable consumer group to a topic. */
  subscribe<T>(topic: string, group: string, handler: BusHandler<T>): Subscription
  close(): Promise<void>
}
