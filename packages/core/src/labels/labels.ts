/**
 * Labels: what the sieve says of a post, each with a calibrated probability a person can see and
 * correct. The shape is the `civicpulse label` NDJSON contract (issue 3), stored per post.
 */
import { z } from 'zod'

export const INTENTS = [
  'complaint',
  'question',
  'suggestion',
  'praise',
  'information',
  'other',
] as const
export const IntentSchema = z.enum(INTENTS)
export type Intent = z.infer<typeof IntentSchema>

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const
export type SentimentLabel = (typeof SENTIMENTS)[number]

export const URGENCY_FLAGS = ['risk_to_life', 'safety', 'vulnerable_person', 'outage'] as const
export type UrgencyFlag = (typeof URGENCY_FLAGS)[number]

export const PlaceSchema = z.object({
  kind: z.enum(['ward', 'street', 'locality', 'point']),
  name: z.string(),
  wardCode: z.string().optional(),
  wardName: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  /** How the place was found: geotag point-in-polygon, or a name matched in the text. */
  via: z.enum(['geotag', 'text']),
  p: z.number().min(0).max(1),
})
export type Place = z.infer<typeof PlaceSchema>

export const LabelsSchema = z.object({
  id: z.string(),
  relevant: z.object({ p: z.number() }),
  intent: z.object({ label: IntentSchema, p: z.number() }),
  service: z.object({
    code: z.string(),
    name: z.string(),
    shefB: z.string().optional(),
    shefC: z.string().optional(),
    p: z.number(),
    top: z.array(z.object({ code: z.string(), name: z.string(), p: z.number() })),
  }),
  sentiment: z.object({ label: z.enum(SENTIMENTS), score: z.number().min(-1).max(1) }),
  urgency: z.object({ score: z.number().min(0).max(1), flags: z.array(z.enum(URGENCY_FLAGS)) }),
  language: z.object({ code: z.string(), p: z.number() }),
  places: z.array(PlaceSchema),
  spam: z.object({ p: z.number() }),
  abuse: z.object({ p: z.number() }),
  /** Which model version produced these labels. */
  model: z.string().optional(),
})
export type Labels = z.infer<typeof LabelsSchema>

/** What the labeller needs of a post. */
export interface LabelInput {
  id: string
  text: string
  lang?: string | undefined
  lat?: number | undefined
  lon?: number | undefined
  createdAt?: string | undefined
}
