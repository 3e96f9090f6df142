import type { Actor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'

export const DNC_REASON_MIN = 4
export const DNC_REASON_MAX = 500

/**
 * Puts one of a lead's phones on the organization's internal do-not-call
 * list, with the operator's reason: a `dnc_listed` consent event (audited),
 * so the send gate blocks the number for every sender of the organization,
 * for marketing, unless consent is on record. The phone is named by its id
 * and must be one of the lead's, so a masked number never travels back.
 */
export async function addLeadPhoneToDnc(options: { organizationId: string; actor: Actor; leadId: string; phoneId: string; reason: string }) {
  const { reason, e164 } = await dncChangeOfLeadPhone(options)
  return recordConsentEvent({
    actor: options.actor,
    organizationId: options.organizationId,
    scope: 'organization',
    kind: 'dnc_listed',
    phone: e164,
    source: 'operator',
    evidence: { reason, leadId: options.leadId },
  })
}

/**
 * What a do-not-call change of a lead's phone needs: the operator's reason
 * (checked) and the number of the phone, which must be one of the lead's
 * (it is named by id, so a masked number never travels back).
 */
export async function dncChangeOfLeadPhone(options: { organizationId: string; leadId: string; phoneId: string; reason: string }) {
  const reason = options.reason.trim()
  if (reason.length < DNC_REASON_MIN || reason.length > DNC_REASON_MAX) {
    throw new AppError('reason_required', `Say why, in ${DNC_REASON_MIN}–${DNC_REASON_MAX} characters.`, 422, { field: 'reason' })
  }
  const link = await prisma.identityPhone.findFirst({
    where: { phoneId: options.phoneId, identity: { organizationId: options.organizationId, leads: { some: { id: options.leadId } } } },
    include: { phone: { select: { e164: true } } },
  })
  if (!link) throw new AppError('phone_not_found', 'That phone is not one of this lead’s.', 404)
  return { reason, e164: link.phone.e164 }
}
