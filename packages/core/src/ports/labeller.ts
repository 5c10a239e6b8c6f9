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
