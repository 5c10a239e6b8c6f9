/**
 * `civicpulse label [--json]`: reads NDJSON posts (`{"id","text"}`, optional `lang`, `lat`, `lon`, `createdAt`) on
 * standard input and writes one NDJSON line of labels per post. A bad line gets a clear error on standard error
 * and the rest go on; the exit code stays 0.
 */
import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import type { LabelInput } from '@civicpulse/core'
import { loadLabeller } from '@civicpulse/adapters'

/** Parses one input line into a post, or returns the reason it is not one. */
export function parsePostLine(line: string): LabelInput | string {
  let v: unknown
  try {
    v = JSON.parse(line)
  } catch {
    return 'not valid JSON'
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object'
  const o = v as Record<string, unknown>
  if (typeof o['text'] !== 'string') return 'missing "text" (a string)'
  const id = o['id']
  if (typeof id !== 'string' && typeof id !== 'number') return 'missing "id" (a string)'
  const post: LabelInput = { id: String(id), text: o['text'] }
  if (typeof o['lang'] === 'string') post.lang = o['lang']
  if (typeof o['createdAt'] === 'string') post.createdAt = o['createdAt']
  for (const k of ['lat', 'lon'] as const) {
    if (o[k] === undefined || o[k] === null) continue
    const n = Number(o[k])
    if (!Number.isFinite(n)) return `"${k}" is not a number`
    post[k] = n
  }
  return post
}

/** Registers `label`. */
export function register(program: Command): void {
  program
    .command('label')
    .description(
      'Label NDJSON posts from standard input: relevance, intent, service, sentiment, urgency, language, places, spam, abuse.',
    )
    .option('--json', 'write NDJSON (the default and only output format)')
    .action(async () => {
      const labeller = await loadLabeller()
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
      let n = 0
      let buf: string[] = []
      const flush = async (): Promise<void> => {
        if (!buf.length) return
        const chunk = buf.join('')
        buf = []
        if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r))
      }
      for await (const line of rl) {
        n++
        if (!line.trim()) continue
        const post = parsePostLine(line)
        if (typeof post === 'string') {
          process.stderr.write(`civicpulse label: line ${n} skipped: ${post}\n`)
          continue
        }
        buf.push(JSON.stringify(labeller.label(post)) + '\n')
        if (buf.length >= 256) await flush()
      }
      await flush()
    })
}
