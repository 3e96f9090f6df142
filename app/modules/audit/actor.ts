/**
 * Who did something. Every mutation takes an actor, and the audit log
 * records it with the request it came from.
 */
export type RequestOrigin = { requestId?: string | null; ip?: string | null }

export type Actor = RequestOrigin &
  (
    | {
        type: 'user'
        userId: string
        /** The organization the user acted in (the impersonated one, for a super admin). */
        organizationId: string
        label: string
        impersonatorId?: string | null
      }
    | { type: 'api_key'; apiKeyId: string; organizationId: string; label: string }
    | { type: 'system'; label: string; organizationId?: string | null }
  )

export function actorId(actor: Actor): string | null {
  return actor.type === 'user' ? actor.userId : actor.type === 'api_key' ? actor.apiKeyId : null
}

export function systemActor(label: string, origin: RequestOrigin & { organizationId?: string | null } = {}): Actor {
  return { type: 'system', label, ...origin }
}

export type UserActor = Extract<Actor, { type: 'user' }>
