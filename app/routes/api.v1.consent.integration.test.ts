import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor } from '../../tests/support/factories'

/**
 * POST /api/v1/consent-events and GET /api/v1/consent/{phone}: an external
 * system records an opt-out and a consent grant, and reads what the send gate
 * decides. Every answer is checked against the OpenAPI document (callApi).
 */

type Standing = { e164: string; decisions: Record<'marketing' | 'reply', { allowed: boolean; reason: string | null }>; events: { id: string; kind: string; source: string }[] }

describe('the consent API', () => {
  it('records an opt-out that the gate applies at once, needs evidence for an opt-in, and reads the standing', async () => {
    const { key, organizationId } = await createApiKeyFor({ scopes: ['consent:write', 'consent:read'] })
    const before = await callApi<{ standing: Standing }>({ path: '/api/v1/consent/%2B15128675309', key })
    expect(before.status).toBe(200)
    expect(before.body.standing).toEqual({
      e164: '+15128675309',
      decisions: { marketing: { allowed: true, reason: null }, reply: { allowed: true, reason: null } },
      events: [],
    })

    const optOut = await callApi<{ event: { id: string; kind: string; source: string }; standing: Standing }>({
      method: 'POST',
      path: '/api/v1/consent-events',
      key,
      json: { phone: '(512) 867-5309', kind: 'opt_out', evidence: { crmTicket: 'T-1' }, evidenceKey: 'T-1' },
    })
    expect(optOut.status).toBe(201)
    expect(optOut.body.event).toMatchObject({ kind: 'opt_out', source: 'api' })
    expect(optOut.body.standing.decisions.marketing).toEqual({ allowed: false, reason: 'opted_out' })

    // The same evidence key records nothing new.
    const again = await callApi<{ event: { id: string } }>({
      method: 'POST',
      path: '/api/v1/consent-events',
      key,
      json: { phone: '+15128675309', kind: 'opt_out', evidence: { crmTicket: 'T-1' }, evidenceKey: 'T-1' },
    })
    expect(again.status).toBe(201)
    expect(again.body.event.id).toBe(optOut.body.event.id)
    expect(await prisma.consentEvent.count({ where: { organizationId } })).toBe(1)

    const withoutEvidence = await callApi<{ error: { code: string } }>({ method: 'POST', path: '/api/v1/consent-events', key, json: { phone: '+15128675309', kind: 'opt_in' } })
    expect(withoutEvidence.status).toBe(422)
    expect(withoutEvidence.body.error.code).toBe('evidence_required')

    const optIn = await callApi<{ standing: Standing }>({
      method: 'POST',
      path: '/api/v1/consent-events',
      key,
      json: { phone: '+15128675309', kind: 'opt_in', evidence: { note: 'Texted START on 2026-11-29', ticket: 'T-2' } },
    })
    expect(optIn.status).toBe(201)
    expect(optIn.body.standing.decisions.marketing).toEqual({ allowed: true, reason: null })

    // A consent grant is a consent basis, never a way around a STOP.
    const other = '+15128675310'
    await callApi({ method: 'POST', path: '/api/v1/consent-events', key, json: { phone: other, kind: 'opt_out' } })
    const granted = await callApi<{ standing: Standing }>({
      method: 'POST',
      path: '/api/v1/consent-events',
      key,
      json: { phone: other, kind: 'consent_granted', evidence: { form: 'https://crm.example/forms/881' } },
    })
    expect(granted.body.standing.decisions.reply).toEqual({ allowed: false, reason: 'opted_out' })

    // A removal from the DNC list needs evidence, lifts the listing before it and nothing else.
    const listed = '+15128675311'
    await callApi({ method: 'POST', path: '/api/v1/consent-events', key, json: { phone: listed, kind: 'dnc_listed', evidence: { list: 'internal' } } })
    const bare = await callApi<{ error: { code: string } }>({ method: 'POST', path: '/api/v1/consent-events', key, json: { phone: listed, kind: 'dnc_delisted' } })
    expect(bare.status).toBe(422)
    expect(bare.body.error.code).toBe('evidence_required')
    const delisted = await callApi<{ event: { kind: string }; standing: Standing }>({
      method: 'POST',
      path: '/api/v1/consent-events',
      key,
      json: { phone: listed, kind: 'dnc_delisted', evidence: { note: 'Listed by mistake, CRM ticket T-9' } },
    })
    expect(delisted.status).toBe(201)
    expect(delisted.body.event.kind).toBe('dnc_delisted')
    expect(delisted.body.standing.decisions.reply).toEqual({ allowed: true, reason: null })
    expect(delisted.body.standing.events.map((e) => e.kind)).toEqual(['dnc_delisted', 'dnc_listed'])
    const stillOptedOut = await callApi<{ standing: Standing }>({
      method: 'POST',
      path: '/api/v1/consent-events',
      key,
      json: { phone: other, kind: 'dnc_delisted', evidence: { note: 'Not on our list, says the CRM' } },
    })
    expect(stillOptedOut.body.standing.decisions.reply).toEqual({ allowed: false, reason: 'opted_out' })

    const after = await callApi<{ standing: Standing }>({ path: '/api/v1/consent/+15128675309', key })
    expect(after.body.standing.events.map((e) => e.kind)).toEqual(['opt_in', 'opt_out'])

    const invalid = await callApi<{ error: { code: string } }>({ path: '/api/v1/consent/555', key })
    expect(invalid.status).toBe(422)
    expect(invalid.body.error.code).toBe('invalid_phone_number')
  })

  it('needs the consent scopes', async () => {
    const { key } = await createApiKeyFor({ scopes: ['consent:read'] })
    const refused = await callApi<{ error: { code: string } }>({ method: 'POST', path: '/api/v1/consent-events', key, json: { phone: '+15128675309', kind: 'opt_out' } })
    expect(refused.status).toBe(403)
    const other = await createApiKeyFor({ scopes: ['leads:read'] })
    expect((await callApi({ path: '/api/v1/consent/%2B15128675309', key: other.key })).status).toBe(403)
  })
})
