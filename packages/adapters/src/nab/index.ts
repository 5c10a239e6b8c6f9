/** NAB scoring and the runner that applies the product's volume detector to NAB series. */
export * from './score.js'
export * from './runner.js'
