import { describe, expect, it } from 'vitest'
import { systemActor, type UserActor } from '~/modules/audit/actor'
import { pool, prisma } from '~/utils/db.server'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { decideSends, type GateDb } from './decide-sends.server'
import { recordConsentEvent } from './record-consent-event.server'
import { setMarketingConsentPolicy } from './set-marketing-consent-policy.server'

/** Wednesday 2026-11-25, 18:00 UTC: noon in Austin, inside every window the test numbers have. */
const MIDDAY = new Date('2026-11-25T18:00:00Z')

let serial = 0
/** A fresh valid US number per call (555-01xx is fictional; 2xx-xxx-xxxx numbers with a real area code are valid). */
const freshNumber = () => `+1512${String(2_000_000 + ((Date.now() + serial++ * 7919) % 7_000_000)).padStart(7, '0')}`

async function setting() {
  const org = await createOrganization({ environment: 'sandbox' })
  const actor = systemActor('test', { organizationId: org.id })
  const record = (kind: Parameters<typeof recordConsentEvent>[0]['kind'], phone: string, extra: Partial<Parameters<typeof recordConsentEvent>[0]> = {}) =>
    recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind, phone, source: 'test', evidence: { note: 'recorded by the test' }, ...extra })
  const decide = (to: string[], purpose: 'marketing' | 'reply' = 'marketing') =>
    decideSends({ organizationId: org.id, purpose, recipients: to.map((t) => ({ to: t })), now: MIDDAY })
  return { org, actor, record, decide }
}

