/**
 * Reads a YAML configuration file and validates it with a zod schema, reporting every problem at
 * once. `${ENV_NAME}` references are replaced from the environment first (a missing variable is an
 * error), so secrets stay out of the file.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { z } from 'zod'
import { AppError } from '@civicpulse/core'

/** Loads `path` as YAML, validates it against `schema`; `what` names it in errors ("alert configuration"). */
export function loadYamlConfig<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  let raw: unknown
  try {
    const text = readFileSync(path, 'utf8').replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
      const v = env[name]
      if (v === undefined)
        throw new AppError(
          'CONFIG_INVALID',
          `${path}: the environment variable ${name} is not set.`,
        )
      return JSON.stringify(v).slice(1, -1)
    })
    raw = parse(text)
  } catch (e: unknown) {
    if (e instanceof AppError) throw e
    throw new AppError('CONFIG_INVALID', `${path}: ${(e as Error).message}`, { cause: e })
  }
  const r = schema.safeParse(raw)
  if (!r.success)
    throw new AppError(
      'CONFIG_INVALID',
      `${path} is not a valid ${what}:\n${r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    )
  return r.data as z.infer<S>
}
