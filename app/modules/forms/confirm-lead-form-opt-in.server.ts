import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { prisma } from '~/utils/db.server'

/** A reply that confirms a double opt-in: YES (Y, YES!, yes please), nothing else. */
export function isOptInConfirmation(body: string): boolean {
  return /^\s*(y|yes)\b[\s!.]*(please)?[\s!.]*$/i.test(body)
}

/**
 * A YES from a number that a double opt-in form is waiting on (docs/decisions/053):
 * records a second `consent_granted` with the confirmation as its evidence
 * (the inbound message, when and to which of our numbers) beside the
 * form's, and marks every pending submission of the number confirmed. A
 * number with nothing pending, or a redelivered message, changes nothing.
 */
/** How long a submission's confirmation request waits for its YES. */
const CONFIRMATION_WINDOW_MS = 7 * 24 * 3_600_000

export async function confirmLeadFormOptIn(options: {
  organizationId: string
  from: string
  to: string
  body: string
  carrierSid: string
  receivedAt?: Date
}): Promise<{ confirmed: number; consentEventId: string | null }> {
  if (!isOptInConfirmation(options.body)) return { confirmed: 0, consentEventId: null }
  const pending = await prisma.leadFormSubmission.findMany({
    // A YES answers a recent request only: weeks later it is more likely a reply to something else.
    where: {
      organizationId: options.organizationId,
      e164: options.from,
      confirmation: 'pending',
      createdAt: { gte: new Date((options.receivedAt ?? new Date()).getTime() - CONFIRMATION_WINDOW_MS) },
    },
    include: { form: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
  })
  if (pending.length === 0) return { confirmed: 0, consentEventId: null }
  const receivedAt = (options.receivedAt ?? new Date()).toISOString()
  const event = await recordConsentEvent({
    actor: systemActor('inbound_sms', { organizationId: options.organizationId }),
    organizationId: options.organizationId,
    scope: 'organization',
    kind: 'consent_granted',
    phone: options.from,
    source: 'lead_form_confirmation',
    evidence: {
      note: `Replied "${options.body.trim().slice(0, 40)}" to ${options.to} at ${receivedAt}, confirming the lead form consent`,
      confirmation: { carrierSid: options.carrierSid, body: options.body.slice(0, 500), to: options.to, receivedAt },
      submissions: pending.map((s) => ({ submissionId: s.id, formId: s.formId, formName: s.form.name, consentEventId: s.consentEventId?.toString() ?? null, disclosureText: s.disclosureText, disclosureVersion: s.disclosureVersion, submittedAt: s.createdAt.toISOString() })),
      confirmed: true,
    },
    evidenceKey: `lead_form_confirm:${options.organizationId}:${options.carrierSid}`,
  })
  const { count } = await prisma.leadFormSubmission.updateMany({
    where: { id: { in: pending.map((s) => s.id) }, confirmation: 'pending' },
    data: { confirmation: 'confirmed', confirmedAt: new Date(receivedAt), confirmationEventId: BigInt(event.id) },
  })
  return { confirmed: count, consentEventId: event.id }
}
