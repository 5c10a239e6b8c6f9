/**
 * HTTP-only failures (auth, CSRF, rate limits, validation of ids) with their status and a stable
 * code; the app's error handler turns them into `{ error: { code, message } }`.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

/** 401: no valid session or token. */
export const unauthenticated = () => new HttpError(401, 'UNAUTHENTICATED', 'Please sign in.')
/** 403: signed in, but the role may not do this. */
export const forbidden = (msg = 'Your role does not allow this.') =>
  new HttpError(403, 'FORBIDDEN', msg)
/** 404 with a plain message. */
export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `No ${what} has that id.`)
