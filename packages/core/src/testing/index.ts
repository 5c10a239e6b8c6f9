/** Test helpers for every package: factories and fixed clocks. */
export * from './factories.js'
export { ManualClock } from '../ports/clock.js'
export { syntheticContributions } from './campaign-synthetic.js'
