import { expect } from 'vitest'
import { freshNumber } from '../../support/leads'
import { defineScenario } from '../scenario'

export const consentScenarios = [
  defineScenario({
    operationId: 'recordConsentEvent',
    success: (client) => client.POST('/api/v1/consent-events', { body: { phone: freshNumber(), kind: 'opt_out', evidence: { crmTicket: 'T-1' } } }),
    error: { status: 422, code: 'evidence_required', call: (client) => client.POST('/api/v1/consent-events', { body: { phone: freshNumber(), kind: 'opt_in' } }) },
    audits: 'consent.recorded',
  }),
  defineScenario({
    operationId: 'getConsentStanding',
    setup: async ({ client }) => {
      const phone = freshNumber()
      await client.POST('/api/v1/consent-events', { body: { phone, kind: 'opt_out', evidence: { crmTicket: 'T-1' } } })
      return { phone }
    },
    success: (client, { phone }) => client.GET('/api/v1/consent/{phone}', { params: { path: { phone } } }),
    error: { status: 422, code: 'invalid_phone_number', call: (client) => client.GET('/api/v1/consent/{phone}', { params: { path: { phone: 'not-a-number' } } }) },
    // The phone names no record: every organization has a standing for every number, so another one's opt-out must not show.
    foreign: {
      assert: async (result) => {
        expect(result.response.status).toBe(200)
        const { standing } = result.data as { standing: { events: unknown[]; decisions: { marketing: { allowed: boolean } } } }
        expect(standing.events).toEqual([])
        expect(standing.decisions.marketing.allowed).toBe(true)
      },
    },
  }),
]
