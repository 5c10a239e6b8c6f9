/**
 * Who the signed-in person is to Respond: the name cases are assigned to and replies are authored
 * by (the user's username when the server gives one, else the e-mail address).
 */
import type { Me } from '../../api.js'

/** The assignee key of the signed-in user. */
export function meKey(me: Me): string {
  return me.user.username ?? me.user.email
}

/** True when `who` (an assignee or author) is the signed-in user. */
export function isMe(me: Me, who: string | null | undefined): boolean {
  if (!who) return false
  return who === meKey(me) || who === me.user.email
}
