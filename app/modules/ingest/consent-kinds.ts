/** What a consent event says about a number (the ConsentKind enum); a compliance import picks one for its whole file. */
export const CONSENT_KINDS = ['opt_out', 'opt_in', 'dnc_listed', 'litigator_listed', 'complaint', 'wrong_number', 'consent_granted'] as const
export type ConsentKindName = (typeof CONSENT_KINDS)[number]

export function isConsentKind(value: unknown): value is ConsentKindName {
  return typeof value === 'string' && (CONSENT_KINDS as readonly string[]).includes(value)
}
