/**
 * Building blocks of the accessible HTML reports: escaping, the page shell (print-friendly CSS),
 * tables with captions, and charts as inline SVG with a text alternative.
 */

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

/** A date (and time when asked) in plain English in a time zone, e.g. "14 Jul 2026". */
export function formatDate(ms: number, timeZone: string, withTime = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  }).format(new Date(ms))
}

/** A whole number with thousands separators. */
export function num(n: number): string {
  return new Intl.NumberFormat('en-GB').format(n)
}

/** A share as a rounded percentage. */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; } h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 2px solid #1d4f91; padding-bottom: .2rem; } h3 { font-size: 1.1rem; }
p.lede { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0 1.25rem; font-size: .95rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #b1b4b6; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figcaption { font-size: .9rem; color: #444; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .75rem; border-left: 4px solid #b1b4b6; color: #333; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.facts dt { font-weight: bold; }
.muted { color: #505a5f; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
`

/** The page shell: language, title, styles, one `main` landmark. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}

/** A table with a caption, header cells with scope, and numeric columns right-aligned. */
export function table(
  caption: string,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  numeric: readonly number[] = [],
): string {
  const isNum = new Set(numeric)
  const th = header
    .map((h, i) => `<th scope="col"${isNum.has(i) ? ' class="n"' : ''}>${esc(h)}</th>`)
    .join('')
  const trs = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td${isNum.has(i) ? ' class="n"' : ''}>${esc(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n')
  return `<table>\n<caption>${esc(caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${trs}\n</tbody>\n</table>`
}

let chartSeq = 0

/** A bar chart as inline SVG; the figure carries a title, a text description and a caption. */
export function barChart(opts: {
  title: string
  description: string
  bars: readonly { label: string; value: number }[]
  width?: number
  height?: number
}): string {
  const w = opts.width ?? 720
  const h = opts.height ?? 220
  const id = `chart-${++chartSeq}`
  const pad = { l: 48, r: 8, t: 12, b: 40 }
  const max = Math.max(1, ...opts.bars.map((b) => b.value))
  const n = Math.max(1, opts.bars.length)
  const bw = (w - pad.l - pad.r) / n
  const y = (v: number): number => pad.t + (h - pad.t - pad.b) * (1 - v / max)
  const every = Math.ceil(n / 14)
  const bars = opts.bars
    .map((b, i) => {
      const x = pad.l + i * bw
      const label =
        i % every === 0
          ? `<text x="${(x + bw / 2).toFixed(1)}" y="${h - pad.b + 16}" font-size="11" text-anchor="middle">${esc(b.label)}</text>`
          : ''
      return `<rect x="${(x + bw * 0.1).toFixed(1)}" y="${y(b.value).toFixed(1)}" width="${(bw * 0.8).toFixed(1)}" height="${(h - pad.b - y(b.value)).toFixed(1)}" fill="#1d4f91"><title>${esc(b.label)}: ${esc(num(b.value))}</title></rect>${label}`
    })
    .join('')
  const ticks = [0, 0.5, 1]
    .map((f) => {
      const v = Math.round(max * f)
      return `<text x="${pad.l - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${esc(num(v))}</text><line x1="${pad.l}" x2="${w - pad.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d0d0d0"/>`
    })
    .join('')
  return `<figure>
<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-t">${esc(opts.title)}</title><desc id="${id}-d">${esc(opts.description)}</desc>
${ticks}${bars}
</svg>
<figcaption>${esc(opts.title)}. ${esc(opts.description)}</figcaption>
</figure>`
}

/** A horizontal stacked bar chart (negative, neutral, positive) per row, as inline SVG with a description. */
export function sentimentChart(opts: {
  title: string
  description: string
  rows: readonly { label: string; negative: number; neutral: number; positive: number }[]
}): string {
  const w = 720
  const rowH = 26
  const labelW = 250
  const h = opts.rows.length * rowH + 30
  const id = `chart-${++chartSeq}`
  const colours = { negative: '#b3261e', neutral: '#8a8f94', positive: '#00703c' }
  const rows = opts.rows
    .map((r, i) => {
      const total = r.negative + r.neutral + r.positive
      let x = labelW
      const y = 8 + i * rowH
      const parts = (['negative', 'neutral', 'positive'] as const)
        .map((k) => {
          const width = total > 0 ? ((w - labelW - 10) * r[k]) / total : 0
          const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${rowH - 8}" fill="${colours[k]}"><title>${esc(r.label)}: ${k} ${esc(num(r[k]))}</title></rect>`
          x += width
          return rect
        })
        .join('')
      const label = r.label.length > 38 ? `${r.label.slice(0, 37)}…` : r.label
      return `<text x="${labelW - 6}" y="${y + rowH / 2}" font-size="12" text-anchor="end">${esc(label)}</text>${parts}`
    })
    .join('')
  const legend = `<text x="${labelW}" y="${h - 6}" font-size="11"><tspan fill="${colours.negative}">■ negative</tspan>  <tspan fill="#5f6468">■ neutral</tspan>  <tspan fill="${colours.positive}">■ positive</tspan></text>`
  return `<figure>
<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-t">${esc(opts.title)}</title><desc id="${id}-d">${esc(opts.description)}</desc>
${rows}${legend}
</svg>
<figcaption>${esc(opts.title)}. ${esc(opts.description)}</figcaption>
</figure>`
}
