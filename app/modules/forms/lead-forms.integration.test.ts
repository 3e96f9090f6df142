import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { receiveInboundMessage } from '~/modules/messaging/receive-inbound-message.server'
import { getLead } from '~/modules/leads/get-lead.server'
import { action, loader } from '~/routes/f.$slug'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { createOrganization } from '../../../tests/support/factories'
import { freshNumber, sendClockAt } from '../../../tests/support/leads'
import { createLeadForm, setLeadFormEnabled } from './save-lead-form.server'
import { leadFormInput } from './lead-form-input'
import { getLeadConsentEvidence } from './get-lead-consent-evidence.server'

/**
 * The hosted form end to end on the server: a visitor's POST to /f/{slug}
 * (the page's own action) makes a lead through writeLead and a
 * consent_granted event whose evidence is the exact disclosure text, IP,
 * user agent, embedding page and time; spam, floods and bad answers make
 * neither; a double opt-in asks for YES through the send gate and a YES
 * confirms it.
 */

const SITE = 'http://localhost:3000'
const DISCLOSURE =
  'By checking this box I agree to receive marketing text messages from Lone Star Homes at the number above, sent with automated technology. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to opt out.'
let ipCounter = 0
const freshIp = () => `198.51.100.${++ipCounter}`

let restoreClock: () => void
beforeAll(() => {
  // 19:00 UTC: early afternoon in Texas, inside every quiet-hours window.
  restoreClock = sendClockAt(19, resetEnv)
})
afterAll(() => restoreClock())

async function organizationWithForm(options: { doubleOptIn?: boolean; environment?: 'sandbox' | 'test' } = {}) {
  const org = await createOrganization({ environment: options.environment ?? 'sandbox' })
  await prisma.vertical.create({ data: { organizationId: org.id, key: 'seller', name: 'Seller' } })
  const actor = systemActor('test', { organizationId: org.id })
  const form = await createLeadForm({
    organizationId: org.id,
    actor,
    input: leadFormInput.parse({ name: 'Website sellers', headline: 'Get a cash offer', disclosureText: DISCLOSURE, doubleOptIn: options.doubleOptIn ?? false, tags: ['website'] }),
  })
  return { org, actor, form }
}

type Answer = { status: number; body: { status: 'thanks' | 'error'; result?: { error?: Record<string, string[] | null> }; confirmation: boolean } }

