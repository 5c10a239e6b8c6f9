/**
 * The error catalogue: every error code the product can report, with its kind and whether it may be
 * retried. Edges (HTTP, CLI, pipeline) map kinds to their own outcomes; the core knows no HTTP.
 */
export const ERROR_KINDS = [
  'not_found',
  'invalid',
  'conflict',
  'forbidden',
  'unauthenticated',
  'rate_limited',
  'unavailable',
  'internal',
] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]

export const ERROR_CATALOGUE = {
  USAGE_INVALID: {
    kind: 'invalid',
    message: 'The command was called with invalid arguments.',
    retryable: false,
  },
  CONFIG_INVALID: { kind: 'invalid', message: 'The configuration is invalid.', retryable: false },
  INPUT_UNREADABLE: {
    kind: 'unavailable',
    message: 'An input file could not be read.',
    retryable: false,
  },
  STORE_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The database could not be opened.',
    retryable: true,
  },
  POST_NOT_FOUND: { kind: 'not_found', message: 'No post has that id.', retryable: false },
  QUARANTINE_NOT_FOUND: {
    kind: 'not_found',
    message: 'No quarantined record has that id.',
    retryable: false,
  },
  INTERNAL: {
    kind: 'internal',
    message: 'Something went wrong inside Civic Pulse.',
    retryable: false,
  },
} as const satisfies Record<string, { kind: ErrorKind; message: string; retryable: boolean }>
export type ErrorCode = keyof typeof ERROR_CATALOGUE

/** An expected failure with a stable code. Throw it; the edge maps it. */
export class AppError extends Error {
  override readonly name = 'AppError'
  readonly code: ErrorCode
  readonly kind: ErrorKind
  readonly details: Record<string, unknown> | undefined

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message ?? ERROR_CATALOGUE[code].message, { cause: options?.cause })
    this.code = code
    this.kind = ERROR_CATALOGUE[code].kind
    this.details = options?.details
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
