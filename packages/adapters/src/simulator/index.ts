/**
 * The demo-city simulator: realistic social-media streams for a jurisdiction in the platforms'
 * real payload shapes, with planted service failures, campaigns and ground truth. Exported names
 * carry a `sim`/`Sim`/scenario prefix so they can be re-exported from the package index safely.
 */
export { simulate, planSimulation } from './engine.js'
export type { SimulateOptions, SimulationPlan } from './engine.js'
export { paced as pacedSimulation, parseSpeed as parseSimSpeed } from './clock.js'
export type { PaceOptions as SimPaceOptions } from './clock.js'
export {
  loadScenario,
  parseScenario,
  scenarioTruth,
  parseDuration as parseSimDuration,
  ScenarioSchema,
  SCENARIO_DIR,
} from './scenario.js'
export type { Scenario, ScenarioTruth, FailureTruth, CampaignTruth } from './scenario.js'
export { StatsCollector as SimStatsCollector, textOf as simTextOf } from './metrics.js'
export type {
  StreamStats as SimStreamStats,
  ServiceVariety as SimServiceVariety,
} from './metrics.js'
export {
  serviceCode as simServiceCode,
  SERVICE_CODE_MAP as SIM_SERVICE_CODE_MAP,
  SERVICE_WEIGHTS as SIM_SERVICE_WEIGHTS,
} from './services.js'
export type { SimBatch, SimEvent, SimFormat, SimPlatform, SimTruth } from './types.js'
