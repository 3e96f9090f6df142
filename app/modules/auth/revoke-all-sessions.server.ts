import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'

/** "Sign out everywhere": every session of the user ends, this one included. */
export async function revokeAllSessions(options: { userId: string; actor: Actor }) {
  return withAudit({ actor: options.actor, action: 'session.revoked_all', target: { type: 'user', id: options.userId } }, async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { userId: options.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    })
    return { result: count, summary: { sessionsEnded: count } }
  })
}
