import type { ConsentStandingName } from '~/modules/compliance/consent-rules'

/** The consent filter's values (consent-rules.ts CONSENT_STANDINGS), as the lead page and the filter bar name them. */
export const CONSENT_LABELS: Record<ConsentStandingName, string> = {
  opted_out: 'opted out',
  complaint: 'complained',
  wrong_number: 'wrong number',
  litigator_listed: 'known litigator',
  dnc_listed: 'on a do-not-call list',
  consented: 'consent on record',
  clear: 'nothing recorded in force',
}
