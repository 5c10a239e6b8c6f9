/**
 * The explicit list of CLI commands. Each module exports `register(program)`; add one line here
 * for a new command (no globbing, no side-effect registration).
 */
import type { Command } from 'commander'
import * as ingest from './ingest.js'
import * as search from './search.js'
import * as stats from './stats.js'
import * as quarantine from './quarantine.js'
import * as serve from './serve.js'
import * as incidents from './incidents.js'
import * as evalScenario from './eval-scenario.js'
import * as demo from './demo.js'
import * as model from './model.js'
import * as detect from './detect.js'
import * as label from './label.js'
import * as evalCmd from './eval.js'
import * as simulate from './simulate.js'
import * as users from './users.js'
import * as campaign from './campaign.js'
import * as report from './report.js'
import * as open311 from './open311.js'

type Register = (program: Command) => void

const commands: Register[] = [
  ingest.register,
  search.register,
  stats.register,
  quarantine.register,
  serve.register,
  incidents.register,
  evalScenario.register,
  demo.register,
  model.register,
  detect.register,
  label.register,
  evalCmd.register,
  simulate.register,
  users.register,
  campaign.register,
  report.register,
  open311.register,
]

/** Registers every command on the program. */
export function registerCommands(program: Command): void {
  for (const register of commands) register(program)
}
