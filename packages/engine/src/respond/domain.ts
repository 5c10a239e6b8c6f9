/**
 * The one place the engine reaches Respond's domain module. It lives in core/src/case; once the
 * lead exports it from `@civicpulse/core` (one line in core/src/index.ts), change this import only.
 */
export * from '@civicpulse/core'
