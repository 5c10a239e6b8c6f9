/**
 * The one featurisation every sieve head reads: the linear featuriser plus lexicon extras. Training and the
 * labeller both call `postFeatures`, so a model always sees features built the same way.
 */
import { featurise, type Features } from './linear/index.js'
import { lexiconExtras } from './heads/lexicon.js'

/** Featurises a post's text for every head (hashed n-grams + AFINN/emoji lexicon extras). */
export function postFeatures(text: string): Features {
  return featurise(text, {}, lexiconExtras)
}

const REUSE = { reuse: true } as const

/** The same as `postFeatures` in an internal buffer overwritten by the next call (the labeller's hot path). */
export function postFeaturesTransient(text: string): Features {
  return featurise(text, REUSE, lexiconExtras)
}
