/**
 * Mastodon `Status` objects (REST arrays, single statuses, the `data:` of streaming `update` and
 * `status.update` events). HTML `content` becomes plain text; a content warning (`spoiler_text`)
 * is put before the text, separated by a blank line, so keyword search sees both.
 *
 * Reblogs: the wrapper status becomes a post with empty text and `repostOfId` set, and the
 * reblogged status is decoded as its own post too (the store's upsert makes repeats harmless).
 * Notifications and conversations are not posts and are skipped. Ids stay strings; the platform
 * id is the instance's status id, which is what streaming `delete` events refer to.
 */
import type { PostDraft } from '@civicpulse/core'
import type { DecodedItem } from './types.js'
import { htmlToText } from './html-text.js'
import {
  type Obj,
  isObj,
  metricsOf,
  optArr,
  optCount,
  optId,
  optObj,
  optStr,
  pushUnique,
  reqStr,
  toId,
} from './fields.js'
import { type RecordContext, RecordError, guarded, jsonRaw, skip } from './outcome.js'

/** True when an object looks like a Mastodon Status. */
export function isMastodonStatus(v: Obj): boolean {
  return 'id' in v && 'content' in v && 'account' in v && ('created_at' in v || 'uri' in v)
}

/** True for a Mastodon Notification (not a post: skipped). */
export function isMastodonNotification(v: Obj): boolean {
  return (
    'type' in v &&
    'account' in v &&
    'id' in v &&
    ('group_key' in v || 'created_at' in v) &&
    !('content' in v)
  )
}

/** True for a Mastodon Conversation (direct-message thread summary: skipped). */
export function isMastodonConversation(v: Obj): boolean {
  return 'accounts' in v && 'last_status' in v
}

/** Decodes one Mastodon status (and its reblogged status) into outcomes. */
export function decodeMastodonStatus(s: Obj, ctx: RecordContext, out: DecodedItem[]): void {
  guarded(
    out,
    ctx.position,
    () => ctx.rawText ?? jsonRaw(s),
    () => {
      const draft = statusToDraft(s, ctx)
      out.push({ kind: 'post', draft, position: ctx.position })
      const reblog = s['reblog']
      if (isObj(reblog)) {
        out.push({
          kind: 'post',
          draft: statusToDraft(reblog, ctx),
          position: `${ctx.position} reblogged status`,
        })
      }
    },
  )
}

/** Decodes any Mastodon JSON value: a status, an array of them, a notification or conversation. */
export function decodeMastodonValue(v: unknown, ctx: RecordContext, out: DecodedItem[]): boolean {
  if (!isObj(v)) return false
  if (isMastodonStatus(v)) decodeMastodonStatus(v, ctx, out)
  else if (isMastodonNotification(v))
    out.push(skip(`A Mastodon notification (${String(v['type'])}), not a post.`, ctx.position))
  else if (isMastodonConversation(v))
    out.push(skip('A Mastodon conversation summary, not a post.', ctx.position))
  else return false
  return true
}

function statusToDraft(s: Obj, ctx: RecordContext): PostDraft {
  const id = toId(s['id'], "The Mastodon status's `id`", ctx.rawText, 'id')
  const account = s['account']
  if (!isObj(account)) {
    throw new RecordError(
      account === undefined || account === null ? 'MISSING_FIELD' : 'WRONG_TYPE',
      `Mastodon status ${id} has no \`account\` object.`,
    )
  }
  const authorId = toId(account['id'], `The account id of Mastodon status ${id}`)
  const content = s['content']
  if (content !== undefined && content !== null && typeof content !== 'string') {
    throw new RecordError(
      'WRONG_TYPE',
      `The \`content\` of Mastodon status ${id} should be HTML text.`,
    )
  }
  const html = htmlToText(content ?? '')
  const spoiler = optStr(s, 'spoiler_text')
  const createdAt = reqStr(s, 'created_at', `The \`created_at\` of Mastodon status ${id}`)
  const draft: PostDraft = {
    platform: 'mastodon',
    platformId: id,
    url: optStr(s, 'url') ?? optStr(s, 'uri'),
    author: {
      platformId: authorId,
      handle: optStr(account, 'acct') ?? optStr(account, 'username'),
      displayName: optStr(account, 'display_name'),
    },
    text: spoiler !== undefined ? (html.text ? `${spoiler}\n\n${html.text}` : spoiler) : html.text,
    createdAt,
  }
  const lang = optStr(s, 'language')
  if (lang !== undefined) draft.langHint = lang
  const reply = optId(s['in_reply_to_id'])
  if (reply !== undefined) draft.replyToId = reply
  const reblog = s['reblog']
  if (isObj(reblog)) {
    const rid = optId(reblog['id'])
    if (rid !== undefined) draft.repostOfId = rid
  }
  const quote = optObj(s, 'quote')
  if (quote) {
    const qid = optId(optObj(quote, 'quoted_status')?.['id']) ?? optId(quote['quoted_status_id'])
    if (qid !== undefined) draft.quoteOfId = qid
  }
  const hashtags: string[] = []
  for (const t of optArr(s, 'tags')) if (isObj(t)) pushUnique(hashtags, optStr(t, 'name'))
  if (hashtags.length) draft.hashtags = hashtags
  const mentions: string[] = []
  for (const m of optArr(s, 'mentions'))
    if (isObj(m)) pushUnique(mentions, optStr(m, 'acct') ?? optStr(m, 'username'))
  if (mentions.length) draft.mentions = mentions
  if (html.links.length) draft.links = html.links
  const metrics = metricsOf({
    likes: optCount(s, 'favourites_count'),
    reposts: optCount(s, 'reblogs_count'),
    replies: optCount(s, 'replies_count'),
    quotes: optCount(s, 'quotes_count'),
  })
  if (metrics) draft.metrics = metrics
  if (ctx.keepRaw) draft.raw = s
  return draft
}