async function submit(slug: string, fields: Record<string, string>, options: { ip?: string; userAgent?: string } = {}): Promise<Answer> {
  const body = new URLSearchParams(fields).toString()
  const request = new Request(`${SITE}/f/${slug}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      // As a browser sends it (our HTTP server passes it on); the action refuses a body of unknown length.
      'Content-Length': String(Buffer.byteLength(body)),
      'Sec-Fetch-Site': 'same-origin',
      Origin: SITE,
      'User-Agent': options.userAgent ?? 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148',
    },
    body,
  })
  const result = (await action({ request, params: { slug }, context: { clientIp: options.ip ?? freshIp(), requestId: 'form-req-0001' } })) as unknown
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } }
  if (wrapped.type === 'DataWithResponseInit') return { status: wrapped.init?.status ?? 200, body: wrapped.data as Answer['body'] }
  return { status: 200, body: result as Answer['body'] }
}

const person = (phone: string) => ({
  name: 'Dana Whitfield',
  phone,
  email: 'dana@example.com',
  addressLine1: '12 Oak St',
  city: 'Austin',
  state: 'TX',
  postalCode: '78701',
  consent: 'on',
  pageUrl: 'https://lonestarhomes.example/sell?utm=fb',
})

describe('a hosted lead form', () => {
  it('makes a lead and a consent_granted event with the exact disclosure, IP, user agent, page and time as evidence; the lead page shows it', async () => {
    const { org, form } = await organizationWithForm()
    const phone = freshNumber('512')
    const before = Date.now()
    const answer = await submit(form.slug, person(phone.replace('+1', '(').replace(/^(\(\d{3})/, '$1) ')), { ip: '203.0.113.7' })
    expect(answer).toMatchObject({ status: 200, body: { status: 'thanks', confirmation: false } })

    const submission = await prisma.leadFormSubmission.findFirstOrThrow({ where: { formId: form.id } })
    expect(submission).toMatchObject({
      outcome: 'accepted',
      name: 'Dana Whitfield',
      e164: phone,
      email: 'dana@example.com',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148',
      pageUrl: 'https://lonestarhomes.example/sell?utm=fb',
      disclosureText: DISCLOSURE,
      disclosureVersion: 1,
      confirmation: 'not_required',
    })
    expect(submission.leadId).not.toBeNull()
    const event = await prisma.consentEvent.findFirstOrThrow({ where: { organizationId: org.id, e164: phone } })
    expect(event.id).toBe(submission.consentEventId)
    expect(event).toMatchObject({ kind: 'consent_granted', scope: 'organization', source: 'lead_form' })
    expect(event.evidence).toMatchObject({
      formId: form.id,
      formName: 'Website sellers',
      disclosureText: DISCLOSURE,
      disclosureVersion: 1,
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148',
      pageUrl: 'https://lonestarhomes.example/sell?utm=fb',
      submissionId: submission.id,
    })
    const submittedAt = Date.parse((event.evidence as { submittedAt: string }).submittedAt)
    expect(submittedAt).toBeGreaterThanOrEqual(before - 1000)
    expect(submittedAt).toBeLessThanOrEqual(Date.now())

    const lead = await prisma.lead.findUniqueOrThrow({ where: { id: submission.leadId! }, include: { property: true, identity: true } })
    expect(lead.tags).toContain('website')
    expect(lead.property).toMatchObject({ city: expect.stringMatching(/austin/i), state: 'TX' })
    const detail = await getLead({ organizationId: org.id, leadId: lead.id, showNumbers: true })
    expect(detail.phones.map((p) => p.number)).toContain(phone)
    expect(detail.phones.find((p) => p.number === phone)!.consent).toContain('consented')

    const evidence = await getLeadConsentEvidence({ organizationId: org.id, leadId: lead.id, showNumbers: true })
    expect(evidence).toEqual([
      expect.objectContaining({ phone, formName: 'Website sellers', disclosureText: DISCLOSURE, ip: '203.0.113.7', pageUrl: 'https://lonestarhomes.example/sell?utm=fb', confirmation: 'not_required' }),
    ])
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.id, action: 'lead_form.submitted' } })
    expect(audit.targetId).toBe(submission.id)
  })

  it('stores the text the visitor saw: a later change of the disclosure is a new version and leaves earlier evidence alone', async () => {
    const { org, actor, form } = await organizationWithForm()
    const first = freshNumber('512')
    await submit(form.slug, person(first))
    const { updateLeadForm } = await import('./save-lead-form.server')
    const changed = await updateLeadForm({ organizationId: org.id, actor, formId: form.id, input: leadFormInput.parse({ name: form.name, headline: form.headline, disclosureText: `${DISCLOSURE} Up to 4 msgs/week.`, tags: ['website'] }) })
    expect(changed.disclosureVersion).toBe(2)
    const second = freshNumber('512')
    await submit(form.slug, person(second))
    const rows = await prisma.leadFormSubmission.findMany({ where: { formId: form.id }, orderBy: { createdAt: 'asc' } })
    expect(rows.map((r) => [r.e164, r.disclosureVersion, r.disclosureText])).toEqual([
      [first, 1, DISCLOSURE],
      [second, 2, `${DISCLOSURE} Up to 4 msgs/week.`],
    ])
  })

  it('answers a filled honeypot with the same thanks and keeps nothing but the count', async () => {
    const { org, form } = await organizationWithForm()
    const phone = freshNumber('512')
    const answer = await submit(form.slug, { ...person(phone), website: 'http://spam.example' })
    expect(answer).toMatchObject({ status: 200, body: { status: 'thanks' } })
    const rows = await prisma.leadFormSubmission.findMany({ where: { formId: form.id } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ outcome: 'spam', name: null, e164: null, email: null, ip: null, userAgent: null, pageUrl: null, leadId: null, consentEventId: null })
    expect(await prisma.consentEvent.count({ where: { organizationId: org.id } })).toBe(0)
    expect(await prisma.lead.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('refuses an unchecked consent box with a clear error on the box, and writes nothing', async () => {
    const { org, form } = await organizationWithForm()
    const { consent: _unchecked, ...fields } = person(freshNumber('512'))
    const answer = await submit(form.slug, fields)
    expect(answer.status).toBe(400)
    expect(answer.body.result?.error?.consent).toEqual(['Check the box to agree to receive text messages'])
    expect(await prisma.lead.count({ where: { organizationId: org.id } })).toBe(0)
    expect(await prisma.consentEvent.count({ where: { organizationId: org.id } })).toBe(0)
    expect(await prisma.leadFormSubmission.findFirstOrThrow({ where: { formId: form.id } })).toMatchObject({ outcome: 'invalid', invalidFields: ['consent'], e164: null })
  })

  it('refuses a body larger than a form of short fields with 413, unread, and writes nothing', async () => {
    const { org, form } = await organizationWithForm()
    const answer = await submit(form.slug, { ...person(freshNumber('512')), name: 'x'.repeat(20_000) })
    expect(answer.status).toBe(413)
    expect(answer.body.result?.error?.['']?.[0]).toMatch(/too large/)
    expect(await prisma.lead.count({ where: { organizationId: org.id } })).toBe(0)
    expect(await prisma.consentEvent.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('refuses a number that is not one, under the phone field', async () => {
    const { org, form } = await organizationWithForm()
    const answer = await submit(form.slug, person('(555) 012-3'))
    expect(answer.status).toBe(422)
    expect(answer.body.result?.error?.phone?.[0]).toMatch(/valid mobile number/)
    expect(await prisma.consentEvent.count({ where: { organizationId: org.id } })).toBe(0)
    expect(await prisma.lead.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('limits submissions per address: the eleventh in ten minutes is refused with 429 and logged without the person', async () => {
    const { org, form } = await organizationWithForm()
    const ip = '192.0.2.200'
    for (let i = 0; i < 10; i++) {
      const { consent: _c, ...fields } = person(freshNumber('512'))
      expect((await submit(form.slug, fields, { ip })).status).toBe(400)
    }
    const refused = await submit(form.slug, person(freshNumber('512')), { ip })
    expect(refused.status).toBe(429)
    expect(refused.body.result?.error?.['']?.[0]).toMatch(/Too many attempts/)
    expect(await prisma.leadFormSubmission.count({ where: { formId: form.id, outcome: 'rate_limited', e164: null } })).toBe(1)
    expect(await prisma.consentEvent.count({ where: { organizationId: org.id } })).toBe(0)
    // Another address is not held back.
    expect((await submit(form.slug, person(freshNumber('512')), { ip: '192.0.2.201' })).body.status).toBe('thanks')
  })

  it('tells the visitor the form cannot take answers when the organization has several verticals and the form names none, and writes nothing', async () => {
    const { org, form } = await organizationWithForm()
    await prisma.vertical.create({ data: { organizationId: org.id, key: 'buyer', name: 'Buyer' } })
    const answer = await submit(form.slug, person(freshNumber('512')))
    expect(answer.status).toBe(409)
    expect(answer.body.result?.error?.['']).toEqual(['This form cannot take answers right now. Please try again later.'])
    expect(await prisma.consentEvent.count({ where: { organizationId: org.id } })).toBe(0)
    expect(await prisma.lead.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('answers 404 for a disabled form and for an address that names none', async () => {
    const { org, actor, form } = await organizationWithForm()
    await setLeadFormEnabled({ organizationId: org.id, actor, formId: form.id, enabled: false })
    const get = (slug: string) => loader({ request: new Request(`${SITE}/f/${slug}`), params: { slug }, context: {} })
    await expect(get(form.slug)).rejects.toMatchObject({ status: 404 })
    await expect(get('nosuchform12')).rejects.toMatchObject({ status: 404 })
    await expect(submit(form.slug, person(freshNumber('512')))).rejects.toMatchObject({ status: 404 })
    expect(await prisma.leadFormSubmission.count({ where: { formId: form.id } })).toBe(0)
  })

  it('reads the embedding page from the Referer of the page load', async () => {
    const { form } = await organizationWithForm()
    const page = (await loader({ request: new Request(`${SITE}/f/${form.slug}`, { headers: { Referer: 'https://lonestarhomes.example/' } }), params: { slug: form.slug }, context: {} })) as { pageUrl: string; form: { disclosureText: string } }
    expect(page).toMatchObject({ pageUrl: 'https://lonestarhomes.example/', form: { disclosureText: DISCLOSURE } })
  })

  it('with double opt-in asks for YES through the send gate, and a YES from the number confirms with a second consent grant', async () => {
    const { org, form } = await organizationWithForm({ doubleOptIn: true })
    const phone = freshNumber('512')
    const answer = await submit(form.slug, person(phone))
    expect(answer.body).toMatchObject({ status: 'thanks', confirmation: true })
    const submission = await prisma.leadFormSubmission.findFirstOrThrow({ where: { formId: form.id } })
    expect(submission.confirmation).toBe('pending')

    // The request went through queueSends: a queue row with the gate's decision, sent by a number of the organization.
    const queued = await prisma.sendQueueItem.findFirstOrThrow({ where: { organizationId: org.id, toE164: phone } })
    expect(queued).toMatchObject({ purpose: 'marketing', status: 'pending', idempotencyKey: `lead_form_confirm:${submission.id}:0:${phone}` })
    expect(queued.body).toMatch(/Reply YES to confirm/)
    expect(queued.decision).toMatchObject({ allowed: true })

    // Something other than YES confirms nothing.
    await receiveInboundMessage({ carrierSid: `SMform${Date.now()}a`, from: phone, to: queued.fromE164!, body: 'who is this?' })
    expect((await prisma.leadFormSubmission.findUniqueOrThrow({ where: { id: submission.id } })).confirmation).toBe('pending')

    const sid = `SMform${Date.now()}b`
    await receiveInboundMessage({ carrierSid: sid, from: phone, to: queued.fromE164!, body: 'Yes' })
    const confirmed = await prisma.leadFormSubmission.findUniqueOrThrow({ where: { id: submission.id } })
    expect(confirmed).toMatchObject({ confirmation: 'confirmed' })
    expect(confirmed.confirmedAt).not.toBeNull()
    const grants = await prisma.consentEvent.findMany({ where: { organizationId: org.id, e164: phone, kind: 'consent_granted' }, orderBy: { id: 'asc' } })
    expect(grants).toHaveLength(2)
    expect(grants[0]!.evidence).toMatchObject({ confirmed: false, doubleOptIn: true, disclosureText: DISCLOSURE })
    expect(grants[1]).toMatchObject({ id: confirmed.confirmationEventId, source: 'lead_form_confirmation' })
    expect(grants[1]!.evidence).toMatchObject({ confirmed: true, confirmation: { carrierSid: sid, body: 'Yes', to: queued.fromE164 }, submissions: [expect.objectContaining({ submissionId: submission.id, disclosureText: DISCLOSURE })] })

    // A redelivery of the same YES adds nothing.
    await receiveInboundMessage({ carrierSid: sid, from: phone, to: queued.fromE164!, body: 'Yes' })
    expect(await prisma.consentEvent.count({ where: { organizationId: org.id, e164: phone, kind: 'consent_granted' } })).toBe(2)

    const evidence = await getLeadConsentEvidence({ organizationId: org.id, leadId: submission.leadId!, showNumbers: true })
    expect(evidence[0]).toMatchObject({ confirmation: 'confirmed', confirmationBody: 'Yes' })
  })
})
