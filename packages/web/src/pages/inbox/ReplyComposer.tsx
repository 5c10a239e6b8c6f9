/**
 * The reply composer: pick a template, its placeholders filled from the case, edit the text with a
 * live length count against the platform's limit, then send (or submit for approval when the
 * case's team needs a second person). One `clientKey` per reply, kept across retries, so a double
 * submit queues it once.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { api } from '../../api.js'
import { useApi } from '../../hooks.js'
import { fmtNumber, t, tx } from '../../i18n.js'
import {
  fillTemplate,
  LIMITS,
  newClientKey,
  placeholderValues,
  replyLength,
  unfilled,
  type CaseDetailData,
  type ReplyRow,
  type Template,
} from './model.js'

/** The composer for one case. */
export function ReplyComposer({
  c,
  teamName,
  approvalRequired,
  onSent,
  onCancel,
}: {
  c: CaseDetailData['case']
  teamName: string | undefined
  approvalRequired: boolean | undefined
  onSent: (reply: ReplyRow) => void
  onCancel: () => void
}) {
  const templates = useApi<{ items: Template[] }>('/api/v1/reply-templates')
  const [templateId, setTemplateId] = useState('')
  const [text, setText] = useState('')
  const [clientKey, setClientKey] = useState(newClientKey)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const first = useRef<HTMLSelectElement>(null)
  useEffect(() => first.current?.focus(), [])

  const platform = c.replyTarget?.platform ?? ''
  const limit = LIMITS[platform]
  const length = replyLength(text, platform)
  const over = limit ? length > limit.max : false
  const missing = unfilled(text)

  const pick = (id: string) => {
    setTemplateId(id)
    const tpl = templates.data?.items.find((x) => x.id === id)
    if (tpl) setText(fillTemplate(tpl.body, placeholderValues(c, teamName)))
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    setError(null)
    if (!text.trim()) return setError(t('reply.empty'))
    if (missing.length) return setError(t('reply.unfilled', { names: missing.join(', ') }))
    if (over) return setError(t('reply.tooLong', { max: fmtNumber(limit?.max ?? 0) }))
    setBusy(true)
    try {
      const r = await api<{ reply: ReplyRow }>(
        `/api/v1/cases/${encodeURIComponent(c.id)}/replies`,
        {
          method: 'POST',
          body: { text, clientKey, ...(templateId ? { templateId } : {}) },
        },
      )
      setText('')
      setTemplateId('')
      setClientKey(newClientKey())
      onSent(r.reply)
    } catch (err) {
      // The same clientKey is kept: trying again cannot queue the reply twice.
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const countId = 'reply-count'
  return (
    <form className="composer" onSubmit={(e) => void submit(e)} aria-labelledby="composer-title">
      <h3 id="composer-title">{t('reply.title')}</h3>
      <p className="muted">
        {t('reply.to', {
          platform: tx('platform', platform),
          account: c.replyTarget?.account ?? '',
        })}
      </p>
      {error && (
        <p className="error" role="alert" data-testid="reply-error">
          {error}
        </p>
      )}
      <label htmlFor="reply-template">{t('reply.template')}</label>
      <select
        id="reply-template"
        ref={first}
        value={templateId}
        onChange={(e) => pick(e.target.value)}
      >
        <option value="">{t('reply.noTemplate')}</option>
        {(templates.data?.items ?? []).map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
      {templates.error && <p className="error">{templates.error.message}</p>}
      <label htmlFor="reply-text">{t('reply.text')}</label>
      <textarea
        id="reply-text"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={countId}
        aria-invalid={over || missing.length > 0 ? true : undefined}
      />
      <p id={countId} className={over ? 'count-line error' : 'count-line muted'}>
        {limit
          ? t(limit.unit === 'graphemes' ? 'reply.countGraphemes' : 'reply.count', {
              n: fmtNumber(length),
              max: fmtNumber(limit.max),
            })
          : t('reply.countPlain', { n: fmtNumber(length) })}
        {over && ` ${t('reply.over', { n: fmtNumber(length - (limit?.max ?? 0)) })}`}
        {missing.length > 0 && ` ${t('reply.unfilled', { names: missing.join(', ') })}`}
      </p>
      <div className="buttons">
        <button type="submit" disabled={busy} data-testid="reply-submit">
          {busy ? t('reply.busy') : approvalRequired ? t('reply.submitApproval') : t('reply.send')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
