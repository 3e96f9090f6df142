import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { authLimits, enforceRateLimits } from './enforce-rate-limit.server'
import { normalizeRecoveryCode } from './recovery-codes'
import { createSession } from './sessions.server'
import { hashToken } from './tokens.server'

const mismatch = () =>
  new AppError('recovery_code_invalid', 'That email and code do not match an unused recovery code.', 400)

/**
 * Spends one recovery code and starts a recovery session, which can do one
 * thing: register a new passkey. Wrong guesses are rate limited per IP and
 * per account, and the answer never says whether the email exists.
 */
export async function redeemRecoveryCode(options: {
  email: string
  code: string
  ip: string | null
  userAgent: string | null
  requestId?: string | null
}) {
  const email = options.email.trim().toLowerCase()
  await enforceRateLimits([authLimits.recoveryByIp(options.ip), authLimits.recoveryCodesByAccount(email)])
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, status: true, organizationId: true } })
  if (!user || user.status !== 'active') throw mismatch()
  const actor = { type: 'user' as const, userId: user.id, organizationId: user.organizationId, label: user.email, ip: options.ip, requestId: options.requestId }
  // A wrong guess is audited too, so the rejection is committed rather than thrown inside the transaction.
  const session = await prisma.$transaction(async (tx) => {
    const spent = await tx.recoveryCode.updateMany({
      where: { userId: user.id, codeHash: hashToken(normalizeRecoveryCode(options.code)), usedAt: null },
      data: { usedAt: new Date() },
    })
    if (spent.count === 0) {
      await recordAudit(tx, { actor, action: 'recovery.code_rejected', target: { type: 'user', id: user.id } })
      return null
    }
    const remaining = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } })
    await recordAudit(tx, { actor, action: 'recovery.code_used', target: { type: 'user', id: user.id }, summary: { remaining } })
    return createSession({ userId: user.id, kind: 'recovery', ip: options.ip, userAgent: options.userAgent, db: tx })
  })
  if (!session) throw mismatch()
  return session
}
