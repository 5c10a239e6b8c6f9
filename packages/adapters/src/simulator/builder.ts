/**
 * Builds the post itself once its text is written: platform ids (snowflakes, TIDs, base-36), reply
 * and repost links, Reddit subreddit and title, occasional X geotags, the payload line in the
 * platform's shape, and the final truth record.
 */
import type { AuthorPool, SimAuthor } from './authors.js'
import { atUri, JetstreamWriter } from './formats/bluesky.js'
import { mastodonLine } from './formats/mastodon.js'
import type { SimPost } from './formats/post.js'
import { redditLine, splitTitle } from './formats/reddit.js'
import { xLine } from './formats/x.js'
import type { IdFactory } from './ids.js'
import type { SimGazetteer, SimStreet } from './places.js'
import type { Rng } from './prng.js'
import type { Emitted, FailureRt } from './plan.js'
import type { SimEvent, SimFormat, SimPlatform, SimTruth } from './types.js'
import type { Written } from './writer.js'

const FORMAT: Record<SimPlatform, SimFormat> = {
  x: 'x-v2',
  mastodon: 'mastodon',
  bluesky: 'bluesky-jetstream',
  reddit: 'reddit',
}
const RULES = {
  places: { id: '1944012760237178881', tag: 'lewisham places' },
  council: { id: '1944012760237178882', tag: 'lewisham council accounts' },
  tags: { id: '1944012760237178883', tag: 'lewisham hashtags' },
}

/** Turns written posts into events. */
export class PostBuilder {
  private readonly jet: JetstreamWriter

  private readonly streets = new Map<string, SimStreet>()

  constructor(
    private readonly rng: Rng,
    private readonly gz: SimGazetteer,
    private readonly pool: AuthorPool,
    private readonly ids: IdFactory,
  ) {
    this.jet = new JetstreamWriter((h) => pool.byHandle('bluesky', h)?.id)
    for (const st of gz.streets) if (!this.streets.has(st.name)) this.streets.set(st.name, st)
  }

  private streetByName(name: string): SimStreet | undefined {
    return this.streets.get(name)
  }

  /** Gives a written post its ids, payload line and truth. */
  finish(
    at: number,
    platform: SimPlatform,
    author: SimAuthor,
    w: Written,
    truthIn: Partial<SimTruth>,
    ward: string,
    o: {
      serviceKey?: string | undefined
      failure?: FailureRt | undefined
      replyTo?: Emitted | undefined
      repostOf?: Emitted | undefined
    },
  ): { event: SimEvent; emitted: Emitted } {
    const rng = this.rng
    const parent = o.replyTo?.post
    let text = w.text
    if (parent && parent.author.id !== author.id) {
      if (platform === 'x') text = `@${parent.author.handle} ${text}`
      else if (platform === 'mastodon')
        text = `@${parent.author.handle.split('@')[0]}@${parent.author.instance} ${text}`
    }
    const iso = new Date(at).toISOString()
    const post: SimPost = {
      platform,
      at,
      iso,
      id: '',
      key: '',
      author,
      text,
      lang: w.lang,
      replies: 0,
    }
    if (parent) {
      post.replyTo = parent
      post.root = parent.root ?? parent
      parent.replies++
      if (post.root !== parent) post.root.replies++
    }
    if (o.repostOf) post.repostOf = o.repostOf.post
    switch (platform) {
      case 'x':
        post.id = this.ids.x(at)
        post.key = `x:${post.id}`
        break
      case 'mastodon':
        post.id = this.ids.mastodon(at)
        post.key = `mastodon:${post.id}`
        break
      case 'bluesky':
        post.id = this.ids.tid(at)
        post.cid = this.ids.cid()
        post.key = `bluesky:${atUri(post)}`
        break
      case 'reddit': {
        post.subreddit = parent?.subreddit ?? this.subreddit(truthIn.civic === true)
        if (parent) {
          post.redditKind = 't1'
          post.id = this.ids.redditComment()
          post.key = `reddit:t1_${post.id}`
        } else {
          post.redditKind = 't3'
          post.id = this.ids.redditLink()
          post.key = `reddit:t3_${post.id}`
          post.title = splitTitle(text).title
        }
        break
      }
    }
    let geo = false
    if (
      platform === 'x' &&
      truthIn.civic &&
      truthIn.kind !== 'council' &&
      !o.repostOf &&
      rng.chance(0.04)
    ) {
      const st = w.street ? this.streetByName(w.street) : undefined
      const wd = this.gz.wardByName.get(ward)
      const lat = (st?.lat ?? wd?.lat ?? 51.45) + (rng.next() - 0.5) * 0.003
      const lon = (st?.lon ?? wd?.lon ?? -0.02) + (rng.next() - 0.5) * 0.004
      post.geo = { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 }
      geo = true
    }
    const truth: SimTruth = {
      postKey: post.key,
      civic: false,
      kind: 'chatter',
      lang: w.lang,
      ...truthIn,
    } as SimTruth
    truth.postKey = post.key
    if (truth.civic) {
      truth.ward = ward
      const code = this.gz.wardByName.get(ward)?.code
      if (code !== undefined) truth.wardCode = code
      truth.place = w.placeInText ? 'text' : geo ? 'geo' : 'none'
    }
    if (parent) truth.replyTo = parent.key
    const line = this.line(post)
    const emitted: Emitted = {
      post,
      truth,
      ward,
      serviceKey: o.serviceKey,
      failure: o.failure,
      depth: parent ? 1 : 0,
    }
    return {
      event: { at: iso, format: FORMAT[platform], line, truth },
      emitted,
    }
  }

  private line(p: SimPost): string {
    switch (p.platform) {
      case 'x': {
        const rule = /@LewishamCouncil|@Lewisham\w+/i.test(p.text)
          ? RULES.council
          : p.text.includes('#')
            ? RULES.tags
            : RULES.places
        return xLine(p, (h) => this.pool.byHandle('x', h)?.id, rule)
      }
      case 'mastodon':
        return mastodonLine(p, (h) => this.pool.byHandle('mastodon', h))
      case 'bluesky':
        return this.jet.line(p, this.ids.tid(p.at), 50_000 + this.rng.int(900_000))
      case 'reddit':
        return redditLine(p)
    }
  }

  private subreddit(civic: boolean): string {
    const r = this.rng.next()
    if (civic) return r < 0.75 ? 'lewisham' : r < 0.85 ? 'london' : 'southlondon'
    return r < 0.45 ? 'london' : r < 0.8 ? 'lewisham' : 'southlondon'
  }
}
