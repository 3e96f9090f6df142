import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { hashToken } from './tokens.server'

/** Ends this one session; audited when it belonged to someone. */
export async function signOut(options: { sessionToken: string; ip: string | null; requestId?: string | null }) {
  const id = hashToken(options.sessionToken)
  await prisma.$transaction(async (tx) => {
    const ended = await tx.session.updateManyAndReturn({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date() },
      select: { user: { select: { id: true, email: true, organizationId: true } } },
    })
    const user = ended[0]?.user
    if (!user) return
    await recordAudit(tx, {
      actor: { type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email, ip: options.ip, requestId: options.requestId },
      action: 'session.signed_out',
      target: { type: 'user', id: user.id },
    })
  })
}
