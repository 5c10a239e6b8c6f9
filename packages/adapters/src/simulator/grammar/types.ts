/**
 * Shapes of the phrasing grammar: per language, shared slots, per-service lexicons (templates by
 * intent plus service slots), background chatter, replies and spam. All phrasings are written for
 * this project; none are taken from a data set.
 */

/** The intents a civic post is generated with (the sieve's intent labels, minus `other`). */
export const INTENTS = ['complaint', 'question', 'suggestion', 'praise', 'information'] as const
/** One of the intents. */
export type Intent = (typeof INTENTS)[number]

/** Templates for one public service (or one failure kind) in one language. */
export interface ServiceLexicon {
  /** Slot values private to this service (e.g. `bin`, `problem`). */
  slots?: Record<string, string[]>
  complaint: string[]
  question?: string[]
  suggestion?: string[]
  praise?: string[]
  information?: string[]
}

/** Everything needed to write posts in one language. */
export interface LanguageGrammar {
  /** BCP 47 primary subtag. */
  code: string
  /** Slots shared by every template of this language (openers, times, emoji…). */
  common: Record<string, string[]>
  /** Lexicons keyed by simulator service key (see `services.ts`). */
  services: Record<string, ServiceLexicon>
  /** Lexicons for planted failure kinds (water main burst, website outage…), keyed by kind. */
  failures?: Record<string, ServiceLexicon>
  /** Background chatter: templates with their slots. */
  chatter: { templates: string[]; slots: Record<string, string[]> }
  /** Replies: agreement with a civic post, small talk, and the council's own answers. */
  replies: { agree: string[]; chatter: string[]; council?: string[] }
  /** Spam and scams. */
  spam: string[]
}
