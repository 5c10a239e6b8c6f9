/** Campaigns (Converse) in the store: the repository and the digest's figures. */
export * from './repository.js'
export * from './digest-source.js'
export * from './live.js'
