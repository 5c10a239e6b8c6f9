/**
 * The labeller port: the sieve as the pipeline sees it. Implemented by the adapters' models;
 * the engine never knows how labels are made.
 */
import type { LabelInput, Labels } from '../labels/labels.js'

export interface PostLabeller {
  /** Labels a batch of posts (same order). Must not throw for any text. */
  labelBatch(inputs: LabelInput[]): Labels[]
  /** The model version, stored with each post's labels. */
  readonly version: string
}

/** A correctable task: which label a person corrected. */
export type CorrectionTask = 'relevant' | 'intent' | 'service' | 'sentiment' | 'spam' | 'abuse'

/** A labeller that learns from people's corrections and can snapshot what it learnt. */
export interface LearningLabeller extends PostLabeller {
  learn(c: { input: { id: string; text: string }; task: CorrectionTask; label: string }): void
  /** The updated models, restorable by the adapter that made them. */
  snapshot(): Uint8Array
}
