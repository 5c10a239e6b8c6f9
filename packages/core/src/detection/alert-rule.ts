/**
 * Alert rules: who is told about which incidents (services, areas, minimum severity, quiet hours),
 * and the cool-down that makes one alert per incident per rise in severity.
 */
import {
  ANY_AREA,
  SEVERITIES,
  isLive,
  severityRank,
  type Incident,
  type Severity,
} from './incident.js'

/** Quiet hours in a time zone (e.g. 22:00–07:00 Europe/London); critical incidents may pass. */
export interface QuietHours {
  /** "HH:MM" local start. */
  readonly start: string
  /** "HH:MM" local end (may be earlier than start: the period wraps midnight). */
  readonly end: string
  /** IANA time zone. */
  readonly timeZone: string
  /** Whether a critical incident is delivered during quiet hours (default true). */
  readonly allowCritical?: boolean
}

/** Who gets told about which incidents. */
export interface AlertRule {
  readonly id: string
  /** Services covered (all when absent or empty). */
  readonly services?: readonly string[]
  /** Areas covered (all when absent or empty); an incident matches when any of its areas is covered. */
  readonly areas?: readonly string[]
  readonly minSeverity: Severity
  readonly quietHours?: QuietHours
  /** Channel ids (e.g. "webhook:ops", "email:waste-team"). */
  readonly channels: readonly string[]
}

/** Minutes since local midnight at `time` in `timeZone`. */
export function localMinutes(time: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(time))
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0)
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0)
  return (h % 24) * 60 + m
}

const hhmm = (s: string): number => {
  const [h, m] = s.split(':').map(Number)
  return ((h ?? 0) % 24) * 60 + (m ?? 0)
}

/** True when `time` falls within the quiet hours. */
export function inQuietHours(time: number, q: QuietHours): boolean {
  const now = localMinutes(time, q.timeZone)
  const start = hhmm(q.start)
  const end = hhmm(q.end)
  if (start === end) return false
  return start < end ? now >= start && now < end : now >= start || now < end
}

/** How a rule applies to an incident now. */
export interface RuleVerdict {
  readonly matches: boolean
  /** True when it matches but is held back by quiet hours (deliver when they end). */
  readonly deferred: boolean
}

/** Evaluates one rule for one incident at `now`. */
export function evaluateRule(rule: AlertRule, inc: Incident, now: number): RuleVerdict {
  const live = isLive(inc)
  // Services match through their group: a rule on `waste.missed-collection` hears of a `waste`
  // incident (incidents are per group) and a rule on `waste` of any waste service.
  const group = (c: string): string => c.split('.')[0] ?? c
  const service =
    !rule.services ||
    rule.services.length === 0 ||
    rule.services.some(
      (s) => s === inc.service || group(s) === inc.service || s === group(inc.service),
    )
  // An area-wide incident concerns every area.
  const area =
    !rule.areas ||
    rule.areas.length === 0 ||
    inc.areas.some((a) => a === ANY_AREA || rule.areas!.includes(a))
  const severe = severityRank(inc.severity) >= severityRank(rule.minSeverity)
  const matches = live && service && area && severe
  const quiet =
    matches &&
    rule.quietHours !== undefined &&
    inQuietHours(now, rule.quietHours) &&
    !(inc.severity === 'critical' && rule.quietHours.allowCritical !== false)
  return { matches, deferred: quiet }
}

/** The cool-down key of an alert: one per incident, rule, channel and severity. */
export function alertKey(
  incidentId: string,
  severity: Severity,
  ruleId: string,
  channel: string,
): string {
  return `${incidentId}:${severity}:${ruleId}:${channel}`
}

/** One alert to deliver. */
export interface AlertDraft {
  readonly key: string
  readonly ruleId: string
  readonly channel: string
  readonly incidentId: string
  readonly severity: Severity
  readonly deferred: boolean
}

/**
 * The alerts an incident should cause now: for each matching rule and channel, one alert per rise
 * in severity (nothing when an alert at this severity or higher was already sent), so updates
 * never cause a storm.
 */
export function alertsFor(
  inc: Incident,
  rules: readonly AlertRule[],
  now: number,
  sentKeys: ReadonlySet<string>,
): AlertDraft[] {
  const out: AlertDraft[] = []
  for (const rule of rules) {
    const v = evaluateRule(rule, inc, now)
    if (!v.matches) continue
    for (const channel of rule.channels) {
      const already = SEVERITIES.slice(severityRank(inc.severity)).some((s) =>
        sentKeys.has(alertKey(inc.id, s, rule.id, channel)),
      )
      if (already) continue
      out.push({
        key: alertKey(inc.id, inc.severity, rule.id, channel),
        ruleId: rule.id,
        channel,
        incidentId: inc.id,
        severity: inc.severity,
        deferred: v.deferred,
      })
    }
  }
  return out
}