describe('the send gate: consent', () => {
  it('blocks a number that opted out, for every sender of the organization, until it opts back in with evidence', async () => {
    const { record, decide } = await setting()
    const number = freshNumber()
    expect(await decide([number])).toEqual([{ to: number, allowed: true }])

    await record('opt_out', number)
    expect(await decide([number])).toEqual([{ to: number, allowed: false, reason: 'opted_out', message: expect.any(String) }])
    expect((await decide([number], 'reply'))[0]).toMatchObject({ allowed: false, reason: 'opted_out' })

    await expect(record('opt_in', number, { evidence: {} })).rejects.toMatchObject({ code: 'evidence_required' })
    expect((await decide([number]))[0]).toMatchObject({ allowed: false, reason: 'opted_out' })

    await record('opt_in', number, { evidence: { inboundMessage: 'START' } })
    expect(await decide([number])).toEqual([{ to: number, allowed: true }])

    // A later opt-out wins again.
    await record('opt_out', number)
    expect((await decide([number]))[0]).toMatchObject({ allowed: false, reason: 'opted_out' })
  })

  it('names complaints and wrong numbers as their own reasons', async () => {
    const { record, decide } = await setting()
    const [a, b] = [freshNumber(), freshNumber()]
    await record('complaint', a)
    await record('wrong_number', b)
    expect((await decide([a, b])).map((d) => (d.allowed ? 'allowed' : d.reason))).toEqual(['complaint', 'wrong_number'])
  })

  it("keeps one organization's opt-outs out of another's decisions, and applies platform lists to every organization", async () => {
    const first = await setting()
    const second = await setting()
    const [optedOut, litigator] = [freshNumber(), freshNumber()]
    await first.record('opt_out', optedOut)
    expect((await second.decide([optedOut]))[0]).toMatchObject({ allowed: true })

    await recordConsentEvent({
      actor: systemActor('platform list'), organizationId: first.org.id, scope: 'platform', kind: 'litigator_listed',
      phone: litigator, source: 'operator', evidence: { list: 'litigators-2026-11' },
    })
    // Consent does not override a litigator listing.
    await second.record('consent_granted', litigator, { evidence: { form: 'web-form-123' } })
    for (const side of [first, second]) expect((await side.decide([litigator]))[0]).toMatchObject({ allowed: false, reason: 'litigator_listed' })
  })

  it('blocks a number on a loaded DNC list unless the organization recorded consent, and a later opt-out ends that consent', async () => {
    const { record, decide } = await setting()
    const number = freshNumber()
    await record('dnc_listed', number, { evidence: { list: 'dnc.csv' } })
    expect((await decide([number]))[0]).toMatchObject({ allowed: false, reason: 'dnc_listed' })

    await record('consent_granted', number, { evidence: { form: 'web-form-7', at: '2026-11-01' } })
    expect((await decide([number]))[0]).toMatchObject({ allowed: true })

    await record('opt_out', number)
    await record('opt_in', number, { evidence: { inboundMessage: 'UNSTOP' } })
    // Opted back in, but the consent basis came before the opt-out: the DNC listing holds again.
    expect((await decide([number]))[0]).toMatchObject({ allowed: false, reason: 'dnc_listed' })
  })

  it('requires recorded consent for marketing in production organizations by default, not for replies, and audits turning it off', async () => {
    const org = await createOrganization({ environment: 'prod' })
    const admin = await createUser({ organizationId: org.id, role: 'admin' })
    const actor: UserActor = { type: 'user', userId: admin.id, organizationId: org.id, label: admin.email }
    const [plain, consented] = [freshNumber(), freshNumber()]
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'consent_granted', phone: consented, source: 'operator', evidence: { form: 'signed' } })

    const decide = (purpose: 'marketing' | 'reply') => decideSends({ organizationId: org.id, purpose, recipients: [{ to: plain }, { to: consented }], now: MIDDAY })
    expect((await decide('marketing')).map((d) => (d.allowed ? 'allowed' : d.reason))).toEqual(['no_consent', 'allowed'])
    expect((await decide('reply')).map((d) => d.allowed)).toEqual([true, true])

    await setMarketingConsentPolicy({ actor, organizationId: org.id, requiresConsent: false })
    expect((await decide('marketing')).map((d) => d.allowed)).toEqual([true, true])
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.id, action: 'organization.marketing_consent_policy_changed' } })
    expect(audit).toMatchObject({ actorId: admin.id, summary: { before: { requiresConsent: true, explicit: false }, after: { requiresConsent: false } } })

    const sandbox = await createOrganization({ environment: 'sandbox' })
    expect((await decideSends({ organizationId: sandbox.id, purpose: 'marketing', recipients: [{ to: plain }], now: MIDDAY }))[0]).toMatchObject({ allowed: true })
  })

  it('decides a batch with two queries whatever its size, in order, and reports invalid numbers and repeats in the batch', async () => {
    const { record, org } = await setting()
    const numbers = Array.from({ length: 2_000 }, () => freshNumber())
    const optedOut = numbers[1_234]!
    await record('opt_out', optedOut)
    let queries = 0
    const counting: GateDb = {
      query: async (text, values) => {
        queries++
        return (await pool.query(text, values)) as never
      },
    }
    const recipients = [...numbers, 'not a number', numbers[0]!].map((to) => ({ to }))
    const decisions = await decideSends({ organizationId: org.id, purpose: 'marketing', recipients, db: counting, now: MIDDAY })
    expect(queries).toBe(2)
    expect(decisions).toHaveLength(recipients.length)
    expect(decisions.map((d) => d.to)).toEqual(recipients.map((r) => r.to))
    const blocked = decisions.flatMap((d, i) => (d.allowed ? [] : [[i, d.reason]]))
    expect(blocked).toEqual([[1_234, 'opted_out'], [2_000, 'invalid_number'], [2_001, 'duplicate_in_batch']])
  })

  it('records the same evidence once, normalizes the number, and audits each event', async () => {
    const { record, org } = await setting()
    const first = await record('opt_out', '(512) 867-5309', { evidenceKey: `inbound:${org.id}:SM1` })
    const again = await record('opt_out', '512.867.5309', { evidenceKey: `inbound:${org.id}:SM1` })
    expect(again.id).toBe(first.id)
    expect(first.e164).toBe('+15128675309')
    await expect(record('opt_in', '+15128675309', { evidenceKey: `inbound:${org.id}:SM1` })).rejects.toMatchObject({ code: 'evidence_key_reused' })
    await expect(record('opt_out', '12')).rejects.toMatchObject({ code: 'invalid_phone_number' })
    const audits = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: 'consent.recorded' }, orderBy: { id: 'asc' } })
    expect(audits.map((a) => a.summary)).toEqual([
      { kind: 'opt_out', scope: 'organization', e164: '+15128675309', source: 'test' },
      { alreadyRecorded: true },
    ])
  })
})

