/**
 * Which posts are evidence of a failure for the detect stage's service series: relevant (at least
 * the sieve's threshold), not spam, a complaint, question or information, with a service, counted
 * in the service group with the most probability among the sieve's top services and in the ward
 * the post names; reposts and near-duplicates (SimHash) are evidence but not counted.
 */
import {
  ANY_AREA,
  SPAM_THRESHOLD,
  type EvidencePost,
  type NearDuplicateIndex,
  type StoredPost,
} from '@civicpulse/core'

/** Intents that report or ask about a failure (praise and suggestions do not). */
export const FAILURE_INTENTS = new Set(['complaint', 'question', 'information', 'other'])

/** The default group of a service code: its first level (`drainage.flooding` → `drainage`). */
export function serviceGroup(code: string): string {
  const i = code.indexOf('.')
  return i < 0 ? code : code.slice(0, i)
}

/** One post classified as evidence. */
export interface Evidence {
  group: string
  ward: string | null
  post: EvidencePost
  duplicate: boolean
  serviceP: number
}

/** How posts are classified. */
export interface EvidenceOptions {
  /** Lowest relevance probability for a post to count. */
  relevantMin: number
  /** The group of a service code. */
  groupOf: (code: string) => string
  /** The near-duplicate index of counted posts (a post is added to it). */
  dups: NearDuplicateIndex
}

/** Evidence of a failure, or undefined: relevant, not spam, a complaint/question/information, with a service. */
export function classifyPost(
  p: StoredPost,
  id: string,
  time: number,
  o: EvidenceOptions,
): Evidence | undefined {
  const l = p.labels
  if (!l || l.spam.p >= SPAM_THRESHOLD || l.relevant.p < o.relevantMin) return undefined
  if (!FAILURE_INTENTS.has(l.intent.label) || !l.service.code) return undefined
  // The group with the most probability among the top services (a vote over the sieve's top-3),
  // so a post torn between `waste.refuse` and `waste.bins` still counts firmly for waste.
  const mass = new Map<string, number>()
  for (const s of l.service.top.length
    ? l.service.top
    : [{ code: l.service.code, p: l.service.p }]) {
    const g = o.groupOf(s.code)
    mass.set(g, (mass.get(g) ?? 0) + s.p)
  }
  let group = o.groupOf(l.service.code)
  let best = mass.get(group) ?? 0
  for (const [g, m] of mass) {
    if (m > best) {
      group = g
      best = m
    }
  }
  const ward = l.places.find((x) => x.wardCode)?.wardCode ?? null
  let duplicateOf: string | null = p.repostOfId ? `repost:${p.repostOfId}` : null
  if (!duplicateOf) {
    const v = o.dups.add(id, p.displayText, time)
    if (v.duplicate) duplicateOf = v.canonicalId
  }
  return {
    group,
    ward,
    duplicate: duplicateOf !== null,
    serviceP: Math.max(0.05, best),
    post: { id, text: p.displayText, time, area: ward ?? ANY_AREA, duplicateOf },
  }
}
