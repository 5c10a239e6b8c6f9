/**
 * The periodic digest as an accessible HTML page: volume by service and ward against the previous
 * period, incidents raised and resolved, response times, top themes and notable changes.
 */
import type { Digest } from '@civicpulse/core'
import { barChart, esc, formatDate, num, page, table } from './html.js'

/** Renders the digest (a complete HTML document). */
export function renderDigestReport(
  d: Digest,
  opts: { title?: string; timeZone?: string; generatedAtMs: number },
): string {
  const tz = opts.timeZone ?? 'Europe/London'
  const period = `${formatDate(d.fromMs, tz)} to ${formatDate(d.toMs - 1, tz)}`
  const title = opts.title ?? `Civic Pulse digest, ${period}`
  const change = (now: number, before: number): string =>
    before === 0
      ? now === 0
        ? 'no change'
        : 'new'
      : `${now >= before ? '+' : '−'}${Math.round((Math.abs(now - before) / before) * 100)}%`
  const parts: string[] = []
  parts.push(`<h1>${esc(title)}</h1>`)
  parts.push(
    `<p class="lede">${esc(period)} · made ${esc(formatDate(opts.generatedAtMs, tz, true))}</p>`,
  )
  parts.push('<h2 id="summary">Summary</h2>')
  parts.push(
    `<dl class="facts"><dt>Posts (spam and copies left out)</dt><dd>${num(d.totalPosts)} (${esc(change(d.totalPosts, d.previousTotalPosts))} on the period before)</dd>` +
      `<dt>Incidents raised</dt><dd>${num(d.incidentsRaised)}</dd><dt>Incidents resolved</dt><dd>${num(d.incidentsResolved)}</dd>` +
      `<dt>Median time to first response</dt><dd>${d.medianResponseMinutes === undefined ? 'no incident answered yet' : `${num(Math.round(d.medianResponseMinutes))} minutes`}</dd></dl>`,
  )
  parts.push('<h2 id="changes">Notable changes</h2>')
  if (!d.comparable)
    parts.push(
      '<p>The period before holds too little data to compare with (less than a quarter of the posts of this one).</p>',
    )
  else
    parts.push(
      d.notableChanges.length
        ? `<ul>${d.notableChanges.map((c) => `<li>${esc(c.sentence)}</li>`).join('')}</ul>`
        : '<p>No notable changes from the period before.</p>',
    )
  parts.push('<h2 id="services">Volume by service</h2>')
  const topServices = d.byService.slice(0, 15)
  parts.push(
    barChart({
      title: 'Posts by service',
      description: topServices.length
        ? topServices
            .slice(0, 5)
            .map((s) => `${s.label ?? s.key}: ${num(s.count)}`)
            .join('; ')
        : 'No posts about services in this period.',
      bars: topServices.map((s) => ({ label: (s.label ?? s.key).slice(0, 14), value: s.count })),
    }),
  )
  parts.push(
    table(
      'Posts by service, this period and the one before',
      ['Service', 'Posts', 'Period before', 'Change'],
      d.byService.map((s) => [
        s.label ?? s.key,
        num(s.count),
        num(s.previous),
        change(s.count, s.previous),
      ]),
      [1, 2, 3],
    ),
  )
  parts.push('<h2 id="wards">Volume by ward</h2>')
  parts.push(
    table(
      'Posts by ward, this period and the one before',
      ['Ward', 'Posts', 'Period before', 'Change'],
      d.byWard.map((s) => [
        s.label ?? s.key,
        num(s.count),
        num(s.previous),
        change(s.count, s.previous),
      ]),
      [1, 2, 3],
    ),
  )
  parts.push('<h2 id="incidents">Incidents</h2>')
  parts.push(
    d.incidents.length
      ? table(
          'Incidents raised or resolved in the period',
          ['Incident', 'Service', 'Severity', 'Status', 'Started', 'First response'],
          d.incidents.map((i) => [
            i.title,
            i.service ?? '',
            i.severity,
            i.status,
            formatDate(i.startedAtMs, tz, true),
            i.firstResponseAtMs === undefined
              ? 'none yet'
              : `${num(Math.round((i.firstResponseAtMs - i.startedAtMs) / 60_000))} min`,
          ]),
        )
      : '<p>No incidents in this period.</p>',
  )
  parts.push('<h2 id="themes">Top campaign themes</h2>')
  parts.push(
    d.topThemes.length
      ? table(
          'Largest themes of running campaigns',
          ['Theme', 'Campaign', 'Contributions'],
          d.topThemes.map((t) => [t.label, t.campaign, num(t.size)]),
          [2],
        )
      : '<p>No campaign ran in this period.</p>',
  )
  return page(title, parts.join('\n'))
}