describe('the send gate: quiet hours', () => {
  it('checks the zones of the number’s area code and of the lead’s address, with the strictest of their states’ windows', async () => {
    const { org } = await setting()
    const austin = freshNumber()
    // Tuesday 2026-11-24, 19:30 in Austin and 20:30 in Miami.
    const evening = new Date('2026-11-25T01:30:00Z')
    const at = (now: Date, state?: string) => decideSends({ organizationId: org.id, purpose: 'reply', recipients: [{ to: austin, state }], now })
    expect((await at(evening))[0]).toEqual({ to: austin, allowed: true })
    // A lead whose property is in Florida: Eastern time joins, and Florida's 8 p.m. end.
    expect((await at(evening, 'FL'))[0]).toEqual({
      to: austin,
      allowed: false,
      reason: 'quiet_hours',
      message: expect.any(String),
      detail: 'Tue 20:30 in America/New_York; the window there is 09:00–20:00',
    })
    // Texas on a Sunday morning (11:00 in Austin) for a message of either purpose.
    const sunday = new Date('2026-11-29T17:00:00Z')
    expect((await at(sunday))[0]).toMatchObject({ allowed: false, reason: 'quiet_hours', detail: 'Sun 11:00 in America/Chicago; the window there is 12:00–21:00' })
  })
})

describe('consent_status', () => {
  it('folds events in by their ids whatever the order of the statements, and the app role can neither write it nor fold events of its own', async () => {
    const { org } = await setting()
    const number = freshNumber()
    // Two statements; the second carries the older fact (a smaller id): the opt-in must still win.
    const ids = await pool.query<{ a: string; b: string }>(`SELECT nextval('consent_events_id_seq') AS a, nextval('consent_events_id_seq') AS b`)
    const { a, b } = ids.rows[0]!
    const insert = (id: string, kind: string) =>
      pool.query(
        `INSERT INTO consent_events (id, organization_id, scope, kind, e164, source, actor_type, actor_label)
         VALUES ($1, $2, 'organization', $3::"ConsentKind", $4, 'test', 'system', 'test')`,
        [id, org.id, kind, number],
      )
    await insert(b, 'opt_in')
    await insert(a, 'opt_out')
    const status = await prisma.consentStatus.findUniqueOrThrow({ where: { subject_e164: { subject: org.id, e164: number } } })
    expect(status).toMatchObject({ revokedEventId: BigInt(a), revokedKind: 'opt_out', restoredEventId: BigInt(b) })
    expect((await decideSends({ organizationId: org.id, purpose: 'reply', recipients: [{ to: number }], now: MIDDAY }))[0]).toMatchObject({ allowed: true })

    await expect(pool.query(`UPDATE consent_status SET revoked_event_id = NULL WHERE subject = $1`, [org.id])).rejects.toThrow(/permission denied/)
    await expect(pool.query(`INSERT INTO consent_status (subject, e164, updated_at) VALUES ($1, '+15125550000', now())`, [org.id])).rejects.toThrow(/permission denied/)
    await expect(pool.query(`SELECT consent_status_apply(ARRAY[]::consent_events[])`)).rejects.toThrow(/permission denied/)
  })
})
