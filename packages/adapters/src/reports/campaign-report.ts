/**
 * The campaign report as an accessible HTML page: what was asked, who took part (counted, never
 * named), the themes with representative quotes and sentiment, and "you said, we did".
 */
import type { CampaignView, Theme } from '@civicpulse/core'
import type { CampaignAction } from '../campaigns/repository.js'
import { barChart, esc, formatDate, num, page, pct, sentimentChart, table } from './html.js'

/** What the campaign report shows. */
export interface CampaignReportInput {
  /** The campaign view; member ids are not needed and never shown. */
  readonly view: Omit<CampaignView, 'themes'> & { themes: readonly Omit<Theme, 'memberIds'>[] }
  readonly actions: readonly CampaignAction[]
  readonly generatedAtMs: number
  /** Time zone for dates (default Europe/London). */
  readonly timeZone?: string
}

const PLATFORM_NAMES: Record<string, string> = {
  x: 'X',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  reddit: 'Reddit',
  rss: 'RSS',
  atom: 'Atom',
  file: 'Imported file',
}

/** Renders the campaign report (a complete HTML document). */
export function renderCampaignReport(input: CampaignReportInput): string {
  const v = input.view
  const tz = input.timeZone ?? 'Europe/London'
  const p = v.participation
  const title = `${v.name}: campaign report`
  const period = `${formatDate(v.startsAtMs, tz)} to ${v.endsAtMs !== undefined ? formatDate(v.endsAtMs - 1, tz) : 'ongoing'}`
  const parts: string[] = []
  parts.push(`<h1>${esc(title)}</h1>`)
  parts.push(
    `<p class="lede">${esc(v.hashtags.map((h) => `#${h}`).join(' '))} · ${esc(period)} · report made ${esc(formatDate(input.generatedAtMs, tz, true))}</p>`,
  )

  parts.push('<h2 id="summary">Summary</h2>')
  const facts: [string, string][] = [
    ['Contributions', num(p.posts)],
    ['People taking part', `${num(p.participants)} (counted, never named)`],
    ['Themes found', num(v.themes.length)],
    ['Questions asked by residents', num(v.questionsAsked)],
    ['Campaign posts by the council', num(p.ownPosts)],
  ]
  if (v.ownerTeam) facts.push(['Owner team', v.ownerTeam])
  if (v.services.length) facts.push(['Services in scope', v.services.join(', ')])
  if (v.areas.length) facts.push(['Areas in scope', v.areas.join(', ')])
  parts.push(
    `<dl class="facts">${facts.map(([k, x]) => `<dt>${esc(k)}</dt><dd>${esc(x)}</dd>`).join('')}</dl>`,
  )
  if (v.questions.length) {
    parts.push('<h3>What we asked</h3>')
    parts.push(`<ul>${v.questions.map((q) => `<li>${esc(q)}</li>`).join('')}</ul>`)
  }

  parts.push('<h2 id="participation">Participation</h2>')
  const days = p.overTime.map((b) => ({
    label: formatDate(b.startMs, 'UTC').replace(/ \d{4}$/, ''),
    value: b.posts,
  }))
  const peak = p.overTime.reduce((a, b) => (b.posts > (a?.posts ?? -1) ? b : a), p.overTime[0])
  parts.push(
    barChart({
      title: 'Contributions per day',
      description:
        p.overTime.length === 0
          ? 'No contributions yet.'
          : `${num(p.posts)} contributions over ${p.overTime.length} days; the busiest day was ${formatDate(peak!.startMs, 'UTC')} with ${num(peak!.posts)}.`,
      bars: days,
    }),
  )
  parts.push(
    table(
      'Contributions and distinct participants per day',
      ['Day', 'Contributions', 'Participants'],
      p.overTime.map((b) => [formatDate(b.startMs, 'UTC'), num(b.posts), num(b.participants)]),
      [1, 2],
    ),
  )
  const platforms = Object.entries(p.byPlatform).sort((a, b) => b[1] - a[1])
  parts.push(
    table(
      'Reach by platform',
      ['Platform', 'Contributions', 'Share'],
      platforms.map(([k, n]) => [PLATFORM_NAMES[k] ?? k, num(n), pct(p.posts ? n / p.posts : 0)]),
      [1, 2],
    ),
  )

  parts.push('<h2 id="themes">Themes</h2>')
  if (v.themes.length === 0)
    parts.push('<p>No themes yet: there are too few contributions to group.</p>')
  else {
    parts.push(
      `<p>Contributions grouped by what they say. ${v.unthemed ? `${num(v.unthemed)} contributions were too short or too different to group.` : ''}</p>`,
    )
    parts.push(
      table(
        'Themes by size',
        ['Theme', 'Contributions', 'Share', 'Negative', 'Neutral', 'Positive'],
        v.themes.map((t) => [
          t.label,
          num(t.size),
          pct(t.share),
          num(t.sentiment.negative),
          num(t.sentiment.neutral),
          num(t.sentiment.positive),
        ]),
        [1, 2, 3, 4, 5],
      ),
    )
    parts.push(
      sentimentChart({
        title: 'Sentiment by theme',
        description: v.themes
          .map((t) => {
            const total = t.sentiment.negative + t.sentiment.neutral + t.sentiment.positive
            return `${t.label}: ${total ? pct(t.sentiment.negative / total) : '0%'} negative, ${total ? pct(t.sentiment.positive / total) : '0%'} positive`
          })
          .join('; '),
        rows: v.themes.map((t) => ({ label: t.label, ...t.sentiment })),
      }),
    )
    for (const t of v.themes) {
      parts.push(`<h3 id="${esc(t.id)}">${esc(t.label)}</h3>`)
      parts.push(
        `<p>${num(t.size)} contributions (${pct(t.share)}). Key words: ${esc(t.terms.join(', ') || 'none')}.</p>`,
      )
      if (t.quotes.length)
        parts.push(t.quotes.map((q) => `<blockquote><p>${esc(q)}</p></blockquote>`).join('\n'))
      if (t.overTime.length > 1)
        parts.push(
          table(
            `How sentiment on “${t.label}” moved`,
            ['Day', 'Contributions', 'Negative', 'Neutral', 'Positive'],
            t.overTime.map((b) => [
              formatDate(b.startMs, 'UTC'),
              num(b.size),
              num(b.negative),
              num(b.neutral),
              num(b.positive),
            ]),
            [1, 2, 3, 4],
          ),
        )
    }
  }

  parts.push('<h2 id="you-said-we-did">You said, we did</h2>')
  const byLabel = new Map<string, CampaignAction[]>()
  for (const a of input.actions) {
    const k = a.themeLabel.toLowerCase()
    byLabel.set(k, [...(byLabel.get(k) ?? []), a])
  }
  const rows: string[][] = []
  const used = new Set<string>()
  for (const t of v.themes) {
    const acts = [
      ...(byLabel.get(t.label.toLowerCase()) ?? []),
      ...(byLabel.get(t.id.toLowerCase()) ?? []),
    ]
    for (const k of [t.label.toLowerCase(), t.id.toLowerCase()]) if (byLabel.has(k)) used.add(k)
    rows.push([
      t.label,
      t.quotes[0] ?? '',
      acts.length ? acts.map((a) => a.action).join(' ') : 'No action recorded yet.',
      acts.map((a) => a.status).join(', ') || '—',
    ])
  }
  for (const [k, acts] of byLabel)
    if (!used.has(k))
      rows.push([
        acts[0]!.themeLabel,
        '',
        acts.map((a) => a.action).join(' '),
        acts.map((a) => a.status).join(', '),
      ])
  if (rows.length === 0) parts.push('<p>No themes and no actions recorded yet.</p>')
  else
    parts.push(
      table(
        'What residents said and what the council did',
        ['You said', 'For example', 'We did', 'Status'],
        rows,
      ),
    )
  parts.push(
    '<p class="muted">This report counts people but never names them; quotes have handles and links removed and never come from posts flagged as abusive.</p>',
  )
  return page(title, parts.join('\n'))
}
