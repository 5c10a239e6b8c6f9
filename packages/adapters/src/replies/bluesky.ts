/**
 * Replies on Bluesky: `com.atproto.repo.createRecord` of an `app.bsky.feed.post` whose `reply`
 * holds strong refs (`uri` + `cid`) to the thread root and the parent. The record key is a TID
 * derived from the outbox idempotency key, so a repeated send cannot create a second post: the PDS
 * refuses the duplicate key and the sender returns the record already there (`getRecord`).
 */
import { createHash } from 'node:crypto'
import {
  ReplySendError,
  type ReplySender,
  type ReplyTarget,
  type SentReply,
} from '@civicpulse/core'
import { httpOptions, ReplyHttpClient, type HttpClientOptions } from './http.js'

/** A Bluesky account to reply from. */
export interface BlueskyReplyConfig extends HttpClientOptions {
  /** The account's PDS, e.g. `https://bsky.social` or a local PDS. */
  service: string
  /** Handle or DID. */
  identifier: string
  /** An app password. */
  password: string
}

interface StrongRef {
  uri: string
  cid: string
}

const S32 = '234567abcdefghijklmnopqrstuvwxyz'

/** A syntactically valid TID (13 chars, base32-sortable) derived from a key: same key, same TID. */
export function tidFromKey(key: string): string {
  const h = createHash('sha256').update(key).digest()
  // Microseconds within 2024 (a fixed, plausible range) and a 10-bit clock id, both from the hash.
  const base = 1_704_067_200_000_000n
  const ts = base + (h.readBigUInt64BE(0) % 31_536_000_000_000n)
  let n = (ts << 10n) | BigInt(h.readUInt16BE(8) & 0x3ff)
  let s = ''
  for (let i = 0; i < 13; i++) {
    s = S32[Number(n & 31n)] + s
    n >>= 5n
  }
  return s
}

/** Splits `at://did/collection/rkey`. */
export function parseAtUri(uri: string): { repo: string; collection: string; rkey: string } {
  const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri)
  if (!m) throw new ReplySendError('client', `bluesky: ${uri} is not an at:// record URI.`)
  return { repo: m[1] as string, collection: m[2] as string, rkey: m[3] as string }
}

/** Sends replies to Bluesky through the account's PDS. */
export class BlueskyReplySender implements ReplySender {
  readonly platform = 'bluesky' as const
  readonly idempotentByKey = true
  readonly #password: string
  #session: { accessJwt: string; did: string } | undefined
  private readonly http: ReplyHttpClient
  private readonly service: string
  private readonly identifier: string
  private readonly now: () => number

  constructor(cfg: BlueskyReplyConfig) {
    this.#password = cfg.password
    this.service = cfg.service.replace(/\/+$/, '')
    this.identifier = cfg.identifier
    this.now = cfg.now ?? Date.now
    this.http = new ReplyHttpClient('bluesky', httpOptions(cfg))
  }

  private async session(): Promise<{ accessJwt: string; did: string }> {
    if (this.#session) return this.#session
    const r = await this.http.call({
      method: 'POST',
      url: `${this.service}/xrpc/com.atproto.server.createSession`,
      json: { identifier: this.identifier, password: this.#password },
    })
    const b = r.body as { accessJwt?: unknown; did?: unknown }
    if (typeof b?.accessJwt !== 'string' || typeof b.did !== 'string')
      throw new ReplySendError('auth', 'bluesky: the PDS gave no session.', r.status)
    this.#session = { accessJwt: b.accessJwt, did: b.did }
    return this.#session
  }

  /** Calls an XRPC method with the session, signing in again once when the token expired. */
  private async xrpc(
    method: 'GET' | 'POST',
    nsid: string,
    params: { query?: Record<string, string>; json?: unknown },
  ): Promise<unknown> {
    for (let i = 0; ; i++) {
      const s = await this.session()
      const qs = params.query ? `?${new URLSearchParams(params.query)}` : ''
      try {
        const r = await this.http.call({
          method,
          url: `${this.service}/xrpc/${nsid}${qs}`,
          auth: `Bearer ${s.accessJwt}`,
          ...(params.json !== undefined ? { json: params.json } : {}),
        })
        return r.body
      } catch (e) {
        if (
          i === 0 &&
          e instanceof ReplySendError &&
          (e.status === 401 || /ExpiredToken|InvalidToken/.test(e.message))
        ) {
          this.#session = undefined
          continue
        }
        throw e
      }
    }
  }

  private async getRecord(
    uri: string,
  ): Promise<{ uri: string; cid: string; value: Record<string, unknown> } | undefined> {
    const p = parseAtUri(uri)
    try {
      const b = (await this.xrpc('GET', 'com.atproto.repo.getRecord', { query: p })) as {
        uri: string
        cid: string
        value: Record<string, unknown>
      }
      return b
    } catch (e) {
      if (
        e instanceof ReplySendError &&
        e.kind === 'client' &&
        /RecordNotFound|Could not locate record/i.test(e.message)
      )
        return undefined
      throw e
    }
  }

  /** The root and parent strong refs: from the target, or read from the parent record. */
  private async refs(t: ReplyTarget): Promise<{ root: StrongRef; parent: StrongRef }> {
    let root: StrongRef | undefined =
      t.rootUri && t.rootCid ? { uri: t.rootUri, cid: t.rootCid } : undefined
    if (t.inReplyToCid && root) return { root, parent: { uri: t.inReplyTo, cid: t.inReplyToCid } }
    const rec = await this.getRecord(t.inReplyTo)
    if (!rec)
      throw new ReplySendError('client', `bluesky: the post ${t.inReplyTo} no longer exists.`)
    const parent = { uri: rec.uri, cid: t.inReplyToCid ?? rec.cid }
    const reply = rec.value['reply'] as { root?: StrongRef } | undefined
    root ??= reply?.root ?? parent
    return { root, parent }
  }

  private ownUri(did: string, key: string): string {
    return `at://${did}/app.bsky.feed.post/${tidFromKey(key)}`
  }

  async send(target: ReplyTarget, text: string, idempotencyKey: string): Promise<SentReply> {
    const { root, parent } = await this.refs(target)
    const s = await this.session()
    const rkey = tidFromKey(idempotencyKey)
    const record = {
      $type: 'app.bsky.feed.post',
      text,
      createdAt: new Date(this.now()).toISOString(),
      reply: { root, parent },
    }
    try {
      const b = (await this.xrpc('POST', 'com.atproto.repo.createRecord', {
        json: { repo: s.did, collection: 'app.bsky.feed.post', rkey, record },
      })) as { uri?: unknown; cid?: unknown }
      if (typeof b?.uri !== 'string')
        throw new ReplySendError('server', 'bluesky: the answer carried no record URI.')
      return { id: b.uri, url: null }
    } catch (e) {
      // A record with this key already exists: an earlier attempt went through. The PDS refuses
      // the duplicate key with a 4xx or, in @atproto/pds 0.4, a 500 InternalServerError.
      if (e instanceof ReplySendError && (e.kind === 'client' || e.kind === 'server')) {
        const existing = await this.findExisting(target, text, idempotencyKey)
        if (existing) return existing
      }
      throw e
    }
  }

  /** The reply made for this key, if the PDS has it. */
  readonly findExisting = async (
    _target: ReplyTarget,
    _text: string,
    idempotencyKey: string,
  ): Promise<SentReply | undefined> => {
    const s = await this.session()
    const rec = await this.getRecord(this.ownUri(s.did, idempotencyKey))
    return rec ? { id: rec.uri, url: null } : undefined
  }
}
