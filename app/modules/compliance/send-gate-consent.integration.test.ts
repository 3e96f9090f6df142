import { describe, expect, it } from 'vitest'
import { systemActor, type UserActor } from '~/modules/audit/actor'
import { pool, prisma } from '~/utils/db.server'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { createVertical } from '../../../tests/support/landed-import'
import { asOwner } from '../../../tests/support/owner-database'
import { decideSends, type GateDb } from './decide-sends.server'
import type { DncProvider } from './dnc-provider.server'
import { recordConsentEvent } from './record-consent-event.server'
import { setMarketingConsentPolicy } from './set-marketing-consent-policy.server'

/** Wednesday 2026-11-25, 18:00 UTC: noon in Austin, inside every window the test numbers have. */
const MIDDAY = new Date('2026-11-25T18:00:00Z')

/** A registry that lists exactly `listed`, and remembers what it was asked. */
function registry(listed: ReadonlySet<string> = new Set()): DncProvider & { asked: string[] } {
  const asked: string[] = []
  return {
    name: 'test',
    batchSize: 1000,
    asked,
    async lookup(numbers) {
      asked.push(...numbers)
      return numbers.map((e164) => ({ e164, listed: listed.has(e164), response: {} }))
    },
  }
}

let serial = 0
/** A fresh valid US number per call (555-01xx is fictional; 2xx-xxx-xxxx numbers with a real area code are valid). */
const freshNumber = () => `+1512${String(2_000_000 + ((Date.now() + serial++ * 7919) % 7_000_000)).padStart(7, '0')}`

