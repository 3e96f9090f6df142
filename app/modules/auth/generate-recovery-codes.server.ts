import { randomBytes } from 'node:crypto'
import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { assertRecentPasskeyProof } from './assert-recent-passkey-proof.server'
import { notifyAccountChange } from './notify-account-change.server'
import { formatRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes'
import { hashToken } from './tokens.server'

/**
 * Ten new one-time recovery codes; the old ones stop working. The codes are
 * returned once for display and stored only as hashes. Needs a passkey
 * confirmation from the last 5 minutes; the user is emailed (without the codes).
 */
export async function generateRecoveryCodes(options: { userId: string; sessionId: string; actor: UserActor }): Promise<string[]> {
  const origin = await assertRecentPasskeyProof({ userId: options.userId, sessionId: options.sessionId })
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(randomBytes(64)))
  return withAudit({ actor: options.actor, action: 'recovery_codes.generated', target: { type: 'user', id: options.userId } }, async (tx) => {
    const replaced = await tx.recoveryCode.deleteMany({ where: { userId: options.userId } })
    await tx.recoveryCode.createMany({
      data: codes.map((code) => ({ userId: options.userId, codeHash: hashToken(normalizeRecoveryCode(code)) })),
    })
    await notifyAccountChange({
      db: tx,
      userId: options.userId,
      change: { kind: 'recovery-codes-generated' },
      at: new Date(),
      ip: options.actor.ip ?? origin.ip,
      userAgent: origin.userAgent,
    })
    return { result: codes, summary: { count: codes.length, replaced: replaced.count } }
  })
}
