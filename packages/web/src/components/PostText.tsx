/**
 * A post's text, always rendered as text (React escapes it; never innerHTML). Posts flagged as
 * abusive stay blurred, and hidden from screen readers, until a person chooses to read them.
 */
import { useState } from 'react'
import { t } from '../i18n.js'

/** Shows post text, blurred behind a button when `abusive`. */
export function PostText({ text, abusive }: { text: string; abusive: boolean }) {
  const [shown, setShown] = useState(!abusive)
  if (!abusive) return <p className="post-text">{text}</p>
  return (
    <div className="post-abusive">
      {!shown && <p className="notice">{t('post.abusiveNotice')}</p>}
      <p
        className={shown ? 'post-text' : 'post-text blurred'}
        aria-hidden={!shown}
        data-testid="abusive-text"
      >
        {text}
      </p>
      <button
        type="button"
        className="secondary"
        onClick={() => setShown((s) => !s)}
        aria-expanded={shown}
      >
        {shown ? t('post.hide') : t('post.reveal')}
      </button>
    </div>
  )
}
