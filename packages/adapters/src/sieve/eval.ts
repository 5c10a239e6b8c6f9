/**
 * Evaluation of the labeller on labelled NDJSON rows (`{"text","label"}`): macro-F1, accuracy, per-class
 * precision/recall and the confusion matrix, for `civicpulse eval`. Accepted label names per task:
 * - relevance: relevant | not-relevant (also related/not_related, true/false, 1/0, yes/no)
 * - intent: complaint | question | suggestion | praise | information | other
 * - service: taxonomy service codes
 * - sentiment: negative | neutral | positive
 * - language: language codes as lid.176 gives them (en, fr, de, …)
 * - abuse: abusive | ok (also offensive/hate/not-offensive/not-hate, true/false, 1/0)
 */
import type { Labels } from '@civicpulse/core'
import type { Labeller } from './labeller.js'
import { emptyConfusion, scoresFrom, type Scores } from './linear/index.js'

/** Tasks `civicpulse eval` knows. */
export const EVAL_TASKS = [
  'relevance',
  'intent',
  'service',
  'sentiment',
  'language',
  'abuse',
] as const
/** One of `EVAL_TASKS`. */
export type EvalTask = (typeof EVAL_TASKS)[number]

/** A labelled row to evaluate on. */
export interface EvalRow {
  text: string
  label: string | number | boolean
  id?: string
  lat?: number
  lon?: number
}

const YES = /^(?:1|true|yes|relevant|related|abusive|abuse|offensive|hate|spam)$/i

/** Maps a data label to the task's canonical label (throws on an unknown one where the set is closed). */
export function canonicalLabel(task: EvalTask, raw: string | number | boolean): string {
  const s = String(raw).trim()
  switch (task) {
    case 'relevance':
      return YES.test(s) ? 'relevant' : 'not-relevant'
    case 'abuse':
      return YES.test(s) ? 'abusive' : 'ok'
    case 'sentiment':
    case 'intent':
    case 'service':
    case 'language':
      return s.toLowerCase() === s || task === 'service' ? s : s.toLowerCase()
  }
}

/** The label the labeller gives for a task. */
export function predictedLabel(task: EvalTask, l: Labels): string {
  switch (task) {
    case 'relevance':
      return l.relevant.p >= 0.5 ? 'relevant' : 'not-relevant'
    case 'abuse':
      return l.abuse.p >= 0.5 ? 'abusive' : 'ok'
    case 'sentiment':
      return l.sentiment.label
    case 'intent':
      return l.intent.label
    case 'service':
      return l.service.code
    case 'language':
      return l.language.code
  }
}

/** Labels every row and scores the task. */
export function evaluateLabeller(labeller: Labeller, task: EvalTask, rows: EvalRow[]): Scores {
  const truth: string[] = []
  const pred: string[] = []
  rows.forEach((r, i) => {
    const l = labeller.label({ id: r.id ?? String(i), text: r.text, lat: r.lat, lon: r.lon })
    truth.push(canonicalLabel(task, r.label))
    pred.push(predictedLabel(task, l))
  })
  const fixed: Partial<Record<EvalTask, string[]>> = {
    relevance: ['not-relevant', 'relevant'],
    abuse: ['ok', 'abusive'],
    sentiment: ['negative', 'neutral', 'positive'],
    intent: ['complaint', 'question', 'suggestion', 'praise', 'information', 'other'],
  }
  const labels = fixed[task] ? [...(fixed[task] as string[])] : [...new Set(truth)].sort()
  for (const p of [...truth, ...pred]) if (!labels.includes(p)) labels.push(p)
  const conf = emptyConfusion(labels.length)
  for (let i = 0; i < truth.length; i++)
    conf[labels.indexOf(truth[i] as string)]![labels.indexOf(pred[i] as string)]! += 1
  return scoresFrom(conf, labels)
}
