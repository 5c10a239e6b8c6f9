/**
 * The Bluesky sender against a REAL local PDS (`@atproto/pds` 0.4.217, SQLite, with an in-memory
 * `@did-plc/server` directory), everything bound to 127.0.0.1: two accounts, a citizen's post
 * ingested through the Jetstream decoder, a reply from the council account, read back from the
 * council's repo, and a repeated send with the same key that creates no second reply.
 * Skips when the packages are not installed.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BlueskyReplySender, tidFromKey } from './bluesky.js'
import { decodeJetstreamEvent } from '../decoders/bluesky.js'
import type { DecodedItem } from '../decoders/types.js'
import { loadLocalPds, startLocalPds, type LocalPds } from './testing/local-pds.js'

const modules = await loadLocalPds()
const skip = typeof modules === 'string' ? modules : false

test(
  'Bluesky reply through a real local PDS, threaded and sent once',
  { skip, timeout: 60_000 },
  async () => {
    let pds: LocalPds | undefined
    try {
      pds = await startLocalPds(modules as Exclude<typeof modules, string>)
      const base = pds.base
      const citizen = await pds.createAccount('citizen.test', 'citizen-pass')
      const council = await pds.createAccount('council.test', 'council-pass')
      const created = await pds.post(
        citizen,
        'The streetlight on Mill Lane has been out for a week #streetlights',
      )
      const { rkey, record } = created

      // Ingest: the citizen's post as Jetstream would deliver it, through the project's decoder.
      const out: DecodedItem[] = []
      decodeJetstreamEvent(
        {
          did: citizen.did,
          time_us: Date.now() * 1000,
          kind: 'commit',
          commit: {
            rev: '3l0000000000a',
            operation: 'create',
            collection: 'app.bsky.feed.post',
            rkey,
            record,
            cid: created.cid,
          },
        },
        { position: 'event 1', keepRaw: false },
        out,
      )
      const item = out[0] as Extract<DecodedItem, { kind: 'post' }>
      assert.equal(item?.kind, 'post')
      const platformId = (item as unknown as { draft: { platformId: string } }).draft.platformId
      assert.equal(platformId, created.uri)

      // Reply from the case, as the outbox would.
      const sender = new BlueskyReplySender({
        service: base,
        identifier: 'council.test',
        password: 'council-pass',
        maxInlineRetries: 0,
      })
      const target = { platform: 'bluesky' as const, account: 'council', inReplyTo: platformId }
      const text = 'Thanks for telling us. Street Lighting will fix it this week. Ref CP-21.'
      const sent = await sender.send(target, text, 'cp-pds-key-1')
      assert.equal(sent.id, `at://${council.did}/app.bsky.feed.post/${tidFromKey('cp-pds-key-1')}`)

      // Read it back in the thread: the council's repo holds one post replying to the citizen's.
      const list = () => (pds as LocalPds).listPosts(council.did)
      const [reply] = await list()
      assert.equal(reply?.uri, sent.id)
      assert.equal(reply?.value.text, text)
      assert.deepEqual(reply?.value.reply?.parent, { uri: created.uri, cid: created.cid })
      assert.deepEqual(reply?.value.reply?.root, { uri: created.uri, cid: created.cid })

      // After a crash: the lookup finds it, and even a blind resend with the same key makes no second post.
      assert.deepEqual(await sender.findExisting(target, text, 'cp-pds-key-1'), {
        id: sent.id,
        url: null,
      })
      assert.equal(await sender.findExisting(target, text, 'cp-pds-key-2'), undefined)
      const again = await sender.send(target, text, 'cp-pds-key-1')
      assert.equal(again.id, sent.id)
      assert.equal((await list()).length, 1)
    } finally {
      await pds?.stop()
    }
  },
)
