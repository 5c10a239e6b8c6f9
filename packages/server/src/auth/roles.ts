/**
 * Roles, route policies and the actions each role may take. Every route declares a policy; the
 * auth hook refuses a route that has none.
 */

/** The four roles, most to least powerful. */
export const ROLES = ['admin', 'analyst', 'responder', 'viewer'] as const
/** A user's role. */
export type Role = (typeof ROLES)[number]

/** Who may call a route: anyone, any signed-in user, or the listed roles. */
export type Policy = 'public' | 'authenticated' | readonly Role[]

/** Actions checked inside handlers (beyond the route policy). */
export const CAN = {
  /** See author handles (post detail, explore with authors); each view is logged. */
  seeAuthors: ['admin', 'analyst', 'responder'],
  /** Correct a label. */
  correct: ['admin', 'analyst'],
  /** Acknowledge or resolve an incident. */
  actOnIncidents: ['admin', 'analyst', 'responder'],
  /** Merge incidents. */
  mergeIncidents: ['admin', 'analyst'],
  /** Export posts as CSV. */
  export: ['admin', 'analyst'],
  /** Work Respond cases: open, triage, assign, note, reply. */
  respond: ['admin', 'analyst', 'responder'],
  /** Approve or reject another person's reply before it is sent. */
  approveReplies: ['admin', 'analyst'],
  /** Manage users and API tokens, read the access log. */
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>

/** Whether a role may take an action. */
export function can(role: Role, action: keyof typeof CAN): boolean {
  return (CAN[action] as readonly Role[]).includes(role)
}

/** Whether a string is a role. */
export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s)
}

/** The signed-in user behind a request. */
export interface Principal {
  userId: number
  email: string
  name: string
  role: Role
  via: 'session' | 'token'
  /** The session's CSRF token (session auth only). */
  csrfToken?: string
  /** SHA-256 of the session cookie (session auth only). */
  sessionHash?: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route (required on every route). */
    policy?: Policy
  }
  interface FastifyRequest {
    /** Set by the auth hook when the request carries a valid session or token. */
    principal?: Principal
  }
}
