/** The grammar of every simulated language, keyed by language code. */
import {
  EN_CHATTER,
  EN_COMMON,
  EN_FAILURES,
  EN_REPLIES,
  EN_SPAM,
  EN_SPAM_SLOTS,
} from './en-common.js'
import { EN_SERVICES } from './en-services.js'
import { ES } from './es.js'
import { FR } from './fr.js'
import { PL } from './pl.js'
import { PT } from './pt.js'
import { TR } from './tr.js'
import type { LanguageGrammar } from './types.js'

export type { Intent, LanguageGrammar, ServiceLexicon } from './types.js'
export { INTENTS } from './types.js'

/** The English grammar: the richest one and the fallback for services another language lacks. */
export const EN: LanguageGrammar = {
  code: 'en',
  common: { ...EN_COMMON, ...EN_SPAM_SLOTS },
  services: EN_SERVICES,
  failures: EN_FAILURES,
  chatter: EN_CHATTER,
  replies: EN_REPLIES,
  spam: EN_SPAM,
}

/** All languages the simulator writes in. */
export const GRAMMARS: Record<string, LanguageGrammar> = {
  en: EN,
  pl: PL,
  es: ES,
  pt: PT,
  tr: TR,
  fr: FR,
}

/** Slots used by spam in every language (numbers and links are not language-specific). */
export const SPAM_SLOTS = EN_SPAM_SLOTS
