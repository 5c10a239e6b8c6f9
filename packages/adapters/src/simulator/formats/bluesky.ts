/**
 * Bluesky Jetstream commit events for `app.bsky.feed.post` creates: the record with `langs`,
 * rich-text `facets` (hashtags, mentions with DIDs, links) indexed by UTF-8 BYTE offsets, and
 * `reply` strong refs (root and parent) for replies.
 */
import { findEntities, iso, type SimPost } from './post.js'

/** The at:// URI of a post. */
export function atUri(p: SimPost): string {
  return `at://${p.author.id}/app.bsky.feed.post/${p.id}`
}

/** UTF-8 length of `s` between UTF-16 indices `from` and `to`. */
function utf8Length(s: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

/** Writes Jetstream events; keeps `time_us` strictly increasing as the firehose does. */
export class JetstreamWriter {
  private lastUs = 0

  constructor(private readonly didOf: (handle: string) => string | undefined) {}

  /** One Jetstream event line. `rev` is a fresh TID for the repo commit. */
  line(p: SimPost, rev: string, delayUs: number): string {
    const facets: unknown[] = []
    const ents =
      p.text.includes('#') || p.text.includes('@') || p.text.includes('http')
        ? findEntities(p.text, 'bluesky')
        : []
    let bytePos = 0
    let charPos = 0
    for (const e of ents) {
      let feature: Record<string, string> | undefined
      if (e.type === 'hashtag') feature = { $type: 'app.bsky.richtext.facet#tag', tag: e.value }
      else if (e.type === 'url') feature = { $type: 'app.bsky.richtext.facet#link', uri: e.value }
      else {
        const did = this.didOf(e.value)
        if (did) feature = { $type: 'app.bsky.richtext.facet#mention', did }
      }
      if (!feature) continue
      const byteStart = bytePos + utf8Length(p.text, charPos, e.start)
      const byteEnd = byteStart + utf8Length(p.text, e.start, e.end)
      bytePos = byteEnd
      charPos = e.end
      facets.push({ features: [feature], index: { byteEnd, byteStart } })
    }
    const record: Record<string, unknown> = {
      $type: 'app.bsky.feed.post',
      createdAt: p.iso ?? iso(p.at),
    }
    if (facets.length > 0) record['facets'] = facets
    record['langs'] = [p.lang]
    if (p.replyTo) {
      const root = p.root ?? p.replyTo
      record['reply'] = {
        parent: { cid: p.replyTo.cid, uri: atUri(p.replyTo) },
        root: { cid: root.cid, uri: atUri(root) },
      }
    }
    record['text'] = p.text
    let us = p.at * 1000 + delayUs
    if (us <= this.lastUs) us = this.lastUs + 1
    this.lastUs = us
    return JSON.stringify({
      did: p.author.id,
      time_us: us,
      kind: 'commit',
      commit: {
        rev,
        operation: 'create',
        collection: 'app.bsky.feed.post',
        rkey: p.id,
        record,
        cid: p.cid,
      },
    })
  }
}