async function setting() {
  const org = await createOrganization({ environment: 'sandbox' })
  const actor = systemActor('test', { organizationId: org.id })
  const record = (kind: Parameters<typeof recordConsentEvent>[0]['kind'], phone: string, extra: Partial<Parameters<typeof recordConsentEvent>[0]> = {}) =>
    recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind, phone, source: 'test', evidence: { note: 'recorded by the test' }, ...extra })
  const decide = (to: string[], purpose: 'marketing' | 'reply' = 'marketing') =>
    decideSends({ organizationId: org.id, purpose, recipients: to.map((t) => ({ to: t })), now: MIDDAY, dncProvider: registry() })
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

    await record('opt_in', number, { evidence: { inboundMessage: 'START, SM0001' } })
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
    await record('opt_in', number, { evidence: { inboundMessage: 'UNSTOP, SM0002' } })
    // Opted back in, but the consent basis came before the opt-out: the DNC listing holds again.
    expect((await decide([number]))[0]).toMatchObject({ allowed: false, reason: 'dnc_listed' })
  })

  it('requires recorded consent for marketing in production organizations by default, not for replies, and audits turning it off', async () => {
    const org = await createOrganization({ environment: 'prod' })
    const admin = await createUser({ organizationId: org.id, role: 'admin' })
    const actor: UserActor = { type: 'user', userId: admin.id, organizationId: org.id, label: admin.email }
    const [plain, consented] = [freshNumber(), freshNumber()]
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'consent_granted', phone: consented, source: 'operator', evidence: { form: 'signed paper form' } })

    const decide = (purpose: 'marketing' | 'reply') => decideSends({ organizationId: org.id, purpose, recipients: [{ to: plain }, { to: consented }], now: MIDDAY, dncProvider: registry() })
    expect((await decide('marketing')).map((d) => (d.allowed ? 'allowed' : d.reason))).toEqual(['no_consent', 'allowed'])
    expect((await decide('reply')).map((d) => d.allowed)).toEqual([true, true])

    await setMarketingConsentPolicy({ actor, organizationId: org.id, requiresConsent: false })
    expect((await decide('marketing')).map((d) => d.allowed)).toEqual([true, true])
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.id, action: 'organization.marketing_consent_policy_changed' } })
    expect(audit).toMatchObject({ actorId: admin.id, summary: { before: { requiresConsent: true, explicit: false }, after: { requiresConsent: false } } })

    const sandbox = await createOrganization({ environment: 'sandbox' })
    expect((await decideSends({ organizationId: sandbox.id, purpose: 'marketing', recipients: [{ to: plain }], now: MIDDAY, dncProvider: registry() }))[0]).toMatchObject({ allowed: true })
  })

  it('decides a batch with a fixed number of queries whatever its size, in order, and reports invalid numbers and repeats in the batch', async () => {
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
    const dncProvider = registry()
    const decisions = await decideSends({ organizationId: org.id, purpose: 'marketing', recipients, db: counting, now: MIDDAY, dncProvider })
    // The policy, the standings, the registry cache read, one write of the registry's answers, and the send history.
    expect(queries).toBe(5)
    expect(dncProvider.asked).toHaveLength(1_999)
    queries = 0
    await decideSends({ organizationId: org.id, purpose: 'marketing', recipients, db: counting, now: MIDDAY, dncProvider })
    expect(queries).toBe(4)
    expect(dncProvider.asked).toHaveLength(1_999)
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

describe('the send gate: the national DNC registry', () => {
  it('blocks a listed number for marketing unless consent is recorded, not for replies, and asks again after 31 days', async () => {
    const { org, record } = await setting()
    const [listed, clean, consented] = [freshNumber(), freshNumber(), freshNumber()]
    await record('consent_granted', consented, { evidence: { form: 'signed-7' } })
    const provider = registry(new Set([listed, consented]))
    const decide = (purpose: 'marketing' | 'reply', now = MIDDAY, dncProvider = provider) =>
      decideSends({ organizationId: org.id, purpose, recipients: [listed, clean, consented].map((to) => ({ to })), now, dncProvider })

    expect((await decide('marketing')).map((d) => (d.allowed ? 'allowed' : d.reason))).toEqual(['national_dnc_listed', 'allowed', 'allowed'])
    expect((await decide('reply')).map((d) => d.allowed)).toEqual([true, true, true])
    expect(provider.asked).toHaveLength(3)
    const stored = await prisma.dncCheck.findUniqueOrThrow({ where: { e164: listed } })
    expect(stored).toMatchObject({ listed: true, provider: 'test', checkedAt: MIDDAY })

    // 30 days on, the stored answers hold; 32 days on, the registry is asked again and its new answer counts.
    const later = (days: number) => new Date(MIDDAY.getTime() + days * 86_400_000)
    await decide('marketing', later(30))
    expect(provider.asked).toHaveLength(3)
    const changed = registry(new Set([clean]))
    expect((await decide('marketing', later(32), changed)).map((d) => (d.allowed ? 'allowed' : d.reason))).toEqual(['allowed', 'national_dnc_listed', 'allowed'])
    expect(changed.asked).toEqual([listed, clean, consented])
  })

  it('blocks (fails closed) when the registry errs, times out or leaves a number unanswered', async () => {
    const { org } = await setting()
    const [a, b] = [freshNumber(), freshNumber()]
    const failing: DncProvider = { name: 'down', batchSize: 10, lookup: async () => { throw new Error('HTTP 503') } }
    const partial: DncProvider = { name: 'partial', batchSize: 10, lookup: async (numbers) => [{ e164: numbers[0]!, listed: false, response: {} }] }
    const decide = (dncProvider: DncProvider) => decideSends({ organizationId: org.id, purpose: 'marketing', recipients: [{ to: a }, { to: b }], now: MIDDAY, dncProvider })
    expect(await decide(failing)).toEqual([
      { to: a, allowed: false, reason: 'dnc_check_failed', message: expect.any(String), detail: 'HTTP 503' },
      { to: b, allowed: false, reason: 'dnc_check_failed', message: expect.any(String), detail: 'HTTP 503' },
    ])
    expect((await decide(partial)).map((d) => (d.allowed ? 'allowed' : d.reason))).toEqual(['allowed', 'dnc_check_failed'])
    expect(await prisma.dncCheck.count({ where: { e164: { in: [a, b] } } })).toBe(1)
  })
})

describe('the send gate: retext cooldown', () => {
  it('holds a number texted for a vertical within its cooldowns, per the vertical’s settings, for marketing only', async () => {
    const { org } = await setting()
    const sellers = await createVertical(org.id, 'seller')
    const buyers = await createVertical(org.id, 'buyer')
    await prisma.vertical.update({ where: { id: buyers.id }, data: { retextSameVerticalDays: 30, retextCrossVerticalDays: 7 } })
    const [soldTo, fresh] = [freshNumber(), freshNumber()]
    const daysAgo = (n: number) => new Date(MIDDAY.getTime() - n * 86_400_000)
    await prisma.fromToHistory.create({
      data: { organizationId: org.id, toE164: soldTo, verticalId: sellers.id, fromE164: '+15125550100', firstSentAt: daysAgo(60), lastSentAt: daysAgo(20) },
    })
    const provider = registry()
    const decide = (verticalId: string | undefined, purpose: 'marketing' | 'reply' = 'marketing') =>
      decideSends({ organizationId: org.id, purpose, recipients: [{ to: soldTo }, { to: fresh }], now: MIDDAY, dncProvider: provider, verticalId })

    const sellerDecisions = await decide(sellers.id)
    // A number the cooldown holds is not paid for at the registry.
    expect(provider.asked).toEqual([fresh])
    expect(sellerDecisions[0]).toEqual({
      to: soldTo,
      allowed: false,
      reason: 'cooldown_same_vertical',
      message: expect.any(String),
      detail: `Until ${new Date(daysAgo(20).getTime() + 90 * 86_400_000).toISOString()}`,
    })
    expect(sellerDecisions[1]).toEqual({ to: fresh, allowed: true })
    // The buyers vertical waits 7 days after another vertical's message: 20 days have passed.
    expect((await decide(buyers.id)).map((d) => d.allowed)).toEqual([true, true])
    // Its default of 45 days would still hold it.
    const renters = await createVertical(org.id, 'renter')
    expect((await decide(renters.id))[0]).toMatchObject({ allowed: false, reason: 'cooldown_cross_vertical' })
    // Without a vertical, every earlier send counts as the same vertical; a reply is not a retext.
    expect((await decide(undefined))[0]).toMatchObject({ reason: 'cooldown_same_vertical' })
    expect((await decide(sellers.id, 'reply'))[0]).toEqual({ to: soldTo, allowed: true })
    const stranger = await createOrganization()
    const foreign = await createVertical(stranger.id, 'seller')
    await expect(decide(foreign.id)).rejects.toMatchObject({ code: 'vertical_not_found' })
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
    // A lead whose property is in Florida (however the state is written): Eastern time joins, and Florida's 8 p.m. end.
    expect((await at(evening, ' florida'))[0]).toMatchObject({ allowed: false, reason: 'quiet_hours' })
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
  it('lifts a revocation only with a later opt-in that is not imported; a consent grant never does', async () => {
    const { record, decide } = await setting()
    const [granted, imported] = [freshNumber(), freshNumber()]
    await record('opt_out', granted)
    await record('consent_granted', granted, { evidence: { form: 'web form 2019-03-04' } })
    expect((await decide([granted], 'reply'))[0]).toMatchObject({ allowed: false, reason: 'opted_out' })
    await record('opt_out', imported)
    await record('opt_in', imported, { source: 'import', evidence: { importFileId: 'an old opt-in list' } })
    expect((await decide([imported], 'reply'))[0]).toMatchObject({ allowed: false, reason: 'opted_out' })
  })

  it('keeps platform and organization revocations apart: only a platform opt-in lifts a platform opt-out', async () => {
    const { org, actor, record, decide } = await setting()
    const number = freshNumber()
    const platform = (kind: 'opt_out' | 'opt_in') =>
      recordConsentEvent({ actor, organizationId: org.id, scope: 'platform', kind, phone: number, source: 'operator', evidence: { note: 'platform suppression list' } })
    await platform('opt_out')
    await record('opt_in', number, { evidence: { inboundMessage: 'START, SM0003' } })
    expect((await decide([number], 'reply'))[0]).toMatchObject({ allowed: false, reason: 'opted_out' })
    await platform('opt_in')
    expect((await decide([number], 'reply'))[0]).toMatchObject({ allowed: true })
  })

  it('folds one statement holding both an opt-out and an opt-in by their order in it', async () => {
    const { org, decide } = await setting()
    const [restored, revoked] = [freshNumber(), freshNumber()]
    const insertBoth = (number: string, first: string, second: string) =>
      pool.query(
        `INSERT INTO consent_events (organization_id, scope, kind, e164, source, actor_type, actor_label)
         SELECT $1, 'organization', k::"ConsentKind", $2, 'test', 'system', 'test' FROM unnest(ARRAY[$3, $4]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
        [org.id, number, first, second],
      )
    await insertBoth(restored, 'opt_out', 'opt_in')
    await insertBoth(revoked, 'opt_in', 'opt_out')
    expect((await decide([restored, revoked], 'reply')).map((d) => (d.allowed ? 'allowed' : d.reason))).toEqual(['allowed', 'opted_out'])
  })

  it('folds a removal from the DNC list by order, in one statement or apart, and keeps it from every other meaning', async () => {
    const { org, decide } = await setting()
    const [delisted, relisted, apart] = [freshNumber(), freshNumber(), freshNumber()]
    const insertBoth = (number: string, first: string, second: string) =>
      pool.query(
        `INSERT INTO consent_events (organization_id, scope, kind, e164, source, actor_type, actor_label, evidence)
         SELECT $1, 'organization', k::"ConsentKind", $2, 'test', 'system', 'test', '{"note": "recorded by the test"}' FROM unnest(ARRAY[$3, $4]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
        [org.id, number, first, second],
      )
    await insertBoth(delisted, 'dnc_listed', 'dnc_delisted')
    await insertBoth(relisted, 'dnc_delisted', 'dnc_listed')
    expect((await decide([delisted, relisted])).map((d) => (d.allowed ? 'allowed' : d.reason))).toEqual(['allowed', 'dnc_listed'])

    // Given the later fact (a removal, id 20) before the earlier listing (id 10), the fold converges on the same row.
    await asOwner(async (owner) => {
      const event = (id: number, kind: string) =>
        `ROW(${id}, '${org.id}', 'organization', '${kind}', '${apart}', 'test', '{}', NULL, 'system', NULL, 'test', now())::consent_events`
      await owner.query(`SELECT consent_status_apply(ARRAY[${event(20, 'dnc_delisted')}])`)
      await owner.query(`SELECT consent_status_apply(ARRAY[${event(10, 'dnc_listed')}])`)
    })
    const status = await prisma.consentStatus.findUniqueOrThrow({ where: { subject_e164: { subject: org.id, e164: apart } } })
    expect(status).toMatchObject({ dncListedEventId: 10n, dncDelistedEventId: 20n, revokedEventId: null, restoredEventId: null, consentEventId: null, litigatorListedEventId: null })
    expect((await decide([apart]))[0]).toMatchObject({ allowed: true })
  })

  it('folds commutatively, and the app role can neither choose event ids, write the status, nor fold events of its own', async () => {
    const { org } = await setting()
    const number = freshNumber()
    // The fold itself, as the owner, given the later fact (id 20) before the earlier one (id 10).
    await asOwner(async (owner) => {
      const event = (id: number, kind: string) =>
        `ROW(${id}, '${org.id}', 'organization', '${kind}', '${number}', 'test', '{}', NULL, 'system', NULL, 'test', now())::consent_events`
      await owner.query(`SELECT consent_status_apply(ARRAY[${event(20, 'opt_in')}])`)
      await owner.query(`SELECT consent_status_apply(ARRAY[${event(10, 'opt_out')}])`)
    })
    const status = await prisma.consentStatus.findUniqueOrThrow({ where: { subject_e164: { subject: org.id, e164: number } } })
    expect(status).toMatchObject({ revokedEventId: 10n, revokedKind: 'opt_out', restoredEventId: 20n })

    await expect(
      pool.query(
        `INSERT INTO consent_events (id, organization_id, scope, kind, e164, source, actor_type, actor_label)
         VALUES (9223372036854775000, $1, 'organization', 'opt_in', $2, 'test', 'system', 'test')`,
        [org.id, number],
      ),
    ).rejects.toThrow(/sequence/)
    await expect(
      pool.query(`INSERT INTO consent_events (organization_id, scope, kind, e164, source, actor_type, actor_label) VALUES (NULL, 'organization', 'opt_out', $1, 'test', 'system', 'test')`, [number]),
    ).rejects.toThrow(/consent_events_scope_matches_organization/)
    await expect(pool.query(`UPDATE consent_status SET revoked_event_id = NULL WHERE subject = $1`, [org.id])).rejects.toThrow(/permission denied/)
    await expect(pool.query(`INSERT INTO consent_status (subject, e164, updated_at) VALUES ($1, '+15125550000', now())`, [org.id])).rejects.toThrow(/permission denied/)
    await expect(pool.query(`SELECT consent_status_apply(ARRAY[]::consent_events[])`)).rejects.toThrow(/permission denied/)
  })
})
