import { randomUUID } from 'node:crypto'
import { inngest } from '../../../inngest/client'
import { dispatchRequestedEvent } from '../../../inngest/events'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

/**
 * Disables a carrier account (none of its numbers sends; their queued
 * messages wait) or enables it again (its active numbers' queued messages
 * are sent again at their pace). Its numbers keep their own status.
 */
export async function setCarrierAccountStatus(options: {
  organizationId: string
  actor: Actor
  carrierAccountId: string
  status: 'active' | 'disabled'
}): Promise<{ name: string; status: 'active' | 'disabled' }> {
  const { organizationId, status } = options
  const action = status === 'disabled' ? 'carrier_account.disabled' : 'carrier_account.enabled'
  const changed = await withAudit({ actor: options.actor, action, organizationId }, async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM carrier_accounts WHERE id = ${options.carrierAccountId}::uuid AND organization_id = ${organizationId}::uuid FOR UPDATE`
    if (rows.length === 0) throw new AppError('carrier_account_not_found', 'Carrier account not found.', 404)
    const account = await tx.carrierAccount.findUniqueOrThrow({
      where: { id: options.carrierAccountId },
      select: { id: true, name: true, status: true },
    })
    if (account.status === status) {
      throw new AppError('carrier_account_unchanged', `“${account.name}” is already ${status === 'disabled' ? 'disabled' : 'enabled'}.`, 409)
    }
    await tx.carrierAccount.update({ where: { id: account.id }, data: { status } })
    // Its active numbers with messages waiting, to wake once it is enabled again.
    let wake: string[] = []
    if (status === 'active') {
      const numbers = await tx.senderNumber.findMany({ where: { carrierAccountId: account.id, status: 'active' }, select: { id: true } })
      const waiting = await tx.sendQueueItem.groupBy({
        by: ['senderNumberId'],
        where: { organizationId, status: 'pending', senderNumberId: { in: numbers.map((n) => n.id) } },
      })
      wake = waiting.flatMap((row) => (row.senderNumberId ? [row.senderNumberId] : []))
    }
    return {
      result: { name: account.name, wake },
      target: { type: 'carrier_account', id: account.id },
      summary: { name: account.name, before: { status: account.status }, after: { status } },
    }
  })
  if (changed.wake.length) {
    const occasion = `enabled-${randomUUID()}`
    await inngest.send(changed.wake.map((senderNumberId) => dispatchRequestedEvent(organizationId, senderNumberId, occasion)))
  }
  return { name: changed.name, status }
}
