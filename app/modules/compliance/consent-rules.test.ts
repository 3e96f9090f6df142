import { describe, expect, it } from 'vitest'
import {
  consentBlockReason,
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
