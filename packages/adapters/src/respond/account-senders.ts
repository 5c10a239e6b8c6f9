/**
 * Reply senders from the stored reply accounts: one sender per platform that routes each reply to
 * the account its target names (the first account when that one is gone). Credentials go straight
 * from the account into its sender; disabled accounts get none.
 */
import type { ReplyPlatform, ReplySender, ReplyTarget } from '@civicpulse/core'
import { createReplySenders, type ReplySettings } from '../replies/index.js'
import type { ReplyAccount } from '../store/queries/respond-settings.js'

/** One sender per platform that picks the account named by the reply's target. */
function accountRouter(platform: ReplyPlatform, byAccount: Map<string, ReplySender>): ReplySender {
  const first = [...byAccount.values()][0] as ReplySender
  const pick = (t: ReplyTarget) => byAccount.get(t.account) ?? first
  return {
    platform,
    idempotentByKey: first.idempotentByKey,
    send: (t, text, key) => pick(t).send(t, text, key),
    findExisting: first.findExisting
      ? async (t, text, key) => pick(t).findExisting?.(t, text, key)
      : undefined,
  }
}

/** Builds the sender settings of one account (credentials go straight into the sender). */
export function senderSettings(a: ReplyAccount, f: typeof fetch | undefined): ReplySettings {
  const c = a.credentials
  const base = a.baseUrl ?? undefined
  const http = f ? { fetch: f } : {}
  switch (a.platform) {
    case 'mastodon':
      return {
        mastodon: {
          baseUrl: base ?? 'https://mastodon.social',
          accessToken: c['accessToken'] ?? '',
          ...http,
        },
      }
    case 'x':
      return {
        x: {
          ...(base ? { baseUrl: base } : {}),
          accessToken: c['accessToken'] ?? '',
          ...(c['userId'] ? { userId: c['userId'] } : {}),
          ...http,
        },
      }
    case 'reddit':
      return {
        reddit: {
          ...(base ? { baseUrl: base } : {}),
          accessToken: c['accessToken'] ?? '',
          ...(c['username'] ? { username: c['username'] } : {}),
          userAgent: c['userAgent'] ?? 'civicpulse:respond:0.1 (council replies)',
          ...http,
        },
      }
    case 'bluesky':
      return {
        bluesky: {
          service: base ?? 'https://bsky.social',
          identifier: c['identifier'] ?? '',
          password: c['password'] ?? '',
          ...http,
        },
      }
  }
}

/** The senders for the enabled reply accounts, one router per platform. */
export function sendersForAccounts(
  accounts: readonly ReplyAccount[],
  f?: typeof fetch,
): Partial<Record<ReplyPlatform, ReplySender>> {
  const byPlatform = new Map<ReplyPlatform, Map<string, ReplySender>>()
  for (const a of accounts) {
    if (!a.enabled) continue
    const s = createReplySenders(senderSettings(a, f))[a.platform]
    if (!s) continue
    let m = byPlatform.get(a.platform)
    if (!m) byPlatform.set(a.platform, (m = new Map()))
    m.set(a.account, s)
  }
  const senders: Partial<Record<ReplyPlatform, ReplySender>> = {}
  for (const [p, m] of byPlatform) senders[p] = accountRouter(p, m)
  return senders
}
