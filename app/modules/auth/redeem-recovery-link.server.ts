import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { redeemSignInLink } from './redeem-sign-in-link.server'
import { createSession } from './sessions.server'

/** Spends a recovery link and starts a recovery session (it can only register a passkey). */
export async function redeemRecoveryLink(options: { token: string; ip: string | null; userAgent: string | null; requestId?: string | null }) {
  return prisma.$transaction(async (tx) => {
    const { userId } = await redeemSignInLink(options.token, new Date(), 'recovery', tx)
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, organizationId: true } })
    await recordAudit(tx, {
      actor: { type: 'user', userId, organizationId: user.organizationId, label: user.email, ip: options.ip, requestId: options.requestId },
      action: 'recovery.link_used',
      target: { type: 'user', id: userId },
    })
    return createSession({ userId, kind: 'recovery', ip: options.ip, userAgent: options.userAgent, db: tx })
  })
}
