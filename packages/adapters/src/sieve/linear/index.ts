/**
 * The sieve's linear toolkit: a fast featuriser and a calibrated softmax model, shared by every head.
 *
 * API (stable; the service classifier reuses it):
 * - `featurise(text, opts?, extras?) → Features` — hashed word unigrams + bigrams and character 2–5-grams (inside
 *   `<word>` boundaries), lower-cased, URLs → `httpurl`, @mentions → `@user`, emoji kept as tokens, repeated
 *   letters capped at 3. `Features.idx` holds full 32-bit hashes (each model masks them to its own 2^bits buckets),
 *   `Features.val` the values (word group and character group each L2-normalised), `Features.tokens` the tokens.
 *   Featurise ONCE per post and pass the same object to every head. `extras` adds named dense features
 *   (e.g. `{ afinn: 0.4 }`); a model trained with extras must be given the same extras.
 * - `LinearModel.train(labels, examples, { bits, epochs, lr, l2, seed, classWeights })` — seeded AdaGrad SGD with
 *   L2: the same data and options always give the same weights.
 * - `model.predict(features) → Float64Array` of calibrated probabilities in `model.labels` order;
 *   `model.top(features) → { label, p, index }`; `model.logits(features)` for raw scores.
 * - `model.fitTemperature(validation)` (temperature scaling, minimum NLL) then optionally
 *   `model.fitBias(validation, macroF1 | macroRecall | positiveF1)` (per-class prior shift) — both on a validation split.
 * - `model.learn(features, label, weight?)` — incremental update from one correction (SGD steps until the post
 *   gets ≥ 0.9 for that label); posts sharing its words/phrases move the same way.
 * - `model.serialise('int8' | 'float32') → Uint8Array` and `LinearModel.deserialise(bytes)` — "CPLM" magic,
 *   u32 header length, JSON header (labels, bits, temperature, biases, Int8 scales, meta), then the weights.
 * - `new FusedHeads([m1, m2, …])` — interleaves heads sharing `bits` into one Int8 table: `run(features)` once, then
 *   `predict(h, out)` per head; one memory fetch per feature for all heads.
 * - `scoresFrom(confusion, labels)` — accuracy, macro-F1/recall/precision, per-class figures.
 * - `nbScales(examples, K, bits)`, `scaleExamples`, `unscale` — naive-Bayes feature scaling for training, folded
 *   back into the weights afterwards (no run-time cost).
 */
export {
  featurise,
  normaliseText,
  tokenise,
  extraFeatureIndex,
  URL_TOKEN,
  MENTION_TOKEN,
} from './featurise.js'
export type { Features, FeaturiserOptions } from './featurise.js'
export { LinearModel, softmaxInPlace } from './model.js'
export { FusedHeads } from './fused.js'
export { nbScales, scaleExamples, unscale } from './nbscale.js'
export type { Example, TrainOptions, WeightFormat } from './model.js'
export { scoresFrom, emptyConfusion, macroF1, macroRecall, positiveF1 } from './metrics.js'
export type { Scores } from './metrics.js'
export { fnv1a, mix, mulberry32, shuffleInPlace } from './hash.js'
