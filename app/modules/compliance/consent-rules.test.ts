import { describe, expect, it } from 'vitest'
import {
  activeDncListing,
  consentBlockReason,
  consentStandings,
  consentPolicyRule,
  dncListRule,
  hasConsentBasis,
  litigatorRule,
  revocationRule,
  type ConsentStanding,
  type NumberStanding,
} from './consent-rules'

const standing = (fields: Partial<ConsentStanding>): ConsentStanding => ({
  revokedEventId: null,
  revokedKind: null,
  restoredEventId: null,
  consentEventId: null,
  dncListedEventId: null,
  dncDelistedEventId: null,
  litigatorListedEventId: null,
  ...fields,
})
const own = (fields: Partial<ConsentStanding>): NumberStanding => ({ organization: standing(fields), platform: null })
const platform = (fields: Partial<ConsentStanding>): NumberStanding => ({ organization: null, platform: standing(fields) })
const nothing: NumberStanding = { organization: null, platform: null }

describe('revocationRule', () => {
  it('blocks while the latest revocation is later than the latest opt-in, comparing ids as numbers', () => {
    expect(revocationRule(nothing)).toBeNull()
    expect(revocationRule(own({ revokedEventId: '5', revokedKind: 'opt_out' }))).toBe('opted_out')
    expect(revocationRule(own({ revokedEventId: '5', revokedKind: 'opt_out', restoredEventId: '6' }))).toBeNull()
    expect(revocationRule(own({ revokedEventId: '7', revokedKind: 'opt_out', restoredEventId: '6' }))).toBe('opted_out')
    // 10 > 9 as numbers, not as text.
    expect(revocationRule(own({ revokedEventId: '10', revokedKind: 'opt_out', restoredEventId: '9' }))).toBe('opted_out')
    expect(revocationRule(own({ revokedEventId: '9', revokedKind: 'opt_out', restoredEventId: '10' }))).toBeNull()
  })

  it('names complaints and wrong numbers, and applies a platform revocation too', () => {
    expect(revocationRule(own({ revokedEventId: '1', revokedKind: 'complaint' }))).toBe('complaint')
    expect(revocationRule(own({ revokedEventId: '1', revokedKind: 'wrong_number' }))).toBe('wrong_number')
    expect(revocationRule(platform({ revokedEventId: '1', revokedKind: 'opt_out' }))).toBe('opted_out')
    // The organization's opt-in does not lift a platform-wide revocation.
    expect(revocationRule({ organization: standing({ restoredEventId: '9' }), platform: standing({ revokedEventId: '1', revokedKind: 'opt_out' }) })).toBe('opted_out')
  })
})

describe('litigatorRule', () => {
  it('blocks a listed number from either list, whatever else is recorded', () => {
    expect(litigatorRule(nothing)).toBeNull()
    expect(litigatorRule(platform({ litigatorListedEventId: '3' }))).toBe('litigator_listed')
    expect(litigatorRule(own({ litigatorListedEventId: '3', consentEventId: '9' }))).toBe('litigator_listed')
  })
})

