/**
 * Payload decoders: real platform exports and streams (X API v2, Mastodon, Bluesky Jetstream,
 * Reddit, RSS/Atom, generic CSV/NDJSON) in, post drafts, skips, deletions and quarantined records
 * out. Depends on `@civicpulse/core` for the Post model and quarantine reasons only; no storage,
 * no network, no sanitising beyond format decoding (that is the sanitise stage's job).
 */
export { decodeStream } from './decode-stream.js'
export { detectFormat } from './sniff.js'
export { MAX_DOCUMENT_BYTES, MAX_LINE_BYTES } from './limits.js'
export * from './types.js'
