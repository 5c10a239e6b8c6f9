/**
 * A post as the store receives it: the validated post plus, once the sieve has run, its labels and
 * its near-duplicate fingerprint.
 */
import type { Labels } from '../labels/labels.js'
import type { Post } from './post.schema.js'

export interface StoredPost extends Post {
  labels?: Labels | undefined
  /** 64-bit SimHash as 16 hex digits. */
  simhash?: string | undefined
}

/** Probability above which a post counts as spam and is left out of counts and detection. */
export const SPAM_THRESHOLD = 0.5
/** Probability above which a post concerns a public service. */
export const RELEVANT_THRESHOLD = 0.5

/** The series dimensions of a labelled post ('' = none/unknown), or undefined when it is not counted (spam). */
export function seriesKeyOf(
  labels: Labels | undefined,
): { service: string; ward: string; intent: string; sentiment: string } | undefined {
  if (!labels) return { service: '', ward: '', intent: '', sentiment: '' }
  if (labels.spam.p >= SPAM_THRESHOLD) return undefined
  const relevant = labels.relevant.p >= RELEVANT_THRESHOLD
  const ward = labels.places.find((p) => p.wardCode)?.wardCode ?? ''
  return {
    service: relevant ? labels.service.code : '',
    ward,
    intent: relevant ? labels.intent.label : '',
    sentiment: labels.sentiment.label,
  }
}
