/**
 * Routing rules: service × area × intent × urgency → team and priority. Rules are tried in order;
 * the first rule that sets a field decides it, the taxonomy's team per service fills a missing team,
 * and urgent safety flags always raise the priority to `urgent`, jump the queue and ask to notify.
 */
import type { Intent, UrgencyFlag } from '../labels/labels.js'
import type { Priority } from './types.js'

/** Flags that make a case jump the queue whatever the rules say. */
export const SAFETY_FLAGS: readonly UrgencyFlag[] = ['risk_to_life', 'safety', 'vulnerable_person']

/** One routing rule; every condition given must hold (an empty `when` matches everything). */
export interface RoutingRule {
  id: string
  when: {
    /** Service codes; `waste.*` matches a whole group. */
    services?: string[]
    /** Area (ward) codes. */
    areas?: string[]
    intents?: Intent[]
    /** Urgency score at or above this (0–1). */
    minUrgency?: number
    /** Any of these flags. */
    flags?: UrgencyFlag[]
  }
  team?: string
  priority?: Priority
  /** Ask the engine to notify the team at once. */
  notify?: boolean
}

/** What routing looks at. */
export interface RoutingInput {
  serviceCode?: string | null | undefined
  area?: string | null | undefined
  intent?: Intent | null | undefined
  urgency?: number | null | undefined
  flags?: readonly UrgencyFlag[] | undefined
}

/** Defaults that rules fall back to. */
export interface RoutingDefaults {
  /** Team per service code (from the taxonomy's `team`). */
  serviceTeams: Readonly<Record<string, string>>
  /** Team when nothing else decides (e.g. Customer Services). */
  fallbackTeam: string | null
  defaultPriority: Priority
}

/** The routing decision, with the ids of the rules that took part. */
export interface RoutingDecision {
  team: string | null
  priority: Priority
  jump: boolean
  notify: boolean
  ruleIds: string[]
  /** Plain-English reason, kept in the audit trail. */
  reason: string
}

function serviceMatches(patterns: readonly string[], code: string | null | undefined): boolean {
  if (!code) return false
  return patterns.some((p) =>
    p.endsWith('.*') ? code.startsWith(p.slice(0, -1)) || code === p.slice(0, -2) : p === code,
  )
}

/** True when every condition of the rule holds for the input. */
export function ruleMatches(rule: RoutingRule, input: RoutingInput): boolean {
  const w = rule.when
  if (w.services && !serviceMatches(w.services, input.serviceCode)) return false
  if (w.areas && !(input.area && w.areas.includes(input.area))) return false
  if (w.intents && !(input.intent && w.intents.includes(input.intent))) return false
  if (w.minUrgency !== undefined && !((input.urgency ?? 0) >= w.minUrgency)) return false
  if (w.flags && !(input.flags ?? []).some((f) => w.flags?.includes(f))) return false
  return true
}

/** Routes a post/thread/incident to a team and priority. */
export function routeCase(
  input: RoutingInput,
  rules: readonly RoutingRule[],
  defaults: RoutingDefaults,
): RoutingDecision {
  let team: string | null | undefined
  let priority: Priority | undefined
  let notify = false
  const ruleIds: string[] = []
  const reasons: string[] = []
  for (const r of rules) {
    if (!ruleMatches(r, input)) continue
    let used = false
    if (team === undefined && r.team !== undefined) {
      team = r.team
      used = true
    }
    if (priority === undefined && r.priority !== undefined) {
      priority = r.priority
      used = true
    }
    if (r.notify) {
      notify = true
      used = true
    }
    if (used) {
      ruleIds.push(r.id)
      reasons.push(`rule ${r.id}`)
    }
  }
  if (team === undefined) {
    const byService = input.serviceCode ? defaults.serviceTeams[input.serviceCode] : undefined
    team = byService ?? defaults.fallbackTeam
    reasons.push(
      byService ? `service ${input.serviceCode} belongs to ${byService}` : 'fallback team',
    )
  }
  const safety = (input.flags ?? []).filter((f) => SAFETY_FLAGS.includes(f))
  const jump = safety.length > 0
  if (jump) {
    priority = 'urgent'
    notify = true
    reasons.push(`safety flag ${safety.join(', ')} jumps the queue`)
  }
  return {
    team,
    priority: priority ?? defaults.defaultPriority,
    jump,
    notify,
    ruleIds,
    reason: reasons.join('; '),
  }
}
