/**
 * The "New campaign" form: name, hashtags, period, the question asked, the council's accounts,
 * keywords and owner team. Each error is shown next to its field and tied to it
 * (`aria-describedby`, `aria-invalid`); the first invalid field gets the focus.
 */
import { useRef, useState, type FormEvent } from 'react'
import { api, ApiError } from '../../api.js'
import { t, type MsgKey } from '../../i18n.js'

type Field = 'name' | 'hashtags' | 'from' | 'to' | 'question' | 'accounts' | 'keywords' | 'team'
const ORDER: Field[] = [
  'name',
  'hashtags',
  'from',
  'to',
  'question',
  'accounts',
  'keywords',
  'team',
]

const list = (s: string): string[] =>
  s
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0)

/** A local `datetime-local` value for now, at the start of the hour. */
function nowLocal(): string {
  const d = new Date()
  d.setMinutes(0, 0, 0)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`
}

/** The form; calls `onCreated` with the new campaign's name. */
export function NewCampaignForm({ onCreated }: { onCreated: (name: string) => void }) {
  const [v, setV] = useState<Record<Field, string>>({
    name: '',
    hashtags: '',
    from: nowLocal(),
    to: '',
    question: '',
    accounts: '',
    keywords: '',
    team: '',
  })
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLTextAreaElement | null>>>({})

  const set = (f: Field) => (e: { target: { value: string } }) =>
    setV((x) => ({ ...x, [f]: e.target.value }))

  const validate = (): Partial<Record<Field, string>> => {
    const e: Partial<Record<Field, string>> = {}
    if (!v.name.trim()) e.name = t('campaigns.err.name')
    if (list(v.hashtags).length === 0) e.hashtags = t('campaigns.err.hashtags')
    if (!v.from || Number.isNaN(Date.parse(v.from))) e.from = t('campaigns.err.from')
    if (v.to && (Number.isNaN(Date.parse(v.to)) || Date.parse(v.to) <= Date.parse(v.from)))
      e.to = t('campaigns.err.to')
    return e
  }

  const focusFirst = (e: Partial<Record<Field, string>>) => {
    const f = ORDER.find((k) => e[k])
    if (f) refs.current[f]?.focus()
  }

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    setFormError(null)
    const e = validate()
    setErrors(e)
    if (Object.keys(e).length) {
      focusFirst(e)
      return
    }
    setBusy(true)
    try {
      const name = v.name.trim()
      await api('/api/v1/campaigns', {
        method: 'POST',
        body: {
          name,
          hashtags: list(v.hashtags),
          accounts: list(v.accounts),
          keywords: v.keywords
            .split(',')
            .map((x) => x.trim())
            .filter((x) => x.length >= 2),
          period: {
            from: new Date(v.from).toISOString(),
            ...(v.to ? { to: new Date(v.to).toISOString() } : {}),
          },
          questions: v.question.trim() ? [v.question.trim()] : [],
          ...(v.team.trim() ? { ownerTeam: v.team.trim() } : {}),
        },
      })
      onCreated(name)
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        const e2 = { name: t('campaigns.err.duplicate') }
        setErrors(e2)
        focusFirst(e2)
      } else setFormError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const field = (
    f: Field,
    label: MsgKey,
    opts: { hint?: MsgKey; type?: string; required?: boolean; area?: boolean } = {},
  ) => {
    const id = `nc-${f}`
    const describedBy = [opts.hint ? `${id}-hint` : '', errors[f] ? `${id}-err` : '']
      .filter(Boolean)
      .join(' ')
    const common = {
      id,
      name: f,
      value: v[f],
      onChange: set(f),
      'aria-invalid': errors[f] ? true : undefined,
      'aria-describedby': describedBy || undefined,
      'aria-required': opts.required ? true : undefined,
    }
    return (
      <div className="field">
        <label htmlFor={id}>
          {t(label)}
          {opts.required ? ` ${t('campaigns.required')}` : ''}
        </label>
        {opts.hint && (
          <p className="muted hint" id={`${id}-hint`}>
            {t(opts.hint)}
          </p>
        )}
        {errors[f] && (
          <p className="error field-error" id={`${id}-err`}>
            {errors[f]}
          </p>
        )}
        {opts.area ? (
          <textarea {...common} rows={2} ref={(el) => void (refs.current[f] = el)} />
        ) : (
          <input {...common} type={opts.type ?? 'text'} ref={(el) => void (refs.current[f] = el)} />
        )}
      </div>
    )
  }

  return (
    <form
      className="card campaign-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="nc-title"
      noValidate
    >
      <h2 id="nc-title">{t('campaigns.new')}</h2>
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      {Object.keys(errors).length > 0 && (
        <p className="error" role="alert">
          {t('campaigns.err.summary', { count: Object.keys(errors).length })}
        </p>
      )}
      {field('name', 'campaigns.f.name', { required: true, hint: 'campaigns.f.nameHint' })}
      {field('hashtags', 'campaigns.f.hashtags', {
        required: true,
        hint: 'campaigns.f.hashtagsHint',
      })}
      {field('from', 'campaigns.f.from', { type: 'datetime-local', required: true })}
      {field('to', 'campaigns.f.to', { type: 'datetime-local', hint: 'campaigns.f.toHint' })}
      {field('question', 'campaigns.f.question', { area: true })}
      {field('accounts', 'campaigns.f.accounts', { hint: 'campaigns.f.accountsHint' })}
      {field('keywords', 'campaigns.f.keywords', { hint: 'campaigns.f.keywordsHint' })}
      {field('team', 'campaigns.f.team')}
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {busy ? t('campaigns.creating') : t('campaigns.create')}
        </button>
      </div>
    </form>
  )
}
