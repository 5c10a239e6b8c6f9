/**
 * Explore: full-text search and filters kept in the URL (so chart drill-downs land here), a
 * sortable results table, paging with a cursor, and CSV export for roles that may export.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import {
  createColumnHelper,
  createSortedRowModel,
  FlexRender,
  rowSortingFeature,
  sortFns,
  tableFeatures,
  useTable,
} from '@tanstack/react-table'
import { api, qs, type Me, type PostItem } from '../api.js'
import { useApi } from '../hooks.js'
import { fmtDateTime, fmtNumber, t, tx } from '../i18n.js'
import { Link, navigate, useLocation } from '../router.js'
import { PostText } from '../components/PostText.js'
import { Status } from '../components/Status.js'

const FIELDS = [
  'q',
  'service',
  'intent',
  'sentiment',
  'ward',
  'lang',
  'platform',
  'from',
  'to',
  'authors',
] as const
type Filters = Partial<Record<(typeof FIELDS)[number], string>>
const INTENTS = ['complaint', 'question', 'suggestion', 'praise', 'information', 'other'] as const
const SENTIMENTS = ['negative', 'neutral', 'positive'] as const
const PLATFORMS = [
  'x',
  'bluesky',
  'mastodon',
  'reddit',
  'facebook',
  'instagram',
  'rss',
  'csv',
  'other',
] as const

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns,
})
const ch = createColumnHelper<typeof features, PostItem>()

function fromQuery(q: URLSearchParams): Filters {
  const f: Filters = {}
  for (const k of FIELDS) {
    const v = q.get(k)
    if (v) f[k] = v
  }
  return f
}

/** Date inputs hold yyyy-mm-dd; the API takes ISO date-times. */
const toDateInput = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '')

