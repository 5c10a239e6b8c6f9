/**
 * `civicpulse campaign` — government-started hashtag conversations (Converse): create a campaign,
 * list campaigns with their counts and themes, refresh, record "you said, we did" actions, export
 * posts or themes, and write the campaign report (HTML, PDF or JSON).
 */
import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { AppError, type CampaignInput } from '@civicpulse/core'
import { refreshCampaign } from '@civicpulse/engine'
import {
  CampaignRepository,
  campaignPostsCsv,
  campaignPostsJson,
  campaignThemesCsv,
  htmlToPdf,
  openSqliteStore,
  renderCampaignReport,
  themeDetail,
  type SqliteStore,
} from '@civicpulse/adapters'
import { dbPath } from '../options.js'

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0)
const collect = (v: string, prev: string[]): string[] => [...prev, v]

/** Writes text or bytes to `--out`, or to standard output. */
export async function writeOutput(
  out: string | undefined,
  data: string | Uint8Array,
): Promise<void> {
  if (out && out !== '-') {
    await writeFile(out, data)
    return
  }
  if (typeof data !== 'string' && process.stdout.isTTY)
    throw new AppError(
      'USAGE_INVALID',
      'A PDF is binary: give --out FILE or redirect standard output.',
    )
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(data, (e) => (e ? reject(e) : resolve())),
  )
}

async function withStore<T>(
  db: string | undefined,
  fn: (store: SqliteStore, repo: CampaignRepository) => Promise<T>,
): Promise<T> {
  const store = await openSqliteStore({ path: dbPath(db) })
  try {
    return await fn(store, new CampaignRepository(store.db))
  } finally {
    await store.close()
  }
}

function format<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new AppError('USAGE_INVALID', `--format is one of ${allowed.join(', ')}.`)
  return value as T
}

/** Re-attaches and re-groups one campaign; returns its view. */
async function refresh(repo: CampaignRepository, name: string) {
  const { campaign } = await repo.get(name)
  return (await refreshCampaign(repo, campaign, Date.now)).view
}

