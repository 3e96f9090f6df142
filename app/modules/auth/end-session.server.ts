import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { describeUserAgent } from '~/utils/user-agent'

/**
 * Ends one of the user's own sessions (another device, or this one); its
 * cookie stops working at once. Anyone else's session is "not found".
 */
export async function endSession(options: { userId: string; sessionId: string; actor: UserActor }): Promise<{ ended: true }> {
  return withAudit({ actor: options.actor, action: 'session.ended', target: { type: 'user', id: options.userId } }, async (tx) => {
    const [ended] = await tx.session.updateManyAndReturn({
      where: { id: options.sessionId, userId: options.userId, revokedAt: null },
      data: { revokedAt: new Date() },
      select: { ip: true, userAgent: true, createdAt: true, kind: true },
    })
    if (!ended) throw new AppError('session_not_found', 'That session has already ended.', 404)
    return {
      result: { ended: true as const },
      summary: { session: { device: describeUserAgent(ended.userAgent), ip: ended.ip, kind: ended.kind, createdAt: ended.createdAt.toISOString() } },
    }
  })
}
