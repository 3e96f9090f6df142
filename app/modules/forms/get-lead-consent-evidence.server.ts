import { maskPhone } from '~/modules/leads/mask-phone'
import { prisma } from '~/utils/db.server'

export type LeadConsentEvidence = {
  submissionId: string
  /** The number the consent is for (masked unless the viewer may see numbers). */
  phone: string
  formId: string
  formName: string
  name: string | null
  email: string | null
  /** The exact disclosure text the person saw, and its version. */
  disclosureText: string
  disclosureVersion: number | null
  ip: string | null
  userAgent: string | null
  pageUrl: string | null
  submittedAt: string
  consentEventId: string | null
  confirmation: 'not_required' | 'pending' | 'confirmed'
  confirmedAt: string | null
  /** The reply that confirmed a double opt-in, as received. */
  confirmationBody: string | null
}

const LIMIT = 20

/**
 * The consent evidence lead forms recorded for the numbers of a lead (consent
 * belongs to a number, so a submission that made another lead with the same
 * number counts too): the form, the exact text shown, where and when, and
 * whether a double opt-in was confirmed. Newest first, at most 20.
 */
export async function getLeadConsentEvidence(options: { organizationId: string; leadId: string; showNumbers: boolean }): Promise<LeadConsentEvidence[]> {
  const lead = await prisma.lead.findFirst({
    where: { id: options.leadId, organizationId: options.organizationId },
    select: { identity: { select: { phones: { select: { phone: { select: { e164: true } } } } } } },
  })
  const numbers = lead?.identity.phones.map((p) => p.phone.e164) ?? []
  if (numbers.length === 0) return []
  const rows = await prisma.leadFormSubmission.findMany({
    where: { organizationId: options.organizationId, outcome: 'accepted', e164: { in: numbers } },
    include: { form: { select: { name: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: LIMIT,
  })
  const confirmationIds = rows.flatMap((r) => (r.confirmationEventId ? [r.confirmationEventId] : []))
  const confirmations = confirmationIds.length
    ? new Map(
        (await prisma.consentEvent.findMany({ where: { id: { in: confirmationIds }, organizationId: options.organizationId }, select: { id: true, evidence: true } })).map((e) => [
          e.id.toString(),
          (e.evidence as { confirmation?: { body?: string } } | null)?.confirmation?.body ?? null,
        ]),
      )
    : new Map<string, string | null>()
  const show = options.showNumbers ? (e: string) => e : maskPhone
  return rows.map((r) => ({
    submissionId: r.id,
    phone: show(r.e164!),
    formId: r.formId,
    formName: r.form.name,
    name: r.name,
    email: r.email,
    disclosureText: r.disclosureText ?? '',
    disclosureVersion: r.disclosureVersion,
    ip: r.ip,
    userAgent: r.userAgent,
    pageUrl: r.pageUrl,
    submittedAt: r.createdAt.toISOString(),
    consentEventId: r.consentEventId?.toString() ?? null,
    confirmation: r.confirmation,
    confirmedAt: r.confirmedAt?.toISOString() ?? null,
    confirmationBody: r.confirmationEventId ? (confirmations.get(r.confirmationEventId.toString()) ?? null) : null,
  }))
}
