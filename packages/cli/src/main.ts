/**
 * The `civicpulse` command line. Thin: parses flags, calls engine/adapters, maps errors to exit
 * codes (0 ok, 1 usage or configuration error, 2 I/O error).
 */
import { Command, CommanderError } from 'commander'
import { isAppError } from '@civicpulse/core'
import { registerCommands } from './commands/index.js'

/** Exit codes every command follows. */
export const EXIT = { ok: 0, usage: 1, io: 2 } as const

/** Builds the program; exported so tests can run commands in-process. */
export function buildProgram(): Command {
  const program = new Command()
  program
    .name('civicpulse')
    .description(
      'Civic Pulse: listen to what citizens say about public services, sieve it, warn early, respond.',
    )
    .showHelpAfterError()
    .exitOverride()
  registerCommands(program)
  return program
}

/** Runs the CLI with argv (as in process.argv) and sets the exit code. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram()
  try {
    await program.parseAsync(argv)
  } catch (e: unknown) {
    process.exitCode = exitCodeFor(e)
  }
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) {
    // Help and version output are not errors.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0)
      return EXIT.ok
    return EXIT.usage
  }
  if (isAppError(e)) {
    process.stderr.write(`civicpulse: ${e.message}\n`)
    return e.kind === 'invalid' ? EXIT.usage : e.kind === 'unavailable' ? EXIT.io : EXIT.io
  }
  const err = e as NodeJS.ErrnoException
  if (err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
    process.stderr.write(`civicpulse: ${err.message}\n`)
    return EXIT.io
  }
  process.stderr.write(`civicpulse: unexpected error: ${err?.stack ?? String(e)}\n`)
  return EXIT.io
}
