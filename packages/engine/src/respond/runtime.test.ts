import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  alwaysOpen,
  type CaseIncident,
  type CasePostRow,
  type CaseSourceReader,
  type PostCaseFacts,
  type ReplyDraft,
  type ReplyDraftStatus,
  type ReplySender,
  type RespondSettingsStore,
  type SlaPolicy,
  type TeamReplySettings,
} from '@civicpulse/core'
import { MemoryCaseStore, MemoryReplyOutbox } from './memory-store.js'
import type { Open311LinkRow } from './open311-sync.js'
import { RespondRuntime } from './runtime.js'
import { ReplyRefused, type RespondEvent } from './runtime-types.js'

const T0 = Date.parse('2026-01-05T09:00:00Z')
const policy: SlaPolicy = {
  id: 'std',
  calendar: alwaysOpen('Europe/London'),
  firstResponseMinutes: { urgent: 60, high: 120, normal: 480, low: 960 },
  resolutionMinutes: { urgent: 240, high: 960, normal: 2400, low: 4800 },
}

/** Cases, their outbox and (unused here) Open311 links, in memory. */
class Cases extends MemoryCaseStore {
  readonly outbox = new MemoryReplyOutbox()
  linkOpen311 = () => Promise.resolve()
  recordOpen311Poll = () => Promise.resolve()
  openOpen311Links = () => Promise.resolve([] as Open311LinkRow[])
  open311LinksOf = () =>
    Promise.resolve([] as (Open311LinkRow & { pushed_at: number; polled_at: number | null })[])
}

/** Respond's settings and reply drafts, in memory. */
class Settings implements RespondSettingsStore {
  teams = new Map<string, TeamReplySettings>()
  replies = new Map<string, ReplyDraft>()
  breaches = new Set<string>()
  ensureTeams(ts: readonly TeamReplySettings[]) {
    for (const t of ts) if (!this.teams.has(t.team)) this.teams.set(t.team, { ...t })
    return Promise.resolve()
  }
  ensureTemplates = () => Promise.resolve()
  sealStoredCredentials = () => Promise.resolve(0)
  teamSettings = () => Promise.resolve([...this.teams.values()])
  teamSetting = (t: string) => Promise.resolve(this.teams.get(t))
  getTemplate = () => Promise.resolve(undefined)
  addReply(r: Parameters<RespondSettingsStore['addReply']>[0], now: number) {
    const old = [...this.replies.values()].find(
      (x) => x.caseId === r.caseId && x.clientKey === r.clientKey,
    )
    if (old) return Promise.resolve({ reply: { ...old }, created: false })
    const reply: ReplyDraft = {
      ...r,
      id: String(this.replies.size + 1),
      createdAt: now,
      decidedBy: null,
      decidedAt: null,
      rejectReason: null,
      outboxId: null,
    }
    this.replies.set(reply.id, reply)
    return Promise.resolve({ reply: { ...reply }, created: true })
  }
  getReply = (id: string) => Promise.resolve(this.replies.get(id) && { ...this.replies.get(id)! })
  decideReply(
    id: string,
    from: ReplyDraftStatus,
    to: ReplyDraftStatus,
    d: { by?: string; reason?: string; outboxId?: string },
    now: number,
  ) {
    const r = this.replies.get(id)
    if (!r || r.status !== from) return Promise.resolve(false)
    r.status = to
    if (d.by !== undefined) Object.assign(r, { decidedBy: d.by, decidedAt: now })
    if (d.reason !== undefined) r.rejectReason = d.reason
    if (d.outboxId !== undefined) r.outboxId = d.outboxId
    return Promise.resolve(true)
  }
  listReplyAccounts = () =>
    Promise.resolve([{ platform: 'mastodon' as const, account: 'council', enabled: true }])
  replyAccountsStamp = () => Promise.resolve('1')
  hasBreach = (c: string, k: string) => Promise.resolve(this.breaches.has(`${c}/${k}`))
  recordBreach(c: string, k: string) {
    const key = `${c}/${k}`
    if (this.breaches.has(key)) return Promise.resolve(false)
    this.breaches.add(key)
    return Promise.resolve(true)
  }
}

