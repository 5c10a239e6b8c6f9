/**
 * Live refresh for Respond pages: calls `onChange` (throttled) when the server reports a case or
 * reply change on the event stream, and every `pollMs` as a fallback (SLA clocks move with time).
 */
import { useEffect, useRef, useState } from 'react'

const EVENTS = ['case.created', 'case.updated', 'case.sla_breached', 'reply.updated'] as const

/** Subscribes to case events; `only` limits them to one case id. */
export function useCaseEvents(onChange: () => void, opts: { only?: string; pollMs?: number } = {}) {
  const cb = useRef(onChange)
  cb.current = onChange
  const { only, pollMs = 60_000 } = opts
  useEffect(() => {
    // At most one refresh a second however busy the stream is (a burst of auto-opened cases).
    let timer: ReturnType<typeof setTimeout> | undefined
    const fire = () => {
      if (timer !== undefined) return
      timer = setTimeout(() => {
        timer = undefined
        cb.current()
      }, 500)
    }
    const es = typeof EventSource === 'function' ? new EventSource('/api/v1/events') : undefined
    for (const type of EVENTS)
      es?.addEventListener(type, (e) => {
        if (only && type !== 'reply.updated') {
          try {
            const d = JSON.parse((e as MessageEvent<string>).data) as {
              id?: string
              caseId?: string
            }
            if (d.id !== only && d.caseId !== only) return
          } catch {
            return
          }
        }
        fire()
      })
    const poll = setInterval(() => cb.current(), pollMs)
    return () => {
      es?.close()
      clearTimeout(timer)
      clearInterval(poll)
    }
  }, [only, pollMs])
}

/** The milliseconds since `data` last changed, updated every `everyMs` (for ticking SLA clocks). */
export function useElapsed(data: unknown, everyMs = 15_000): number {
  const [since, setSince] = useState(() => Date.now())
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const at = Date.now()
    setSince(at)
    setNow(at)
  }, [data])
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(id)
  }, [everyMs])
  return Math.max(0, now - since)
}
