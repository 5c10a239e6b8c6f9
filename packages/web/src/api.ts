/**
 * The API client: same-origin fetch with the session cookie, the CSRF header on state changes, and
 * one error type. A 401 anywhere tells the app to show the sign-in page.
 */

/** An API failure with its HTTP status and stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

let csrfToken: string | null = null

/** Remembers the session's CSRF token (from sign-in or /me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Fired on window when the session is gone. */
export const UNAUTHENTICATED_EVENT = 'cp:unauthenticated'

/** Calls the API and parses JSON; throws ApiError on failure. */
export async function api<T>(
  path: string,
  opts: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = opts.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  })
  if (res.status === 204) return undefined as T
  const data = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string }
  } | null
  if (!res.ok) {
    if (res.status === 401 && !path.endsWith('/auth/login'))
      window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT))
    throw new ApiError(
      res.status,
      data?.error?.code ?? 'HTTP_' + res.status,
      data?.error?.message ?? res.statusText,
    )
  }
  return data as T
}

/** Builds a query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v))
  const s = u.toString()
  return s ? `?${s}` : ''
}

/** The signed-in user as /me returns it. */
export interface Me {
  user: {
    email: string
    name: string
    role: string
    /** Respond: the assignee key, when it differs from the e-mail. */
    username?: string
    /** Respond: the user's team code. */
    team?: string | null
  }
  csrfToken: string | null
  can: Record<string, boolean>
}

/** A post as lists return it. */
export interface PostItem {
  id: string
  createdAt: string
  platform: string
  text: string
  lang: string | null
  intent: { label: string; p: number | null } | null
  service: { code: string; name: string; p: number | null } | null
  sentiment: { label: string; score: number | null } | null
  urgency: number | null
  ward: { code: string; name: string } | null
  abusive: boolean
  author?: { handle: string | null }
}

/** Counts in one bucket. */
export interface Bucket {
  t: string
  n: number
  neg: number
  neu: number
  pos: number
}

/** An incident in lists. */
export interface IncidentItem {
  id: string
  title: string
  service: { code: string; name: string } | null
  areas: Array<{ code: string; name: string }>
  /** The rise is spread across the whole area rather than in particular wards. */
  everywhere: boolean
  startedAt: string
  updatedAt: string
  status: string
  severity: string
  observed: number
  expected: number
  summary: string
}
