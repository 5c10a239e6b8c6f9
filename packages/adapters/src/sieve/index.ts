/**
 * The sieve: labels every post (relevance, intent, public service, sentiment, urgency, language, places, spam,
 * abuse) with calibrated probabilities, and learns from people's corrections. `loadLabeller()` is the entry
 * point; the linear toolkit, taxonomy, places and service classifier are exported for reuse.
 */
export { loadLabeller, DEFAULT_MODELS_DIR } from './labeller.js'
export type {
  Labeller,
  LabellerOptions,
  Correction,
  CorrectableTask,
  ServiceHead,
  PlaceHead,
} from './labeller.js'
export { postFeatures } from './features.js'
export { spamScore, urgencyOf, isQuestion, isSuggestion, isPraise } from './heads/rules.js'
export { cleanForLid } from './language/index.js'
export { evaluateLabeller, EVAL_TASKS, type EvalTask, type EvalRow } from './eval.js'
export { benchLabel, benchLabelDetailed, syntheticPosts, type BenchResult } from './bench.js'
