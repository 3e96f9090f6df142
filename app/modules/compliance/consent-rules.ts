/**
 * The send gate's consent rules, each a pure function of where a number
 * stands (consent_status: the organization's row and the platform's row) and
 * what the message is for. A rule returns the reason it blocks, or null.
 * The gate (decide-sends.server.ts) reads the rows for a whole batch in one
 * query and applies every rule to every recipient.
 *
 * Event ids order facts: of two events, the larger id is the later one.
 */

/** consent_status as the gate reads it; ids as strings (bigint in Postgres). */
export type ConsentStanding = {
  revokedEventId: string | null
  revokedKind: 'opt_out' | 'complaint' | 'wrong_number' | null
  restoredEventId: string | null
  consentEventId: string | null
  dncListedEventId: string | null
  litigatorListedEventId: string | null
}

/** The organization's own standing of the number and the platform-wide one; null where nothing is recorded. */
export type NumberStanding = { organization: ConsentStanding | null; platform: ConsentStanding | null }

/**
 * What a message is for. `marketing`: outreach the recipient did not ask for
 * (a campaign's messages, a send to a selection). `reply`: an answer in a
 * conversation the recipient is part of.
 */
export const SEND_PURPOSES = ['marketing', 'reply'] as const
export type SendPurpose = (typeof SEND_PURPOSES)[number]

export const CONSENT_BLOCK_REASONS = {
  opted_out: 'The number opted out (STOP or a recorded revocation) and has not opted back in',
  complaint: 'The recipient complained about our messages',
  wrong_number: 'The number was reported as a wrong number',
  litigator_listed: 'The number is on a known-litigator list',
  dnc_listed: 'The number is on a do-not-call list and no consent basis is recorded',
  no_consent: 'Marketing requires recorded consent in this organization and none is recorded',
} as const
export type ConsentBlockReason = keyof typeof CONSENT_BLOCK_REASONS

const later = (a: string | null, b: string | null) => a !== null && (b === null || BigInt(a) > BigInt(b))

/** A revocation with no opt-in or consent grant after it. */
function activeRevocation(standing: ConsentStanding | null): ConsentBlockReason | null {
  if (!standing?.revokedEventId || !later(standing.revokedEventId, standing.restoredEventId)) return null
  return standing.revokedKind === 'complaint' ? 'complaint' : standing.revokedKind === 'wrong_number' ? 'wrong_number' : 'opted_out'
}

/** A consent grant with no revocation after it. Only the organization's own record counts as its consent basis. */
export function hasConsentBasis(standing: NumberStanding): boolean {
  const own = standing.organization
  return own !== null && later(own.consentEventId, own.revokedEventId)
}

/** An opt-out, complaint or wrong number, in the organization or platform-wide, blocks every sender of the organization. */
export function revocationRule(standing: NumberStanding): ConsentBlockReason | null {
  return activeRevocation(standing.organization) ?? activeRevocation(standing.platform)
}

/** A known litigator is never texted; no consent overrides it. */
export function litigatorRule(standing: NumberStanding): ConsentBlockReason | null {
  return standing.organization?.litigatorListedEventId || standing.platform?.litigatorListedEventId ? 'litigator_listed' : null
}

/** A number on a do-not-call list the organization or the platform loaded: only with a consent basis. */
export function dncListRule(standing: NumberStanding): ConsentBlockReason | null {
  const listed = standing.organization?.dncListedEventId || standing.platform?.dncListedEventId
  return listed && !hasConsentBasis(standing) ? 'dnc_listed' : null
}

/** The organization's policy: marketing only to numbers with a consent basis. Replies are not marketing. */
export function consentPolicyRule(
  standing: NumberStanding,
  { purpose, marketingRequiresConsent }: { purpose: SendPurpose; marketingRequiresConsent: boolean },
): ConsentBlockReason | null {
  return purpose === 'marketing' && marketingRequiresConsent && !hasConsentBasis(standing) ? 'no_consent' : null
}

/** The first rule that blocks, in order of severity, or null when consent allows the message. */
export function consentBlockReason(
  standing: NumberStanding,
  policy: { purpose: SendPurpose; marketingRequiresConsent: boolean },
): ConsentBlockReason | null {
  return litigatorRule(standing) ?? revocationRule(standing) ?? dncListRule(standing) ?? consentPolicyRule(standing, policy)
}
