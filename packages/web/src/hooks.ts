/**
 * Data loading: `useApi(path)` fetches JSON, cancels on change and exposes a reload. Data loaded
 * for an earlier path is never shown for a new one (no stale results while filters change); a
 * reload of the same path keeps showing the current data until the new data arrives.
 */
import { useCallback, useEffect, useState } from 'react'
import { api, type ApiError } from './api.js'

/** The state of one request. */
export interface Loaded<T> {
  data: T | undefined
  error: ApiError | Error | undefined
  loading: boolean
  reload: () => void
}

/** Loads `path` (skips when null) and reloads when it changes. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{
    path: string | null
    data: T | undefined
    error: Error | undefined
    loading: boolean
  }>({ path: null, data: undefined, error: undefined, loading: false })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (path === null) return
    const ctl = new AbortController()
    setState((s) => ({ ...s, loading: true, error: undefined }))
    api<T>(path, { signal: ctl.signal }).then(
      (data) => setState({ path, data, error: undefined, loading: false }),
      (error: Error) => {
        if (error.name !== 'AbortError') setState({ path, data: undefined, error, loading: false })
      },
    )
    return () => ctl.abort()
  }, [path, tick])
  const reload = useCallback(() => setTick((x) => x + 1), [])
  const current = state.path === path
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: path !== null && (!current || state.loading),
    reload,
  }
}
