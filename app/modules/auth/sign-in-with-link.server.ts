import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { redeemSignInLink } from './redeem-sign-in-link.server'
import { createSession } from './sessions.server'

/** Spends a one-time sign-in link and starts a session, audited like any sign-in. */
export async function signInWithLink(options: { token: string; ip: string | null; userAgent: string | null; requestId?: string | null }) {
  return prisma.$transaction(async (tx) => {
    const { userId } = await redeemSignInLink(options.token, new Date(), 'sign_in', tx)
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, organizationId: true } })
    const session = await createSession({ userId, ip: options.ip, userAgent: options.userAgent, db: tx })
    await recordAudit(tx, {
      actor: { type: 'user', userId, organizationId: user.organizationId, label: user.email, ip: options.ip, requestId: options.requestId },
      action: 'session.signed_in',
      target: { type: 'user', id: userId },
      summary: { method: 'one-time link' },
    })
    return session
  })
}