function Results({ items, showAuthors }: { items: PostItem[]; showAuthors: boolean }) {
  const columns = useMemo(
    () =>
      ch.columns([
        ch.accessor('createdAt', {
          header: () => t('explore.col.time'),
          cell: (c) => <Link to={`/posts/${c.row.original.id}`}>{fmtDateTime(c.getValue())}</Link>,
        }),
        ch.accessor('text', {
          header: () => t('explore.col.text'),
          enableSorting: false,
          cell: (c) => <PostText text={c.getValue()} abusive={c.row.original.abusive} />,
        }),
        ch.accessor((p) => p.service?.name ?? '', {
          id: 'service',
          header: () => t('explore.col.service'),
        }),
        ch.accessor((p) => (p.intent ? tx('intent', p.intent.label) : ''), {
          id: 'intent',
          header: () => t('explore.col.intent'),
        }),
        ch.accessor((p) => (p.sentiment ? tx('sentiment', p.sentiment.label) : ''), {
          id: 'sentiment',
          header: () => t('explore.col.sentiment'),
        }),
        ch.accessor((p) => p.ward?.name ?? '', { id: 'ward', header: () => t('explore.col.ward') }),
        ch.accessor('platform', { header: () => t('explore.col.platform') }),
        ...(showAuthors
          ? [
              ch.accessor((p) => p.author?.handle ?? '', {
                id: 'author',
                header: () => t('explore.col.author'),
              }),
            ]
          : []),
      ]),
    [showAuthors],
  )
  const table = useTable({
    features,
    columns,
    data: items,
    initialState: { sorting: [{ id: 'createdAt', desc: true }] },
  })
  return (
    <table className="data results" data-testid="results">
      <thead>
        {table.getHeaderGroups().map((hg) => (
          <tr key={hg.id}>
            {hg.headers.map((h) => {
              const sorted = h.column.getIsSorted()
              return (
                <th
                  key={h.id}
                  scope="col"
                  aria-sort={
                    sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                  }
                >
                  {h.column.getCanSort() ? (
                    <button
                      type="button"
                      className="sort"
                      onClick={h.column.getToggleSortingHandler()}
                    >
                      <FlexRender header={h} />
                      <span aria-hidden="true">
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      </span>
                    </button>
                  ) : (
                    <FlexRender header={h} />
                  )}
                </th>
              )
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((r) => (
          <tr key={r.id}>
            {r.getAllCells().map((c) => (
              <td key={c.id}>
                <FlexRender cell={c} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The explore page. */
export default function Explore({ me }: { me: Me }) {
  const loc = useLocation()
  const applied = useMemo(() => fromQuery(loc.query), [loc.href])
  const [draft, setDraft] = useState<Filters>(applied)
  useEffect(() => setDraft(applied), [applied])
  const taxonomy = useApi<{
    groups: Array<{ code: string; name: string; services: Array<{ code: string; name: string }> }>
  }>('/api/v1/taxonomy')
  const wards = useApi<{ items: Array<{ code: string; name: string }> }>('/api/v1/wards')
  const path = `/api/v1/posts${qs({ ...applied, limit: 50 })}`
  const first = useApi<{ items: PostItem[]; next: string | null }>(path)
  const [extra, setExtra] = useState<{ items: PostItem[]; next: string | null } | null>(null)
  const [moreError, setMoreError] = useState<Error | undefined>(undefined)
  useEffect(() => setExtra(null), [path])
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])]
  const next = extra ? extra.next : (first.data?.next ?? null)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const f: Filters = { ...draft }
    navigate(`/explore${qs(f)}`)
  }
  const more = async () => {
    if (!next) return
    try {
      const page = await api<{ items: PostItem[]; next: string | null }>(
        `/api/v1/posts${qs({ ...applied, limit: 50, cursor: next })}`,
      )
      setExtra((x) => ({ items: [...(x?.items ?? []), ...page.items], next: page.next }))
    } catch (err) {
      setMoreError(err as Error)
    }
  }
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }))
  const { authors: _a, ...exportFilters } = applied
  void _a
  return (
    <>
      <h1>{t('explore.title')}</h1>
      <form className="filters card" onSubmit={submit} aria-label={t('explore.filters')}>
        <div className="field wide">
          <label htmlFor="f-q">{t('explore.q')}</label>
          <input id="f-q" type="search" value={draft.q ?? ''} onChange={set('q')} />
        </div>
        <div className="field">
          <label htmlFor="f-service">{t('explore.service')}</label>
          <select id="f-service" value={draft.service ?? ''} onChange={set('service')}>
            <option value="">{t('common.all')}</option>
            {taxonomy.data?.groups.map((g) => (
              <optgroup key={g.code} label={g.name}>
                {g.services.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-intent">{t('explore.intent')}</label>
          <select id="f-intent" value={draft.intent ?? ''} onChange={set('intent')}>
            <option value="">{t('common.all')}</option>
            {INTENTS.map((i) => (
              <option key={i} value={i}>
                {tx('intent', i)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sentiment">{t('explore.sentiment')}</label>
          <select id="f-sentiment" value={draft.sentiment ?? ''} onChange={set('sentiment')}>
            <option value="">{t('common.all')}</option>
            {SENTIMENTS.map((s) => (
              <option key={s} value={s}>
                {tx('sentiment', s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-ward">{t('explore.ward')}</label>
          <select id="f-ward" value={draft.ward ?? ''} onChange={set('ward')}>
            <option value="">{t('common.all')}</option>
            {wards.data?.items.map((w) => (
              <option key={w.code} value={w.code}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-platform">{t('explore.platform')}</label>
          <select id="f-platform" value={draft.platform ?? ''} onChange={set('platform')}>
            <option value="">{t('common.all')}</option>
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-lang">{t('explore.lang')}</label>
          <input id="f-lang" value={draft.lang ?? ''} onChange={set('lang')} size={4} />
        </div>
        <div className="field">
          <label htmlFor="f-from">{t('common.from')}</label>
          <input
            id="f-from"
            type="date"
            value={toDateInput(draft.from)}
            onChange={(e) =>
              setDraft((d) => ({ ...d, from: e.target.value ? `${e.target.value}T00:00:00Z` : '' }))
            }
          />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('common.to')}</label>
          <input
            id="f-to"
            type="date"
            value={toDateInput(draft.to)}
            onChange={(e) =>
              setDraft((d) => ({ ...d, to: e.target.value ? `${e.target.value}T23:59:59Z` : '' }))
            }
          />
        </div>
        {me.can['seeAuthors'] && (
          <div className="field check">
            <input
              id="f-authors"
              type="checkbox"
              checked={draft.authors === 'true'}
              onChange={(e) => setDraft((d) => ({ ...d, authors: e.target.checked ? 'true' : '' }))}
            />
            <label htmlFor="f-authors">{t('explore.authors')}</label>
          </div>
        )}
        <div className="buttons">
          <button type="submit">{t('explore.search')}</button>
          <button type="button" className="secondary" onClick={() => navigate('/explore')}>
            {t('explore.reset')}
          </button>
          {me.can['export'] && (
            <a
              className="button secondary"
              href={`/api/v1/posts/export.csv${qs(exportFilters)}`}
              download
            >
              {t('explore.export')}
            </a>
          )}
        </div>
      </form>
      <Status loading={first.loading} error={first.error ?? moreError} reload={first.reload} />
      {first.data && (
        <>
          <p role="status" data-testid="result-count">
            {items.length
              ? t('explore.count', { count: fmtNumber(items.length) })
              : t('explore.empty')}
          </p>
          {items.length > 0 && <Results items={items} showAuthors={applied.authors === 'true'} />}
          {next && (
            <button type="button" className="secondary" onClick={() => void more()}>
              {t('explore.more')}
            </button>
          )}
        </>
      )}
    </>
  )
}
