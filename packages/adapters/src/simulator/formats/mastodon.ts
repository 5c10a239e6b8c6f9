/**
 * Mastodon Status objects as a server's streaming/timeline API returns them: HTML `content` with
 * hashtag and h-card mention links, `tags[]`, `mentions[]`, replies (`in_reply_to_id`) and reblogs
 * (a wrapper status whose `reblog` holds the original). Seen from one observing server.
 */
import type { SimAuthor } from '../authors.js'
import { escapeHtml, findEntities, iso, type SimPost } from './post.js'

const HOME = 'mastodon.social'

function username(a: SimAuthor): string {
  return a.handle.split('@')[0] as string
}

function profileUrl(a: SimAuthor): string {
  return `https://${a.instance}/@${username(a)}`
}

function account(a: SimAuthor): string {
  if (a.cache === undefined) a.cache = JSON.stringify(accountObject(a))
  return a.cache
}

function accountObject(a: SimAuthor): Record<string, unknown> {
  const user = username(a)
  return {
    id: a.id,
    username: user,
    acct: a.instance === HOME ? user : `${user}@${a.instance}`,
    display_name: a.name,
    locked: false,
    bot: a.kind === 'bot',
    discoverable: true,
    indexable: true,
    group: false,
    created_at: iso(Math.floor(a.createdMs / 86_400_000) * 86_400_000),
    note: '',
    url: profileUrl(a),
    uri: `https://${a.instance}/users/${user}`,
    avatar: `https://${HOME}/avatars/original/missing.png`,
    avatar_static: `https://${HOME}/avatars/original/missing.png`,
    header: `https://${HOME}/headers/original/missing.png`,
    header_static: `https://${HOME}/headers/original/missing.png`,
    followers_count: a.kind === 'official' ? 5210 : Number(a.id.slice(-3)) % 400,
    following_count: Number(a.id.slice(-4, -1)) % 300,
    statuses_count: 50 + (Number(a.id.slice(-5)) % 3000),
    last_status_at: null,
    hide_collections: null,
    emojis: [],
    fields: [],
  }
}

/** Looks up a mentioned handle (`user` or `user@server`) among known accounts. */
export type AccountLookup = (handle: string) => SimAuthor | undefined

function status(p: SimPost, lookup: AccountLookup, reblog?: string): string {
  const user = username(p.author)
  const ents =
    p.text.includes('#') || p.text.includes('@') || p.text.includes('http')
      ? findEntities(p.text, 'mastodon')
      : []
  const tags: { name: string; url: string }[] = []
  const mentions: { id: string; username: string; url: string; acct: string }[] = []
  let html = ''
  let pos = 0
  for (const e of ents) {
    let rep: string | undefined
    if (e.type === 'hashtag') {
      const url = `https://${HOME}/tags/${encodeURIComponent(e.value.toLowerCase())}`
      tags.push({ name: e.value.toLowerCase(), url })
      rep = `<a href="${url}" class="mention hashtag" rel="tag">#<span>${escapeHtml(e.value)}</span></a>`
    } else if (e.type === 'mention') {
      const a = lookup(e.value)
      if (a) {
        const acct = a.instance === HOME ? username(a) : `${username(a)}@${a.instance}`
        mentions.push({ id: a.id, username: username(a), url: profileUrl(a), acct })
        rep = `<span class="h-card" translate="no"><a href="${profileUrl(a)}" class="u-url mention">@<span>${escapeHtml(username(a))}</span></a></span>`
      }
    } else {
      const rest = e.value.replace(/^https?:\/\//, '')
      rep = `<a href="${escapeHtml(e.value)}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${e.value.startsWith('https') ? 'https://' : 'http://'}</span><span class="">${escapeHtml(rest)}</span><span class="invisible"></span></a>`
    }
    if (rep === undefined) continue
    html += escapeHtml(p.text.slice(pos, e.start)) + rep
    pos = e.end
  }
  html += escapeHtml(p.text.slice(pos))
  const content =
    p.text === ''
      ? ''
      : html.includes('\n')
        ? '<p>' +
          html
            .split('\n\n')
            .map((x) => x.replace(/\n/g, '<br />'))
            .join('</p><p>') +
          '</p>'
        : `<p>${html}</p>`
  const re = p.repostOf !== undefined
  const inst = p.author.instance
  // Built as a string: ids, times, handles and servers need no escaping; text goes through JSON.stringify.
  return (
    `{"id":"${p.id}","created_at":"${p.iso ?? iso(p.at)}",` +
    `"in_reply_to_id":${p.replyTo ? `"${p.replyTo.id}"` : 'null'},` +
    `"in_reply_to_account_id":${p.replyTo ? `"${p.replyTo.author.id}"` : 'null'},` +
    `"sensitive":false,"spoiler_text":"","visibility":"public","language":${re ? 'null' : `"${p.lang}"`},` +
    `"uri":"https://${inst}/users/${user}/statuses/${p.id}${re ? '/activity' : ''}",` +
    `"url":${re ? 'null' : `"https://${inst}/@${user}/${p.id}"`},` +
    `"replies_count":0,"reblogs_count":0,"favourites_count":0,"quotes_count":0,"edited_at":null,` +
    `"content":${JSON.stringify(content)},"reblog":${reblog ?? 'null'},"application":null,` +
    `"account":${account(p.author)},"media_attachments":[],"mentions":${JSON.stringify(mentions)},` +
    `"tags":${JSON.stringify(tags)},"emojis":[],"quote":null,"card":null,"poll":null}`
  )
}

/** One Status (NDJSON line) for a post; a reblog is a wrapper status around the original. */
export function mastodonLine(p: SimPost, lookup: AccountLookup): string {
  if (p.repostOf)
    return status({ ...p, text: '', replyTo: undefined }, lookup, status(p.repostOf, lookup))
  return status(p, lookup)
}