/** Registers the command. */
export function register(program: Command): void {
  const cmd = program
    .command('campaign')
    .description('Government-started hashtag conversations: create, list, report, export.')

  cmd
    .command('create')
    .description(
      'Open a campaign: posts with its hashtags (or replying to / quoting its own posts) attach to it.',
    )
    .argument('<name>', 'the campaign name (its title in reports)')
    .requiredOption(
      '--hashtags <list>',
      'comma-separated hashtags, e.g. LewishamParksReview,AskLewisham',
    )
    .option('--keywords <list>', 'comma-separated words or phrases that also attach a post')
    .option(
      '--accounts <list>',
      "comma-separated handles of the campaign's own accounts (replies to their campaign posts attach)",
    )
    .option(
      '--from <iso>',
      'start of the period (default: from the beginning of the data)',
      '1970-01-01T00:00:00Z',
    )
    .option('--to <iso>', 'end of the period (default: open)')
    .option(
      '--question <text>',
      'a question the campaign asks (repeatable)',
      collect,
      [] as string[],
    )
    .option('--services <list>', 'comma-separated service codes in scope')
    .option('--areas <list>', 'comma-separated ward codes or names in scope')
    .option('--team <name>', 'the owner team')
    .option(
      '--themes <n>',
      'how many themes to group contributions into (default: chosen from the data)',
    )
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--json', 'print the new campaign as JSON')
    .action(
      async (
        name: string,
        f: {
          hashtags: string
          keywords?: string
          accounts?: string
          from: string
          to?: string
          question: string[]
          services?: string
          areas?: string
          team?: string
          themes?: string
          db?: string
          json?: boolean
        },
      ) => {
        const input: CampaignInput = {
          name,
          hashtags: list(f.hashtags),
          keywords: list(f.keywords),
          accounts: list(f.accounts),
          startsAt: f.from,
          ...(f.to ? { endsAt: f.to } : {}),
          questions: f.question,
          services: list(f.services),
          areas: list(f.areas),
          ...(f.team ? { ownerTeam: f.team } : {}),
          ...(f.themes ? { themeCount: Number(f.themes) } : {}),
        }
        await withStore(f.db, async (_store, repo) => {
          await repo.create(input)
          const view = await refresh(repo, name)
          const summary = {
            name,
            hashtags: view.hashtags,
            posts: view.participation.posts,
            participants: view.participation.participants,
            themes: view.themes.map((t) => ({ id: t.id, label: t.label, size: t.size })),
          }
          if (f.json) process.stdout.write(JSON.stringify(summary) + '\n')
          else
            process.stdout.write(
              `Campaign "${name}" created: ${summary.posts} posts from ${summary.participants} participants so far, ${summary.themes.length} themes.\n`,
            )
        })
      },
    )

  cmd
    .command('list')
    .description('List campaigns with their posts, participants (a count) and themes.')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .option('--no-refresh', 'show the figures of the last refresh instead of recomputing them')
    .option(
      '--json',
      'print a JSON array of {name,hashtags,posts,participants,themes:[{id,label,size}]}',
    )
    .action(async (f: { db?: string; refresh: boolean; json?: boolean }) => {
      await withStore(f.db, async (_store, repo) => {
        if (f.refresh)
          for (const s of await repo.list()) await refreshCampaign(repo, s.campaign, Date.now)
        const rows = await repo.summaries()
        if (f.json) {
          process.stdout.write(JSON.stringify(rows) + '\n')
          return
        }
        if (!rows.length) {
          process.stdout.write(
            'No campaigns. Open one with: civicpulse campaign create NAME --hashtags TAG\n',
          )
          return
        }
        for (const r of rows) {
          process.stdout.write(
            `${r.name}  ${r.hashtags.map((h) => `#${h}`).join(' ')}\n  ${r.posts} posts · ${r.participants} participants · ${r.themes.length} themes\n`,
          )
          for (const t of r.themes)
            process.stdout.write(`    ${String(t.size).padStart(5)}  ${t.label}\n`)
        }
      })
    })

  cmd
    .command('refresh')
    .description("Re-attach the campaign's posts and re-group its themes.")
    .argument('<name>', 'the campaign name')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(async (name: string, f: { db?: string }) => {
      await withStore(f.db, async (_store, repo) => {
        const v = await refresh(repo, name)
        process.stdout.write(
          `${name}: ${v.participation.posts} posts, ${v.participation.participants} participants, ${v.themes.length} themes.\n`,
        )
      })
    })

  cmd
    .command('action')
    .description('Record what the team did about a theme ("you said, we did").')
    .argument('<name>', 'the campaign name')
    .requiredOption('--theme <label>', 'the theme label (or its id, e.g. theme-2)')
    .requiredOption('--did <text>', 'what was done or is planned')
    .option('--status <status>', 'planned, in-progress or done', 'planned')
    .option('--team <name>', 'the team that acted')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(
      async (
        name: string,
        f: { theme: string; did: string; status: string; team?: string; db?: string },
      ) => {
        await withStore(f.db, async (_store, repo) => {
          const a = await repo.recordAction(name, {
            themeLabel: f.theme,
            action: f.did,
            status: f.status,
            ...(f.team ? { team: f.team } : {}),
          })
          process.stdout.write(`Recorded action ${a.id} on "${a.themeLabel}" (${a.status}).\n`)
        })
      },
    )

  cmd
    .command('export')
    .description("Export the campaign's posts or themes as CSV or JSON (no author fields).")
    .argument('<name>', 'the campaign name')
    .option('--what <what>', 'posts or themes', 'posts')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--theme <theme>', 'only the posts of this theme (label or id)')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(
      async (
        name: string,
        f: { what: string; format: string; theme?: string; out?: string; db?: string },
      ) => {
        const fmt = format(f.format, ['csv', 'json'] as const)
        if (f.what !== 'posts' && f.what !== 'themes')
          throw new AppError('USAGE_INVALID', '--what is posts or themes.')
        await withStore(f.db, async (_store, repo) => {
          await refresh(repo, name)
          if (f.what === 'themes') {
            const themes = await repo.themes(name)
            await writeOutput(
              f.out,
              fmt === 'csv' ? campaignThemesCsv(themes) : JSON.stringify(themes, null, 2) + '\n',
            )
            return
          }
          const rows = await repo.exportRows(name, f.theme ? { theme: f.theme } : {})
          await writeOutput(f.out, fmt === 'csv' ? campaignPostsCsv(rows) : campaignPostsJson(rows))
        })
      },
    )

  cmd
    .command('report')
    .description('Write the campaign report: themes, participation, "you said, we did".')
    .argument('<name>', 'the campaign name')
    .option('--format <format>', 'html, pdf or json', 'html')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--tz <zone>', 'time zone for dates', 'Europe/London')
    .option('--db <path>', 'database file (default ./data/civicpulse.db, or CIVICPULSE_DB)')
    .action(async (name: string, f: { format: string; out?: string; tz: string; db?: string }) => {
      const fmt = format(f.format, ['html', 'pdf', 'json'] as const)
      const { view, actions } = await withStore(f.db, async (_store, repo) => ({
        view: await refresh(repo, name),
        actions: await repo.actions(name),
      }))
      const reportView = { ...view, themes: view.themes.map(themeDetail) }
      if (fmt === 'json') {
        await writeOutput(f.out, JSON.stringify({ ...reportView, actions }, null, 2) + '\n')
        return
      }
      const html = renderCampaignReport({
        view: reportView,
        actions,
        generatedAtMs: Date.now(),
        timeZone: f.tz,
      })
      await writeOutput(f.out, fmt === 'html' ? html : await htmlToPdf(html))
    })
}