const posts: CasePostRow[] = [
  {
    id: 5,
    platform: 'mastodon',
    platformId: 'm-5',
    text: 'Bins missed',
    lat: null,
    lon: null,
    placeName: null,
  },
]
const sources: CaseSourceReader = {
  postFacts: (id): Promise<PostCaseFacts | undefined> =>
    Promise.resolve(
      id === 5
        ? {
            title: 'Bins missed',
            serviceCode: 'waste.bins',
            area: 'W1',
            intent: 'complaint',
            urgency: 0.2,
            flags: [],
          }
        : undefined,
    ),
  incident: () => Promise.resolve(undefined as CaseIncident | undefined),
  threadPostIds: () => Promise.resolve([]),
  postsByIds: (ids) => Promise.resolve(posts.filter((p) => ids.includes(p.id))),
}

function setup() {
  let now = T0
  const sent: string[] = []
  const sender: ReplySender = {
    platform: 'mastodon',
    idempotentByKey: true,
    send: (t, text) => {
      sent.push(`${t.inReplyTo}:${text}`)
      return Promise.resolve({ id: `r${sent.length}`, url: null })
    },
  }
  const settings = new Settings()
  const rt = new RespondRuntime({
    cases: new Cases(),
    settings,
    sources,
    now: () => now,
    senders: () => Promise.resolve({ mastodon: sender }),
    config: {
      teams: [{ code: 'waste', name: 'Waste', policy: 'std', approvalRequired: true }],
      policies: { std: policy },
      defaultPolicy: 'std',
      rules: [],
      defaults: {
        serviceTeams: { 'waste.bins': 'waste' },
        fallbackTeam: 'waste',
        defaultPriority: 'normal',
      },
      incidents: {},
      templates: [],
      open311: { endpoints: [] },
    },
  })
  return { rt, sent, settings, advance: (ms: number) => (now += ms) }
}

test('the engine runtime runs over ports alone: a held reply needs a second person, then is sent', async () => {
  const { rt, sent } = setup()
  await rt.start()
  const events: RespondEvent['type'][] = []
  rt.subscribe((e) => events.push(e.type))
  const { case: c, created } = await rt.openFromPost(5, 'ann')
  assert.equal(created, true)
  assert.equal(c.team, 'waste')
  await assert.rejects(
    rt.openFromPost(6, 'ann'),
    (e: unknown) => e instanceof ReplyRefused && e.status === 404,
  )
  await assert.rejects(
    rt.submitReply(c.id, { text: 'Dear {{name}}', clientKey: 'k-1' }, 'ann'),
    (e: unknown) => e instanceof ReplyRefused && e.code === 'REPLY_PLACEHOLDERS',
  )
  const held = await rt.submitReply(
    c.id,
    { text: 'We will collect today.', clientKey: 'k-1' },
    'ann',
  )
  assert.equal(held.status, 'awaiting_approval')
  await assert.rejects(
    rt.approveReply(c.id, held.id, 'ann'),
    (e: unknown) => e instanceof ReplyRefused && e.status === 403,
  )
  const ok = await rt.approveReply(c.id, held.id, 'bob')
  assert.equal(ok.status, 'queued')
  assert.equal(ok.decidedBy, 'bob')
  await rt.runOutbox()
  assert.deepEqual(sent, ['m-5:We will collect today.'])
  assert.ok(events.includes('case.created') && events.includes('reply.updated'))
})

test('the engine runtime sweeps each breach once and reports SLA figures', async () => {
  const { rt, advance } = setup()
  await rt.start()
  const { case: c } = await rt.openFromPost(5, 'ann')
  advance(9 * 3_600_000) // past the 8-hour first response target
  assert.equal(await rt.sweepSla(), 1)
  assert.equal(await rt.sweepSla(), 0, 'a breach is announced once')
  const rep = await rt.slaReport(T0 - 1, T0 + 1)
  assert.equal(rep.overall.cases, 1)
  assert.equal(rep.overall.openBreaches, 1)
  assert.deepEqual(
    rep.teams.map((t) => t.team),
    [c.team],
  )
})
