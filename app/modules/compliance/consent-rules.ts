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
  /** The latest removal from the subject's do-not-call list: a listing holds only when it is later. */
  dncDelistedEventId: string | null
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

/**
 * A do-not-call listing of one subject (the organization's list, or the
 * platform's) with no removal from that list after it. A removal lifts the
 * listing only: it is no opt-in, and a listing recorded after it lists the
 * number again.
 */
export function activeDncListing(standing: ConsentStanding | null): boolean {
  return standing !== null && later(standing.dncListedEventId, standing.dncDelistedEventId)
}

/** A number on a do-not-call list the organization or the platform loaded: only with a consent basis. */
export function dncListRule(standing: NumberStanding): ConsentBlockReason | null {
  const listed = activeDncListing(standing.organization) || activeDncListing(standing.platform)
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

/**
 * What is recorded in force for a number, in the terms of the leads'
 * consent filter (lead-filter.ts) and the lead page; a number may be in
 * several. Organization or platform, as the rules read them:
 * - `opted_out`, `complaint`, `wrong_number`: a revocation of that kind with
 *   no opt-in after it;
 * - `litigator_listed`: on a known-litigator list;
 * - `dnc_listed`: on a do-not-call list (ours or the platform's) and not
 *   removed from it since (the national registry is not recorded here: it is
 *   asked at each marketing send);
 * - `consented`: the organization's consent basis (a grant with no
 *   revocation after it);
 * - `clear`: none of these: nothing recorded, or all of it lifted. Not a
 *   promise the gate allows a send: the national registry, the policy,
 *   cooldowns and quiet hours still apply.
 * lead-filter-sql.server.ts says the same in SQL; a test holds them together.
 */
export const CONSENT_STANDINGS = ['opted_out', 'complaint', 'wrong_number', 'litigator_listed', 'dnc_listed', 'consented', 'clear'] as const
export type ConsentStandingName = (typeof CONSENT_STANDINGS)[number]

export function consentStandings(standing: NumberStanding): ConsentStandingName[] {
  const names = new Set<ConsentStandingName>()
  for (const subject of [standing.organization, standing.platform]) {
    const revoked = activeRevocation(subject)
    if (revoked === 'opted_out' || revoked === 'complaint' || revoked === 'wrong_number') names.add(revoked)
    if (subject?.litigatorListedEventId) names.add('litigator_listed')
    if (activeDncListing(subject)) names.add('dnc_listed')
  }
  if (hasConsentBasis(standing)) names.add('consented')
  return names.size ? CONSENT_STANDINGS.filter((name) => names.has(name)) : ['clear']
}
