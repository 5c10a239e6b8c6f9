/**
 * Automatic opening of cases by routing rules marked `open: auto`: which labelled posts such a rule
 * picks (a rule's `minRelevance` when it sets one; otherwise safety flags on any post that is not
 * spam, other rules on relevant posts), and the facts the case opens with. Pure.
 */
import type { Intent, Labels, UrgencyFlag } from '../labels/labels.js'
import { ruleMatches, type RoutingRule } from './routing.js'

/** A routing rule as configured for Respond (opening mode and optional relevance floor). */
export type AutoOpenRule = RoutingRule & { open?: 'auto' | 'manual'; minRelevance?: number }

/** The facts a case opens with from one post. */
export interface PostCaseFacts {
  title: string
  serviceCode: string | null
  area: string | null
  intent: Intent | null
  urgency: number | null
  flags: UrgencyFlag[]
}

/** A case title from a post's text: one line, at most 90 characters, `Post <id>` when empty. */
export function postCaseTitle(text: string, id: number | string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length > 90 ? t.slice(0, 89).trimEnd() + '…' : t || `Post ${id}`
}

/** The facts to open a case with when an `open: auto` rule picks this post; null otherwise. */
export function autoOpenFacts(
  rules: readonly AutoOpenRule[],
  post: { id: number; text?: string | undefined; labels?: Labels | undefined },
): PostCaseFacts | null {
  const l = post.labels
  if (!l || l.spam.p >= 0.5) return null
  const relevant = l.relevant.p >= 0.5
  const input = {
    serviceCode: relevant ? l.service.code : null,
    area: l.places.find((x) => x.wardCode)?.wardCode ?? null,
    intent: relevant ? l.intent.label : null,
    urgency: l.urgency.score,
    flags: l.urgency.flags,
  }
  const hit = rules.some(
    (r) =>
      r.open === 'auto' &&
      (r.minRelevance !== undefined
        ? l.relevant.p >= r.minRelevance
        : relevant || (r.when.flags?.length ?? 0) > 0) &&
      ruleMatches(r, input),
  )
  if (!hit) return null
  return { title: postCaseTitle(post.text ?? '', post.id), ...input, flags: [...input.flags] }
}
