import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { decryptCarrierToken } from '~/modules/messaging/carrier-token-crypto.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { checkGhlConnection, GhlApiError } from './ghl-client.server'

/**
 * Asks GoHighLevel whether the saved token works for the saved location, and
 * records the answer on the connection (`ok`, or `failing` with the reason).
 */
export async function testGoHighLevelConnection(options: { organizationId: string; actor: Actor }): Promise<{ ok: boolean; message: string }> {
  const { organizationId, actor } = options
  const row = await prisma.goHighLevelIntegration.findUnique({ where: { organizationId } })
  if (!row) throw new AppError('gohighlevel_not_configured', 'Save the GoHighLevel settings first.', 409)
  let outcome: { ok: boolean; message: string }
  try {
    await checkGhlConnection({ token: decryptCarrierToken({ ciphertext: row.tokenCiphertext, keyId: row.tokenKeyId }), locationId: row.locationId })
    outcome = { ok: true, message: `GoHighLevel accepted the token for location ${row.locationId}.` }
  } catch (error) {
    if (!(error instanceof GhlApiError)) throw error
    outcome = { ok: false, message: error.message }
  }
  await prisma.$transaction(async (tx) => {
    await tx.goHighLevelIntegration.update({
      where: { organizationId },
      data: { status: outcome.ok ? 'ok' : 'failing', lastError: outcome.ok ? null : outcome.message, lastCheckedAt: new Date() },
    })
    await recordAudit(tx, { actor, action: 'gohighlevel.connection_tested', target: { type: 'organization', id: organizationId }, summary: outcome })
  })
  return outcome
}
