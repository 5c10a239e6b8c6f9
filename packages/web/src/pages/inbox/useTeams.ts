/**
 * The Respond teams (with members and whether replies need approval) and a lookup from a person's
 * key (their e-mail) to the name to show.
 */
import { useMemo } from 'react'
import { useApi } from '../../hooks.js'
import type { Team } from './model.js'

/** Loads the teams once per page. */
export function useTeams(): { teams: Team[]; nameOf: (who: string) => string } {
  const { data } = useApi<{ items: Team[] }>('/api/v1/teams')
  return useMemo(() => {
    const teams = data?.items ?? []
    const names = new Map<string, string>()
    for (const tm of teams) for (const m of tm.members) names.set(m.username, m.displayName)
    return { teams, nameOf: (who: string) => names.get(who) ?? who }
  }, [data])
}
