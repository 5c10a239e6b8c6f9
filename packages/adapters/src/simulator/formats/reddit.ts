/**
 * Reddit Listings holding one child: a `t3` link (self post: title + selftext) or a `t1` comment
 * (body, parent_id, link_id), with the fields the API returns under `raw_json=1`.
 */
import { escapeHtml, type SimPost } from './post.js'

const SUBREDDIT_IDS: Record<string, string> = {
  lewisham: 't5_2sx4m',
  london: 't5_2qkog',
  southlondon: 't5_2tb1x',
}

function md(s: string): string {
  return (
    '<div class="md">' +
    s
      .split('\n\n')
      .map((x) => `<p>${escapeHtml(x)}</p>`)
      .join('\n\n') +
    '\n</div>'
  )
}

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 50) || 'post'
  )
}

function listing(kind: 't3' | 't1', name: string, members: string): string {
  return `{"kind":"Listing","data":{"after":"${name}","dist":1,"modhash":"","geo_filter":"","children":[{"kind":"${kind}","data":{${members}}}],"before":null}}`
}

/** Splits a generated text into a Reddit title and self text. */
export function splitTitle(text: string): { title: string; selftext: string } {
  const m = /^(.{12,160}?[.!?])\s+(.+)$/s.exec(text)
  if (m) return { title: m[1] as string, selftext: m[2] as string }
  return { title: text.slice(0, 300), selftext: '' }
}

const COMMON_STATIC = inner({
  approved_at_utc: null,
  author_is_blocked: false,
  mod_reason_by: null,
  banned_by: null,
  ups: 1,
  num_reports: null,
  author_flair_type: 'text',
  total_awards_received: 0,
  likes: null,
  user_reports: [],
  saved: false,
  banned_at_utc: null,
  mod_reason_title: null,
  gilded: 0,
  archived: false,
  no_follow: true,
  can_mod_post: false,
  send_replies: true,
  score: 1,
  over_18: false,
  report_reasons: null,
  removal_reason: null,
  approved_by: null,
  edited: false,
  top_awarded_type: null,
  downs: 0,
  author_flair_css_class: null,
  author_flair_richtext: [],
  author_patreon_flair: false,
  gildings: {},
  distinguished: null,
  stickied: false,
  author_premium: false,
  can_gild: false,
  author_flair_text: null,
  treatment_tags: [],
  awarders: [],
  all_awardings: [],
  locked: false,
  author_flair_background_color: null,
  mod_reports: [],
  quarantine: false,
  mod_note: null,
  subreddit_type: 'public',
})

const T1_STATIC = inner({
  comment_type: null,
  replies: '',
  collapsed_reason_code: null,
  controversiality: 0,
  collapsed: false,
  collapsed_reason: null,
  associated_award: null,
  unrepliable_reason: null,
  author_flair_text_color: null,
  score_hidden: true,
  author_flair_template_id: null,
  collapsed_because_crowd_control: null,
})

const T3_STATIC = inner({
  clicked: false,
  link_flair_richtext: [],
  hidden: false,
  pwls: 6,
  link_flair_css_class: null,
  thumbnail_height: null,
  hide_score: true,
  link_flair_text_color: 'dark',
  upvote_ratio: 1,
  media_embed: {},
  thumbnail_width: null,
  is_original_content: false,
  secure_media: null,
  is_reddit_media_domain: false,
  is_meta: false,
  category: null,
  secure_media_embed: {},
  link_flair_text: null,
  is_created_from_ads_ui: false,
  thumbnail: 'self',
  content_categories: null,
  is_self: true,
  link_flair_type: 'text',
  wls: 6,
  removed_by_category: null,
  allow_live_comments: false,
  suggested_sort: null,
  view_count: null,
  is_crosspostable: true,
  pinned: false,
  media_only: false,
  spoiler: false,
  visited: false,
  removed_by: null,
  link_flair_background_color: '',
  is_robot_indexable: true,
  discussion_type: null,
  num_comments: 0,
  contest_mode: false,
  num_crossposts: 0,
  media: null,
  is_video: false,
})

/** The members of a JSON object without its braces, for splicing fixed fields into a line. */
function inner(o: Record<string, unknown>): string {
  return JSON.stringify(o).slice(1, -1)
}

/** One Listing line for a post. */
export function redditLine(p: SimPost): string {
  const sub = p.subreddit ?? 'lewisham'
  const created = Math.floor(p.at / 1000)
  const common = inner({
    subreddit_id: SUBREDDIT_IDS[sub] ?? 't5_2sx4m',
    subreddit: sub,
    subreddit_name_prefixed: `r/${sub}`,
    author: p.author.handle,
    author_fullname: `t2_${p.author.id}`,
    created,
    created_utc: created,
  })
  if (p.redditKind === 't1') {
    const link = p.root ?? p.replyTo
    const linkTitle = link?.title ?? ''
    const permalinkBase = `/r/${sub}/comments/${link?.id ?? ''}/${slug(linkTitle)}/`
    const name = `t1_${p.id}`
    const data = inner({
      link_title: linkTitle,
      link_author: link?.author.handle ?? '[deleted]',
      id: p.id,
      num_comments: link ? link.replies : 0,
      parent_id: p.replyTo
        ? `${p.replyTo.redditKind ?? 't3'}_${p.replyTo.id}`
        : `t3_${link?.id ?? ''}`,
      body: p.text,
      is_submitter: link ? link.author.id === p.author.id : false,
      body_html: md(p.text),
      link_id: `t3_${link?.id ?? ''}`,
      permalink: `${permalinkBase}${p.id}/`,
      link_permalink: `https://www.reddit.com${permalinkBase}`,
      name,
      link_url: `https://www.reddit.com${permalinkBase}`,
    })
    return listing('t1', name, `${COMMON_STATIC},${T1_STATIC},${common},${data}`)
  }
  const title = p.title ?? p.text
  const selftext = p.title !== undefined ? p.text.slice(p.title.length).trim() : ''
  const permalink = `/r/${sub}/comments/${p.id}/${slug(title)}/`
  const name = `t3_${p.id}`
  const data = inner({
    selftext,
    title,
    name,
    domain: `self.${sub}`,
    selftext_html: selftext ? `<!-- SC_OFF -->${md(selftext)}<!-- SC_ON -->` : null,
    id: p.id,
    permalink,
    url: `https://www.reddit.com${permalink}`,
    subreddit_subscribers: sub === 'london' ? 1_120_000 : sub === 'lewisham' ? 23_400 : 41_000,
  })
  return listing('t3', name, `${COMMON_STATIC},${T3_STATIC},${common},${data}`)
}
