/**
 * Child process of the outbox crash test: sends the due replies of a JSON-file outbox to a local
 * Mastodon-shaped server, and with `crash` kills itself (SIGKILL) right after the platform answered
 * and before the outbox records the acknowledgement.
 */
import { ManualClock } from '@civicpulse/core'
import { JsonFileReplyOutbox } from './file-outbox.js'
import { ReplyOutboxProcessor } from './outbox.js'
import type { ReplySender } from '@civicpulse/core'

const [file, base, mode, now] = process.argv.slice(2)
if (!file || !base || !now)
  throw new Error('usage: outbox-crash.child.ts <file> <base-url> <crash|run> <now-ms>')

const sender: ReplySender = {
  platform: 'mastodon',
  idempotentByKey: true,
  async send(target, text, key) {
    const res = await fetch(`${base}/api/v1/statuses`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': key,
        authorization: 'Bearer test',
      },
      body: JSON.stringify({ status: text, in_reply_to_id: target.inReplyTo }),
    })
    const body = (await res.json()) as { id: string; url: string }
    if (mode === 'crash') process.kill(process.pid, 'SIGKILL')
    return { id: body.id, url: body.url }
  },
}

const p = new ReplyOutboxProcessor({
  store: new JsonFileReplyOutbox(file),
  senders: { mastodon: sender },
  clock: new ManualClock(Number(now)),
})
const r = await p.runOnce()
process.stdout.write(JSON.stringify(r))
