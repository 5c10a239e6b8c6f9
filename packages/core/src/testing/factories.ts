/**
 * Test factories: build valid drafts and posts with overrides. Exported under
 * `@civicpulse/core/testing`, never from the main entry point.
 */
import type { Post, PostDraft } from '../post/post.schema.js'

let n = 0

/** A valid post draft (Mastodon-like) with overrides. */
export function buildDraft(over: Partial<PostDraft> = {}): PostDraft {
  n++
  return {
    platform: 'mastodon',
    platformId: `1090000000000${String(n).padStart(5, '0')}`,
    author: {
      platformId: `acct-${n % 97}`,
      handle: `user${n % 97}@example.social`,
      displayName: `User ${n % 97}`,
    },
    text: `Bins not collected on Elm Road again, third week running #${n % 7 === 0 ? 'lewisham' : 'bins'}`,
    createdAt: '2026-11-20T08:15:00.000Z',
    hashtags: ['bins'],
    ...over,
  }
}

/** A valid post with overrides. */
export function buildPost(over: Partial<Post> = {}): Post {
  n++
  return {
    platform: 'mastodon',
    platformId: `2090000000000${String(n).padStart(5, '0')}`,
    author: { platformId: `acct-${n}`, key: `key-${n}` },
    text: 'Streetlight out on Brockley Road',
    displayText: 'Streetlight out on Brockley Road',
    createdAt: '2026-11-20T08:15:00.000Z',
    receivedAt: '2026-11-20T08:16:00.000Z',
    hashtags: [],
    mentions: [],
    links: [],
    ...over,
  }
}
