import { systemActor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { decryptCarrierToken } from '~/modules/messaging/carrier-token-crypto.server'
import { externalRefsOf, setExternalRef } from '~/modules/integrations/external-refs.server'
import { prisma } from '~/utils/db.server'
import { ghlContactFor } from './gohighlevel-lead-shape'
import { GhlApiError, updateGhlContact, upsertGhlContact } from './ghl-client.server'
import { loadLeadForGoHighLevel } from './load-lead-for-gohighlevel.server'

export const GHL_SYSTEM = 'gohighlevel'

export type PushStepOutcome =
  | { status: 'succeeded'; contactId: string; created: boolean }
  | { status: 'failed'; error: string }
  | { status: 'skipped'; reason: string }

/**
 * The job's contact step for one push. A lead pushed before (an
 * `external_refs` row, system `gohighlevel`) updates that contact by id; if
 * GHL no longer has it, or the lead is new to GHL, the contact is upserted
 * (GHL matches by email, then phone) and the answered id is mapped to the
 * lead. Outcomes:
 * - success: the push `succeeded` with the contact id, the connection `ok`;
 * - 401/403: the push `failed` and the connection `failing` with GHL's reason;
 * - another 4xx (GHL refused the contact): the push `failed`, not retried;
 * - 429, 5xx, network: the attempt is counted and the error thrown, so the
 *   job retries with backoff.
 */
export async function pushLeadToGoHighLevel(options: { pushId: string }): Promise<PushStepOutcome> {
  const push = await prisma.goHighLevelPush.findUnique({ where: { id: options.pushId } })
  if (!push) return { status: 'skipped', reason: 'no such push' }
  if (push.status !== 'pending') return push.status === 'succeeded' && push.contactId ? { status: 'succeeded', contactId: push.contactId, created: push.contactCreated ?? false } : { status: 'failed', error: push.error ?? 'failed' }
  const { organizationId } = push
  const settings = await prisma.goHighLevelIntegration.findUnique({ where: { organizationId } })
  if (!settings || !settings.enabled) return finishFailed(push.id, organizationId, 'GoHighLevel was disconnected or turned off before the push ran.')

  const lead = await loadLeadForGoHighLevel({ organizationId, leadId: push.leadId, messageId: push.messageId })
  const contact = ghlContactFor(lead, settings)
  const token = decryptCarrierToken({ ciphertext: settings.tokenCiphertext, keyId: settings.tokenKeyId })
  const known = (await externalRefsOf({ organizationId, entityType: 'lead', entityId: lead.leadId }))
    .filter((ref) => ref.system === GHL_SYSTEM)
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0]

  let answer: { contactId: string; created: boolean }
  try {
    answer = await pushContact(token, contact, known?.externalId ?? null)
  } catch (error) {
    if (!(error instanceof GhlApiError)) throw error
    if (error.retriable) {
      await prisma.goHighLevelPush.update({ where: { id: push.id }, data: { attempts: { increment: 1 }, error: error.message } })
      throw error
    }
    if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
      await prisma.goHighLevelIntegration.update({ where: { organizationId }, data: { status: 'failing', lastError: error.message, lastCheckedAt: new Date() } })
    }
    return finishFailed(push.id, organizationId, error.message)
  }

  const actor = systemActor('gohighlevel_push', { organizationId })
  await setExternalRef({ organizationId, actor, entityType: 'lead', entityId: lead.leadId, system: GHL_SYSTEM, externalId: answer.contactId })
  await prisma.$transaction(async (tx) => {
    await tx.goHighLevelPush.update({
      where: { id: push.id },
      data: { status: 'succeeded', contactId: answer.contactId, contactCreated: answer.created, attempts: { increment: 1 }, error: null, finishedAt: new Date() },
    })
    await tx.goHighLevelIntegration.update({ where: { organizationId }, data: { status: 'ok', lastError: null, lastCheckedAt: new Date() } })
    await recordAudit(tx, {
      actor,
      action: 'gohighlevel.push_succeeded',
      target: { type: 'lead', id: lead.leadId },
      summary: { pushId: push.id, contactId: answer.contactId, created: answer.created },
    })
  })
  return { status: 'succeeded', ...answer }
}

async function pushContact(token: string, contact: ReturnType<typeof ghlContactFor>, knownContactId: string | null) {
  if (knownContactId) {
    const { locationId: _location, ...fields } = contact
    try {
      return await updateGhlContact({ token, contactId: knownContactId, contact: fields })
    } catch (error) {
      // Deleted or merged in GHL (or another location now): upsert finds or makes the contact again.
      if (!(error instanceof GhlApiError) || error.kind !== 'invalid') throw error
    }
  }
  return upsertGhlContact({ token, contact })
}

/** Ends a push as failed with its reason (also after the job's last retry). */
export async function finishFailed(pushId: string, organizationId: string, error: string): Promise<PushStepOutcome> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.goHighLevelPush.update({ where: { id: pushId }, data: { status: 'failed', error, finishedAt: new Date() } })
    await recordAudit(tx, {
      actor: systemActor('gohighlevel_push', { organizationId }),
      action: 'gohighlevel.push_failed',
      target: { type: 'lead', id: row.leadId },
      summary: { pushId, error },
    })
  })
  return { status: 'failed', error }
}
