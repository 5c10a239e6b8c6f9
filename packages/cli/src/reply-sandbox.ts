/**
 * The demo's reply sandbox: a local HTTP server on 127.0.0.1 that answers the four reply APIs the
 * outbox calls (Mastodon `POST /api/v1/statuses`, X `POST /2/tweets`, Reddit `POST /api/comment`,
 * Bluesky `createSession`/`getRecord`/`createRecord`) in their documented shapes, so replies in
 * the demo are really delivered — to this sandbox, never to a real platform. `GET /sandbox` lists
 * what was "posted"; each reply's link opens its own page.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One reply the sandbox received. */
export interface SandboxReply {
  id: string
  platform: 'mastodon' | 'x' | 'reddit' | 'bluesky'
  inReplyTo: string
  text: string
  at: number
}

const COUNCIL_DID = 'did:plc:civicpulsesandbox000000'

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = ''
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8')
      if (raw.length > 1_000_000) req.destroy()
    })
    req.on('end', () => resolve(raw))
    req.on('error', reject)
  })
}

/** Starts the sandbox; `url` is its base address. */
export async function startReplySandbox(): Promise<{
  url: string
  replies: SandboxReply[]
  close(): Promise<void>
}> {
  const replies: SandboxReply[] = []
  let base = ''
  const json = (res: ServerResponse, status: number, b: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(b))
  }
  const add = (
    platform: SandboxReply['platform'],
    inReplyTo: string,
    text: string,
    id?: string,
  ) => {
    const r = {
      id: id ?? String(1_000_000 + replies.length + 1),
      platform,
      inReplyTo,
      text,
      at: Date.now(),
    }
    replies.push(r)
    return r
  }
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sandbox')
      const raw = req.method === 'POST' ? await body(req) : ''
      const p = url.pathname
      if (req.method === 'POST' && p === '/api/v1/statuses') {
        const b = JSON.parse(raw || '{}') as { status?: string; in_reply_to_id?: string }
        const r = add('mastodon', String(b.in_reply_to_id ?? ''), String(b.status ?? ''))
        return json(res, 200, {
          id: r.id,
          created_at: new Date(r.at).toISOString(),
          in_reply_to_id: r.inReplyTo,
          visibility: 'public',
          uri: `${base}/sandbox/${r.id}`,
          url: `${base}/sandbox/${r.id}`,
          content: `<p>${esc(r.text)}</p>`,
          account: { id: '1', username: 'council', acct: 'council' },
        })
      }
      if (req.method === 'POST' && p === '/2/tweets') {
        const b = JSON.parse(raw || '{}') as {
          text?: string
          reply?: { in_reply_to_tweet_id?: string }
        }
        const r = add('x', String(b.reply?.in_reply_to_tweet_id ?? ''), String(b.text ?? ''))
        return json(res, 201, { data: { id: r.id, text: r.text, edit_history_tweet_ids: [r.id] } })
      }
      if (req.method === 'POST' && p === '/api/comment') {
        const f = new URLSearchParams(raw)
        const r = add('reddit', f.get('thing_id') ?? '', f.get('text') ?? '')
        const id = Number(r.id).toString(36)
        return json(res, 200, {
          json: {
            errors: [],
            data: {
              things: [
                {
                  kind: 't1',
                  data: {
                    id,
                    name: `t1_${id}`,
                    parent_id: r.inReplyTo,
                    body: r.text,
                  },
                },
              ],
            },
          },
        })
      }
      if (p === '/xrpc/com.atproto.server.createSession')
        return json(res, 200, {
          accessJwt: 'sandbox',
          refreshJwt: 'sandbox',
          did: COUNCIL_DID,
          handle: 'council.sandbox',
        })
      if (p === '/xrpc/com.atproto.repo.getRecord') {
        const repo = url.searchParams.get('repo') ?? ''
        const coll = url.searchParams.get('collection') ?? ''
        const rkey = url.searchParams.get('rkey') ?? ''
        const uri = `at://${repo}/${coll}/${rkey}`
        if (repo === COUNCIL_DID) {
          const mine = replies.find((r) => r.id === uri)
          if (!mine)
            return json(res, 400, { error: 'RecordNotFound', message: 'Could not locate record' })
          return json(res, 200, { uri, cid: 'bafysandbox', value: { text: mine.text } })
        }
        // The citizen's post: the sandbox vouches for it.
        return json(res, 200, { uri, cid: 'bafysandboxparent', value: { text: '' } })
      }
      if (req.method === 'POST' && p === '/xrpc/com.atproto.repo.createRecord') {
        const b = JSON.parse(raw || '{}') as {
          rkey?: string
          record?: { text?: string; reply?: { parent?: { uri?: string } } }
        }
        const uri = `at://${COUNCIL_DID}/app.bsky.feed.post/${b.rkey ?? replies.length}`
        if (replies.some((r) => r.id === uri))
          return json(res, 400, { error: 'InvalidRequest', message: 'Record already exists' })
        add(
          'bluesky',
          String(b.record?.reply?.parent?.uri ?? ''),
          String(b.record?.text ?? ''),
          uri,
        )
        return json(res, 200, { uri, cid: 'bafysandbox' })
      }
      if (req.method === 'GET' && (p === '/sandbox' || p.startsWith('/sandbox/'))) {
        const one = p.slice('/sandbox/'.length)
        const list = one ? replies.filter((r) => r.id === one) : [...replies].reverse()
        res.writeHead(list.length || !one ? 200 : 404, {
          'content-type': 'text/html; charset=utf-8',
        })
        return res.end(
          `<!doctype html><html lang="en"><meta charset="utf-8"><title>Civic Pulse reply sandbox</title>` +
            `<h1>Replies sent in the demo (sandbox, never posted anywhere)</h1><ul>` +
            list
              .map(
                (r) =>
                  `<li><p><strong>${esc(r.platform)}</strong> in reply to <code>${esc(r.inReplyTo)}</code> at ${new Date(r.at).toISOString()}</p><p>${esc(r.text)}</p></li>`,
              )
              .join('') +
            `</ul></html>`,
        )
      }
      return json(res, 404, { error: 'Not found in the reply sandbox' })
    })().catch(() => json(res, 400, { error: 'Bad request' }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    replies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
