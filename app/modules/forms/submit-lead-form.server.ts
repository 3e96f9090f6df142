import { randomUUID } from 'node:crypto'
import { systemActor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { validE164 } from '~/modules/compliance/consent-number'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { writeLead } from '~/modules/leads/write-lead.server'
import { queueSends } from '~/modules/messaging/queue-sends.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import type { PublicLeadForm } from './get-public-lead-form.server'
import { formFieldOfLeadField, type LeadFormSubmissionFields } from './lead-form-submission-input'

export type SubmittedLeadForm = {
  submissionId: string
  /** Null when the visitor gave no property address: the person is kept without a lead. */
  leadId: string | null
  identityId: string
  created: boolean
  consentEventId: string
  confirmation: 'not_required' | 'pending'
  /** Double opt-in: the confirmation request as the send gate decided it (queued, or blocked with its reason). */
  confirmationRequest: { queued: boolean; reason: string | null } | null
}

/** The text of the double opt-in request. */
export function confirmationRequestText(organizationName: string) {
  return `${organizationName}: Reply YES to confirm you want text messages from us. Msg & data rates may apply. Reply STOP to opt out.`
}

/**
 * A valid submission of a hosted form (docs/decisions/053): the lead is
 * created or updated through the import pipeline's RESOLVE/MERGE
 * (`writeLead`), then a `consent_granted` event is recorded with the
 * evidence — the exact disclosure text shown and its version, the IP, user
 * agent, embedding page and time, the form — and the submission is logged
 * with the lead and the event. With double opt-in the submission waits for a
 * YES (`confirmLeadFormOptIn`) and the request to reply YES is queued
 * through the send gate like any other message.
 */
export async function submitLeadForm(options: {
  form: PublicLeadForm
  fields: LeadFormSubmissionFields
  ip: string | null
  userAgent: string | null
  pageUrl: string | null
  requestId?: string | null
  now?: Date
}): Promise<SubmittedLeadForm> {
  const { form, fields } = options
  const e164 = validE164(fields.phone)
  if (!e164) {
    throw new AppError('invalid_phone_number', 'Enter a valid mobile number with its area code, e.g. (512) 555-0134', 422, { fieldErrors: { phone: ['Enter a valid mobile number with its area code, e.g. (512) 555-0134'] } })
  }
  const organizationId = form.organizationId
  const actor = systemActor(`Lead form “${form.name}”`, { organizationId, ip: options.ip, requestId: options.requestId ?? null })
  const submissionId = randomUUID()
  const submittedAt = (options.now ?? new Date()).toISOString()

  const street = fields.addressLine1?.trim()
  let written
  try {
    written = await writeLead({
      organizationId,
      actor,
      source: `lead_form:${form.id}`,
      lead: {
        fullName: fields.name,
        phones: [e164],
        ...(fields.email ? { emails: [fields.email] } : {}),
        ...(street ? { propertyAddress: { line1: street, city: fields.city || undefined, state: fields.state || undefined, postalCode: fields.postalCode || undefined } } : {}),
        ...(form.verticalKey ? { vertical: form.verticalKey } : {}),
        ...(form.tags.length ? { tags: form.tags } : {}),
      },
      // Without a street the person is kept (an identity with the number) and no lead is made: a lead is a person at a property.
      requireLead: Boolean(street),
    })
  } catch (error) {
    throw asFormError(error)
  }

  const evidence = {
    note: `Checked the consent box on the lead form “${form.name}” and submitted it at ${submittedAt}`,
    formId: form.id,
    formName: form.name,
    formSlug: form.slug,
    submissionId,
    disclosureText: form.disclosureText,
    disclosureVersion: form.disclosureVersion,
    ip: options.ip,
    userAgent: options.userAgent,
    pageUrl: options.pageUrl,
    submittedAt,
    name: fields.name,
    email: fields.email ?? null,
    doubleOptIn: form.doubleOptIn,
    confirmed: form.doubleOptIn ? false : null,
  }
  const consent = await recordConsentEvent({
    actor,
    organizationId,
    scope: 'organization',
    kind: 'consent_granted',
    phone: e164,
    source: 'lead_form',
    evidence,
    evidenceKey: `lead_form:${submissionId}`,
  })

  const confirmation = form.doubleOptIn ? ('pending' as const) : ('not_required' as const)
  await prisma.$transaction(async (tx) => {
    await tx.leadFormSubmission.create({
      data: {
        id: submissionId,
        organizationId,
        formId: form.id,
        outcome: 'accepted',
        name: fields.name,
        e164,
        email: fields.email ?? null,
        ip: options.ip,
        userAgent: options.userAgent,
        pageUrl: options.pageUrl,
        disclosureText: form.disclosureText,
        disclosureVersion: form.disclosureVersion,
        leadId: written.leadId,
        consentEventId: BigInt(consent.id),
        confirmation,
        createdAt: new Date(submittedAt),
      },
    })
    await recordAudit(tx, {
      actor,
      action: 'lead_form.submitted',
      organizationId,
      target: { type: 'lead_form_submission', id: submissionId },
      summary: { formId: form.id, leadId: written.leadId, created: written.created, consentEventId: consent.id, confirmation },
    })
  })

  let confirmationRequest: SubmittedLeadForm['confirmationRequest'] = null
  if (form.doubleOptIn) {
    const sent = await queueSends({
      organizationId,
      actor,
      purpose: 'marketing',
      body: confirmationRequestText(form.organizationName),
      to: [e164],
      idempotencyKey: `lead_form_confirm:${submissionId}`,
      now: options.now,
    })
    const blocked = sent.blocked[0]
    confirmationRequest = { queued: sent.queued.length === 1, reason: blocked?.reason ?? null }
  }
  return { submissionId, leadId: written.leadId, identityId: written.identityId, created: written.created, consentEventId: consent.id, confirmation, confirmationRequest }
}

/**
 * writeLead's refusal as the form shows it: each field error under the
 * form's field, anything else (a form whose vertical is not set while the
 * organization has several) as a message for the whole form.
 */
function asFormError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.status !== 422) return error
  const leadErrors = (error.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {}
  const fieldErrors: Record<string, string[]> = {}
  const other: string[] = []
  for (const [field, messages] of Object.entries(leadErrors)) {
    const target = formFieldOfLeadField(field)
    if (target) (fieldErrors[target] ??= []).push(...messages)
    else other.push(...messages)
  }
  if (other.length || Object.keys(fieldErrors).length === 0) {
    return new AppError('lead_form_unavailable', 'This form cannot take answers right now. Please try again later.', 409)
  }
  return new AppError('invalid_submission', 'Some answers need a fix.', 422, { fieldErrors })
}
