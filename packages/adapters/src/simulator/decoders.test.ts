import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeStream, type DecodedItem } from '../decoders/index.js'
import { simulate } from './engine.js'
import { textOf } from './metrics.js'

async function decodeLine(line: string, format: string): Promise<DecodedItem[]> {
  async function* input(): AsyncGenerator<Uint8Array> {
    yield new TextEncoder().encode(line + '\n')
  }
  const items: DecodedItem[] = []
  for await (const batch of decodeStream(input(), {
    format: format as 'auto',
    source: 'sim',
    keepRaw: false,
  }))
    items.push(...batch)
  return items
}

// The product's own decoders read every simulated line as a post keyed like the truth.
test('the ingest decoders read every simulated line as a post keyed like the truth', async () => {
  const counts: Record<string, number> = {}
  for (const b of simulate({ duration: '2h', start: '2026-07-14T07:00:00+01:00', seed: 9 })) {
    for (const e of b.events) {
      const items = await decodeLine(e.line, e.format)
      const posts = items.flatMap((i) => (i.kind === 'post' ? [i.draft] : []))
      assert.equal(posts.length, items.length, `${e.format}: only posts`)
      // A Mastodon reblog also yields the original it embeds.
      const isReblog = e.format === 'mastodon' && e.line.includes('"reblog":{')
      assert.equal(posts.length, isReblog ? 2 : 1, `${e.format}: posts per line`)
      const own = posts.find((p) => `${p.platform}:${p.platformId}` === e.truth.postKey)
      assert.ok(own, `${e.format}: a post keyed ${e.truth.postKey}`)
      if (e.truth.replyTo) assert.ok(own.replyToId, `${e.format}: the reply link is kept`)
      if (isReblog) assert.ok(own.repostOfId, 'the reblog links its original')
      else if (e.format !== 'mastodon') assert.equal(own.text.trim(), textOf(e).trim())
      counts[e.format] = (counts[e.format] ?? 0) + 1
    }
  }
  for (const f of ['x-v2', 'mastodon', 'bluesky-jetstream', 'reddit'])
    assert.ok((counts[f] ?? 0) > 50, `few ${f}`)
})
