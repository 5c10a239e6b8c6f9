/**
 * The one place the reply senders reach Respond's ports. They live in core/src/case; once the lead
 * exports them from `@civicpulse/core` (one line in core/src/index.ts), change this import only.
 */
export * from '@civicpulse/core'
