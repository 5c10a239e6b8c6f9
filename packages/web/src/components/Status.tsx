/**
 * Loading and error states, announced politely to screen readers.
 */
import { t } from '../i18n.js'

/** Shows a loading line or an error with a retry button; renders nothing once loaded. */
export function Status({
  loading,
  error,
  reload,
}: {
  loading: boolean
  error: Error | undefined
  reload?: () => void
}) {
  if (error) {
    return (
      <div className="error" role="alert">
        <p>{t('common.error', { message: error.message })}</p>
        {reload && (
          <button type="button" onClick={reload}>
            {t('common.retry')}
          </button>
        )}
      </div>
    )
  }
  if (loading) {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    )
  }
  return null
}
