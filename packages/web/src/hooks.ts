/**
 * Data loading: `useApi(path)` fetches JSON, cancels on change and exposes a reload.
 */
import { useCallback, useEffect, useState } from 'react'
import { api, ApiError } from './api.js'

/** The state of one request. */
export interface Loaded<T> {
  data: T | undefined
  error: ApiError | Error | undefined
  loading: boolean
  reload: () => void
}

/** Loads `path` (skips when null) and reloads when it changes. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: path !== null })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (path === null) return
    const ctl = new AbortController()
    setState((s) => ({ ...s, loading: true, error: undefined }))
    api<T>(path, { signal: ctl.signal }).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: Error) => {
        if (error.name !== 'AbortError') setState({ data: undefined, error, loading: false })
      },
    )
    return () => ctl.abort()
  }, [path, tick])
  const reload = useCallback(() => setTick((x) => x + 1), [])
  return { ...state, reload }
}
