/**
 * The keyboard shortcut help, a modal dialog (the browser's own `<dialog>`: focus moves in, Escape
 * closes, focus goes back to where it was).
 */
import { useEffect, useRef } from 'react'
import { t, type MsgKey } from '../../i18n.js'

const KEYS: Array<[string, MsgKey]> = [
  ['j', 'keys.next'],
  ['k', 'keys.prev'],
  ['x', 'keys.select'],
  ['Enter', 'keys.open'],
  ['a', 'keys.assign'],
  ['r', 'keys.reply'],
  ['?', 'keys.help'],
]

/** The help dialog listing the inbox shortcuts. */
export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (open && !d.open) d.showModal()
    if (!open && d.open) d.close()
  }, [open])
  return (
    <dialog ref={ref} className="keys-help" aria-labelledby="keys-title" onClose={onClose}>
      <h2 id="keys-title">{t('keys.title')}</h2>
      <p className="muted">{t('keys.intro')}</p>
      <dl className="facts">
        {KEYS.map(([k, m]) => (
          <div key={k} className="key-row">
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(m)}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit">{t('keys.close')}</button>
      </form>
    </dialog>
  )
}
