/**
 * The shape every alert channel receives (webhook body, e-mail source, in-app event).
 */

/** What a channel receives: the incident in plain words. */
export interface AlertPayload {
  type: 'incident.alert'
  idempotencyKey: string
  incident: {
    id: string
    title: string
    service: string
    areas: string[]
    severity: string
    status: string
    startedAt: string
    observed: number
    expected: number
  }
  rule: string
}
