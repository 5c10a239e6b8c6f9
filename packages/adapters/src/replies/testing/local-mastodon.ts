/**
 * A local HTTP server on 127.0.0.1 that speaks Mastodon's `POST /api/v1/statuses` (JSON or form
 * body) and answers with a Status in the documented shape (own values), recording what it received;
 * plus that Status shape for tests that serve it themselves. For tests and benchmarks only.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A Mastodon Status in the documented shape (own values). */
export function mastodonStatus(
  id: string,
  inReplyTo: string | null,
  text: string,
  createdAt = '2026-08-01T14:00:00.000Z',
) {
  return {
    id,
    created_at: createdAt,
    in_reply_to_id: inReplyTo,
    in_reply_to_account_id: inReplyTo === null ? null : '109000000000000001',
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: 'en',
    uri: `https://social.example/users/council/statuses/${id}`,
    url: `https://social.example/@council/${id}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    content: `<p>${text}</p>`,
    reblog: null,
    application: { name: 'Civic Pulse', website: null },
    account: {
      id: '109000000000000002',
      username: 'council',
      acct: 'council',
      display_name: 'Council',
    },
    media_attachments: [],
    mentions: [],
    tags: [],
    emojis: [],
    card: null,
    poll: null,
  }
}

/** One status the server received: the Authorization header and the parsed body. */
export interface ReceivedStatus {
  auth: string | undefined
  body: Record<string, unknown>
}

/** A running local Mastodon. */
export interface LocalMastodon {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string
  /** Every status posted, in order. */
  statuses: ReceivedStatus[]
  close(): Promise<void>
}

/** Starts the server; ids count up from `firstId` (a Mastodon-like snowflake). */
export async function startLocalMastodon(
  opts: { firstId?: bigint; createdAt?: string } = {},
): Promise<LocalMastodon> {
  const statuses: ReceivedStatus[] = []
  const first = opts.firstId ?? 117020583258292000n
  const server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/v1/statuses') {
        const body = (
          (req.headers['content-type'] ?? '').includes('application/json')
            ? JSON.parse(raw || '{}')
            : Object.fromEntries(new URLSearchParams(raw))
        ) as Record<string, unknown>
        statuses.push({ auth: req.headers.authorization, body })
        const id = String(first + BigInt(statuses.length))
        const inReplyTo =
          body['in_reply_to_id'] === undefined ? null : String(body['in_reply_to_id'])
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        res.end(
          JSON.stringify(
            mastodonStatus(id, inReplyTo, String(body['status'] ?? ''), opts.createdAt),
          ),
        )
        return
      }
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'Record not found' }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    statuses,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
