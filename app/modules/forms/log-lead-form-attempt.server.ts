import { enforceRateLimits } from '~/modules/auth/enforce-rate-limit.server'
import { prisma } from '~/utils/db.server'
import { ipRateLimitSubject } from '~/utils/ip-address.server'

const MINUTE = 60_000

/**
 * How often one address may submit (any form), and how often one form takes
 * submissions (from anywhere): generous for people, tight for a script.
 */
export const leadFormLimits = {
  byIp: (ip: string | null) => ({ key: `lead-form:ip:${ipRateLimitSubject(ip)}`, limit: 10, windowMs: 10 * MINUTE }),
  byForm: (formId: string) => ({ key: `lead-form:form:${formId}`, limit: 300, windowMs: 10 * MINUTE }),
}

/** Counts one submission against the address's and the form's limits; throws RateLimitError when one is spent. */
export async function enforceLeadFormRateLimit(options: { formId: string; ip: string | null }) {
  await enforceRateLimits([leadFormLimits.byIp(options.ip), leadFormLimits.byForm(options.formId)])
}

/**
 * Logs a submission that made no lead: spam (the honeypot was filled), rate
 * limited, or invalid. Nothing about the person is kept — no name, number,
 * address or email; an invalid one keeps the names of the fields at fault.
 */
export async function logLeadFormAttempt(options: {
  organizationId: string
  formId: string
  outcome: 'spam' | 'rate_limited' | 'invalid'
  invalidFields?: string[]
}) {
  await prisma.leadFormSubmission.create({
    data: { organizationId: options.organizationId, formId: options.formId, outcome: options.outcome, invalidFields: options.invalidFields ?? [] },
  })
}
