/**
 * `civicpulse eval --task relevance|intent|service|sentiment|language|abuse --data FILE.ndjson [--json]`: labels
 * every `{"text","label"}` line and prints macro-F1, accuracy, per-class precision/recall and the confusion
 * matrix. Accepted label names are listed in `civicpulse eval --help`.
 */
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { AppError } from '@civicpulse/core'
import {
  loadLabeller,
  evaluateLabeller,
  EVAL_TASKS,
  type EvalTask,
  type EvalRow,
} from '@civicpulse/adapters'

const LABEL_HELP = `
Label names per task:
  relevance  relevant | not-relevant   (also related/not_related, true/false, 1/0, yes/no)
  intent     complaint | question | suggestion | praise | information | other
  service    taxonomy service codes
  sentiment  negative | neutral | positive
  language   language codes (en, fr, de, ar, …)
  abuse      abusive | ok   (also offensive/hate/not-offensive/not-hate, true/false, 1/0)`

/** Formats scores as a plain-text report. */
function report(task: string, s: ReturnType<typeof evaluateLabeller>): string {
  const pct = (x: number): string => (x * 100).toFixed(1)
  const lines = [
    `${task}: ${s.n} posts`,
    `macro-F1 ${pct(s.macroF1)}  accuracy ${pct(s.accuracy)}  macro-recall ${pct(s.macroRecall)}`,
    '',
    'class                 precision  recall    F1   support',
  ]
  for (const c of s.perClass)
    lines.push(
      `${c.label.padEnd(20)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}  ${pct(c.f1).padStart(5)}  ${String(c.support).padStart(7)}`,
    )
  lines.push('', 'confusion (rows = true, columns = predicted):')
  const w = Math.max(8, ...s.labels.map((l) => l.length))
  lines.push(' '.repeat(w + 2) + s.labels.map((l) => l.slice(0, 8).padStart(9)).join(''))
  s.confusion.forEach((row, i) =>
    lines.push((s.labels[i] ?? '').padEnd(w + 2) + row.map((v) => String(v).padStart(9)).join('')),
  )
  return lines.join('\n') + '\n'
}

/** Registers `eval`. */
export function register(program: Command): void {
  program
    .command('eval')
    .description('Measure a sieve label on a labelled NDJSON file ({"text","label"} per line).')
    .requiredOption('--task <task>', `one of ${EVAL_TASKS.join(', ')}`)
    .requiredOption('--data <file>', 'NDJSON file of {"text","label"} lines')
    .option('--json', 'print the figures as JSON')
    .addHelpText('after', LABEL_HELP)
    .action(async (opts: { task: string; data: string; json?: boolean }) => {
      if (!(EVAL_TASKS as readonly string[]).includes(opts.task))
        throw new AppError(
          'USAGE_INVALID',
          `Unknown task "${opts.task}": use one of ${EVAL_TASKS.join(', ')}.`,
        )
      let raw: string
      try {
        raw = readFileSync(opts.data, 'utf8')
      } catch (e) {
        throw new AppError('INPUT_UNREADABLE', `Cannot read ${opts.data}: ${(e as Error).message}`)
      }
      const rows: EvalRow[] = []
      raw.split('\n').forEach((line, i) => {
        if (!line.trim()) return
        try {
          const o = JSON.parse(line) as Record<string, unknown>
          if (typeof o['text'] !== 'string' || o['label'] === undefined || o['label'] === null)
            throw new Error('needs "text" and "label"')
          rows.push({
            text: o['text'],
            label: o['label'] as string,
            ...(typeof o['lat'] === 'number' ? { lat: o['lat'] } : {}),
            ...(typeof o['lon'] === 'number' ? { lon: o['lon'] } : {}),
          })
        } catch (e) {
          process.stderr.write(`civicpulse eval: line ${i + 1} skipped: ${(e as Error).message}\n`)
        }
      })
      if (!rows.length)
        throw new AppError('USAGE_INVALID', `${opts.data} has no usable {"text","label"} lines.`)
      const labeller = await loadLabeller()
      const s = evaluateLabeller(labeller, opts.task as EvalTask, rows)
      process.stdout.write(
        opts.json ? JSON.stringify({ task: opts.task, ...s }) + '\n' : report(opts.task, s),
      )
    })
}