describe('hasConsentBasis and dncListRule', () => {
  it('counts only the organization’s consent, and only while no revocation follows it', () => {
    expect(hasConsentBasis(own({ consentEventId: '4' }))).toBe(true)
    expect(hasConsentBasis(own({ consentEventId: '4', revokedEventId: '5', revokedKind: 'opt_out' }))).toBe(false)
    expect(hasConsentBasis(own({ consentEventId: '6', revokedEventId: '5', revokedKind: 'opt_out' }))).toBe(true)
    expect(hasConsentBasis(platform({ consentEventId: '4' }))).toBe(false)
  })

  it('blocks a DNC-listed number unless a consent basis is on record', () => {
    expect(dncListRule(own({ dncListedEventId: '2' }))).toBe('dnc_listed')
    expect(dncListRule(platform({ dncListedEventId: '2' }))).toBe('dnc_listed')
    expect(dncListRule(own({ dncListedEventId: '2', consentEventId: '3' }))).toBeNull()
    expect(dncListRule(nothing)).toBeNull()
  })

  it('lifts a DNC listing removed after it, and lists again on a later listing', () => {
    expect(activeDncListing(standing({ dncListedEventId: '2', dncDelistedEventId: '3' }))).toBe(false)
    expect(dncListRule(own({ dncListedEventId: '2', dncDelistedEventId: '3' }))).toBeNull()
    expect(dncListRule(own({ dncListedEventId: '4', dncDelistedEventId: '3' }))).toBe('dnc_listed')
    // 10 > 9 as numbers.
    expect(dncListRule(own({ dncListedEventId: '10', dncDelistedEventId: '9' }))).toBe('dnc_listed')
    // A removal from our list does not lift the platform's listing (another row).
    expect(dncListRule({ organization: standing({ dncListedEventId: '2', dncDelistedEventId: '3' }), platform: standing({ dncListedEventId: '1' }) })).toBe('dnc_listed')
  })

  it('never lets a removal from the DNC list lift an opt-out, a complaint or a litigator listing', () => {
    const policy = { purpose: 'marketing', marketingRequiresConsent: false } as const
    expect(consentBlockReason(own({ revokedEventId: '1', revokedKind: 'opt_out', dncListedEventId: '2', dncDelistedEventId: '3' }), policy)).toBe('opted_out')
    expect(consentBlockReason(own({ revokedEventId: '1', revokedKind: 'complaint', dncDelistedEventId: '3' }), policy)).toBe('complaint')
    expect(consentBlockReason(own({ litigatorListedEventId: '1', dncDelistedEventId: '3' }), policy)).toBe('litigator_listed')
    expect(consentBlockReason(own({ dncListedEventId: '2', dncDelistedEventId: '3' }), policy)).toBeNull()
  })
})

describe('consentPolicyRule and consentBlockReason', () => {
  it('asks consent for marketing only where the policy is on', () => {
    expect(consentPolicyRule(nothing, { purpose: 'marketing', marketingRequiresConsent: true })).toBe('no_consent')
    expect(consentPolicyRule(nothing, { purpose: 'marketing', marketingRequiresConsent: false })).toBeNull()
    expect(consentPolicyRule(nothing, { purpose: 'reply', marketingRequiresConsent: true })).toBeNull()
    expect(consentPolicyRule(own({ consentEventId: '1' }), { purpose: 'marketing', marketingRequiresConsent: true })).toBeNull()
  })

  it('gives the most severe reason first: litigator, revocation, DNC, policy', () => {
    const policy = { purpose: 'marketing', marketingRequiresConsent: true } as const
    expect(consentBlockReason(own({ litigatorListedEventId: '1', revokedEventId: '2', revokedKind: 'opt_out', dncListedEventId: '3' }), policy)).toBe('litigator_listed')
    expect(consentBlockReason(own({ revokedEventId: '2', revokedKind: 'opt_out', dncListedEventId: '3' }), policy)).toBe('opted_out')
    expect(consentBlockReason(own({ dncListedEventId: '3' }), policy)).toBe('dnc_listed')
    expect(consentBlockReason(nothing, policy)).toBe('no_consent')
    expect(consentBlockReason(own({ consentEventId: '1' }), policy)).toBeNull()
  })
})

describe('consentStandings', () => {
  it('names what is in force, organization or platform, or clear', () => {
    expect(consentStandings(nothing)).toEqual(['clear'])
    expect(consentStandings(own({ revokedEventId: '1', revokedKind: 'opt_out', restoredEventId: '2' }))).toEqual(['clear'])
    expect(consentStandings(own({ dncListedEventId: '1', dncDelistedEventId: '2' }))).toEqual(['clear'])
    expect(consentStandings(own({ revokedEventId: '3', revokedKind: 'opt_out', dncListedEventId: '1' }))).toEqual(['opted_out', 'dnc_listed'])
    expect(consentStandings({ organization: standing({ revokedEventId: '1', revokedKind: 'complaint' }), platform: standing({ revokedEventId: '2', revokedKind: 'wrong_number', litigatorListedEventId: '3' }) })).toEqual([
      'complaint',
      'wrong_number',
      'litigator_listed',
    ])
    expect(consentStandings(own({ consentEventId: '1', dncListedEventId: '2' }))).toEqual(['dnc_listed', 'consented'])
    expect(consentStandings(platform({ consentEventId: '1' }))).toEqual(['clear'])
  })
})
