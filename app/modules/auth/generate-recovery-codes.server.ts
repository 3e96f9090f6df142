import { randomBytes } from 'node:crypto'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { formatRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes'
import { hashToken } from './tokens.server'

/**
 * Ten new one-time recovery codes; the old ones stop working. The codes are
 * returned once for display and stored only as hashes.
 */
export async function generateRecoveryCodes(options: { userId: string; actor: Actor }): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(randomBytes(64)))
  return withAudit({ actor: options.actor, action: 'recovery_codes.generated', target: { type: 'user', id: options.userId } }, async (tx) => {
    const replaced = await tx.recoveryCode.deleteMany({ where: { userId: options.userId } })
    await tx.recoveryCode.createMany({
      data: codes.map((code) => ({ userId: options.userId, codeHash: hashToken(normalizeRecoveryCode(code)) })),
    })
    return { result: codes, summary: { count: codes.length, replaced: replaced.count } }
  })
}
