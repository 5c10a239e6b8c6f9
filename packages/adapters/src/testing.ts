/** Test helpers for other packages: local servers that speak the platforms' real protocols. */
export * from './replies/testing/local-mastodon.js'
