import type { Actor } from '~/modules/audit/actor'
import { activeDncListing } from '~/modules/compliance/consent-rules'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { dncChangeOfLeadPhone } from './add-lead-phone-to-dnc.server'

/**
 * Takes one of a lead's phones off the organization's internal do-not-call
 * list, with the operator's reason: a `dnc_delisted` consent event (audited
 * as `consent.recorded`, like the listing). It lifts the organization's DNC
 * listings recorded before it and nothing else: an opt-out, a complaint, a
 * wrong number, a litigator listing, the platform's lists and the national
 * registry still block, and a listing recorded after it lists the number
 * again (consent-rules.ts). Refused when the organization has no listing of
 * the number in force, so nothing is recorded that lifts nothing. The phone
 * is named by its id and must be one of the lead's.
 */
export async function removeLeadPhoneFromDnc(options: { organizationId: string; actor: Actor; leadId: string; phoneId: string; reason: string }) {
  const { reason, e164 } = await dncChangeOfLeadPhone(options)
  const status = await prisma.consentStatus.findUnique({
    where: { subject_e164: { subject: options.organizationId, e164 } },
    select: { dncListedEventId: true, dncDelistedEventId: true },
  })
  const listed =
    status !== null &&
    activeDncListing({
      revokedEventId: null,
      revokedKind: null,
      restoredEventId: null,
      consentEventId: null,
      litigatorListedEventId: null,
      dncListedEventId: status.dncListedEventId?.toString() ?? null,
      dncDelistedEventId: status.dncDelistedEventId?.toString() ?? null,
    })
  if (!listed) throw new AppError('not_dnc_listed', 'That number is not on the organization’s do-not-call list.', 409)
  return recordConsentEvent({
    actor: options.actor,
    organizationId: options.organizationId,
    scope: 'organization',
    kind: 'dnc_delisted',
    phone: e164,
    source: 'operator',
    // The evidence a removal needs (recordConsentEvent): the operator's reason and the lead it was given on (its id is a reference of 8 characters or more).
    evidence: { reason, leadId: options.leadId },
  })
}
