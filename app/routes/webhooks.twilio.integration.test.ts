import { randomBytes } from 'node:crypto'
import twilio from 'twilio'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { encryptCarrierToken } from '~/modules/messaging/carrier-token-crypto.server'
import { pool, prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { startFakeTwilio, type FakeTwilio } from '../../tests/fakes/fake-twilio'
import { createOrganization } from '../../tests/support/factories'
import { freshNumber, sendClockAt } from '../../tests/support/leads'
import * as inbound from './webhooks.twilio.inbound'
import * as status from './webhooks.twilio.status'

/**
 * POST /webhooks/twilio/inbound and /webhooks/twilio/status, called as
 * Twilio calls them: form-encoded, signed over APP_URL + path with the
 * account's auth token (computed here with the real SDK). Anything not
 * signed by the right account is refused before a row is written.
 */

const APP_URL = 'https://app.example.test'
const INBOUND_PATH = '/webhooks/twilio/inbound'
const STATUS_PATH = '/webhooks/twilio/status'
// The Host the request arrives with is not the public origin: the URL is rebuilt from APP_URL.
const INTERNAL_ORIGIN = 'http://10.0.0.7:3000'
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

type Params = Record<string, string | string[]>

let fake: FakeTwilio
let restoreClock: () => void
const savedAppUrl = process.env.APP_URL

beforeAll(async () => {
  restoreClock = sendClockAt(19, resetEnv)
  fake = await startFakeTwilio()
  process.env.TWILIO_API_BASE_URL = fake.url
  process.env.APP_URL = APP_URL
  resetEnv()
})
afterAll(async () => {
  delete process.env.TWILIO_API_BASE_URL
  if (savedAppUrl === undefined) delete process.env.APP_URL
  else process.env.APP_URL = savedAppUrl
  restoreClock()
  await fake.close()
})
afterEach(() => {
  fake.messages.length = 0
})

/** A `test` organization with a Twilio account (its token encrypted at rest) and one number. */
async function twilioOrganization(account = fake.defaultAccount) {
  const org = await createOrganization({ environment: 'test' })
  const token = encryptCarrierToken(account.authToken)
  const carrier = await prisma.carrierAccount.create({
    data: { organizationId: org.id, kind: 'twilio', name: 'Twilio', accountSid: account.sid, authTokenCiphertext: token.ciphertext, authTokenKeyId: token.keyId },
  })
  const number = await prisma.senderNumber.create({
    data: { organizationId: org.id, carrierAccountId: carrier.id, e164: freshNumber('512'), areaCode: '512', state: 'TX' },
  })
  return { org, number: number.e164 }
}

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex')

function inboundParams(options: { from: string; to: string; body: string; accountSid?: string }): Params {
  const messageSid = sid('SM')
  return {
    ToCountry: 'US', ToState: 'TX', SmsMessageSid: messageSid, NumMedia: '0', ToCity: 'AUSTIN', FromZip: '78701', SmsSid: messageSid,
    FromState: 'TX', SmsStatus: 'received', FromCity: 'AUSTIN', Body: options.body, FromCountry: 'US', To: options.to, ToZip: '78701',
    NumSegments: '1', MessageSid: messageSid, AccountSid: options.accountSid ?? fake.defaultAccount.sid, From: options.from, ApiVersion: '2010-04-01',
  }
}

function statusParams(options: { messageSid: string; status: string; errorCode?: string; accountSid?: string }): Params {
  return {
    SmsSid: options.messageSid, SmsStatus: options.status, MessageStatus: options.status, To: '+15125550000', MessageSid: options.messageSid,
    AccountSid: options.accountSid ?? fake.defaultAccount.sid, From: '+15125550001', ApiVersion: '2010-04-01',
    ...(options.errorCode ? { ErrorCode: options.errorCode } : {}),
  }
}

function formOf(params: Params) {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) form.append(key, v)
  return form
}

function signatureFor(params: Params, options: { path: string; authToken?: string; url?: string }) {
  return twilio.getExpectedTwilioSignature(options.authToken ?? fake.defaultAccount.authToken, options.url ?? APP_URL + options.path, params)
}

/** A POST as Twilio sends it; `signature: null` leaves the header out. */
function webhookRequest(path: string, params: Params, signature: string | null = signatureFor(params, { path })) {
  return new Request(INTERNAL_ORIGIN + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
    body: formOf(params),
  })
}

const args = (request: Request) => ({ request, params: {}, context: {} })
const postInbound = (request: Request) => inbound.action(args(request)) as Promise<Response>
const postStatus = (request: Request) => status.action(args(request)) as Promise<Response>

/** Every row a webhook could write. */
async function rowCounts() {
  const { rows } = await pool.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM consent_events) AS consent_events,
            (SELECT count(*) FROM message_status_events) AS status_events, (SELECT count(*) FROM send_queue) AS send_queue,
            (SELECT count(*) FROM conversations) AS conversations`,
  )
  return rows[0]
}

/** A signed STOP to the organization's number; returns the opt-out confirmation it sent (a real outbound message). */
async function optOutConfirmation(number: string) {
  const from = freshNumber('737')
  const response = await postInbound(webhookRequest(INBOUND_PATH, inboundParams({ from, to: number, body: 'STOP' })))
  expect(response.status).toBe(200)
  return prisma.message.findFirstOrThrow({ where: { direction: 'outbound', toE164: from } })
}

async function statusOf(carrierSid: string) {
  return prisma.message.findFirstOrThrow({ where: { carrierSid, direction: 'outbound' }, select: { status: true, errorCode: true } })
}

describe('POST /webhooks/twilio/inbound', () => {
  it('takes a signed STOP: stores it, records the opt-out, sends one confirmation through the API and answers empty TwiML', async () => {
    const { org, number } = await twilioOrganization()
    const from = freshNumber('737')
    const params = inboundParams({ from, to: number, body: 'STOP' })

    const response = await postInbound(webhookRequest(INBOUND_PATH, params))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/)
    expect(await response.text()).toBe(EMPTY_TWIML)

    const messages = await prisma.message.findMany({ where: { organizationId: org.id }, orderBy: { createdAt: 'asc' } })
    expect(messages.map((m) => [m.direction, m.fromE164, m.toE164])).toEqual([['inbound', from, number], ['outbound', number, from]])
    expect(messages[0]).toMatchObject({ body: 'STOP', carrierSid: params.MessageSid, status: 'received', replyClass: 'opt_out' })
    expect(messages[1]!.body).toContain('unsubscribed')
    const events = await prisma.consentEvent.findMany({ where: { organizationId: org.id, e164: from } })
    expect(events.map((e) => [e.kind, e.source])).toEqual([['opt_out', 'inbound_sms']])
    // The confirmation went out through Twilio's API, with our status callback.
    expect(fake.messages).toEqual([expect.objectContaining({ to: from, from: number, statusCallback: APP_URL + STATUS_PATH })])

    // Twilio retrying the same message changes nothing and sends nothing more.
    const before = await rowCounts()
    const retry = await postInbound(webhookRequest(INBOUND_PATH, params))
    expect(retry.status).toBe(200)
    expect(await rowCounts()).toEqual(before)
    expect(fake.messages).toHaveLength(1)
  })

  it('refuses a message to a number no organization owns, signed or not, exactly as a bad signature', async () => {
    const { number } = await twilioOrganization()
    const before = await rowCounts()
    const stranger = inboundParams({ from: freshNumber('737'), to: freshNumber('512'), body: 'STOP' })
    const unsigned = await postInbound(webhookRequest(INBOUND_PATH, stranger, null))
    const signed = await postInbound(webhookRequest(INBOUND_PATH, stranger))
    const forged = await postInbound(webhookRequest(INBOUND_PATH, inboundParams({ from: freshNumber('737'), to: number, body: 'STOP' }), 'bm90IGEgc2lnbmF0dXJl'))
    const answers = await Promise.all([unsigned, signed, forged].map(async (r) => [r.status, r.headers.get('content-type'), await r.text()]))
    expect(answers[0]![0]).toBe(403)
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
    expect(await rowCounts()).toEqual(before)
  })

  it('refuses a tampered or misaddressed request with 403 and writes nothing', async () => {
    const { number } = await twilioOrganization()
    const { number: sameAccountNumber } = await twilioOrganization()
    const other = { sid: sid('AC'), authToken: randomBytes(16).toString('hex') }
    await twilioOrganization(other)
    const params = inboundParams({ from: freshNumber('737'), to: number, body: 'STOP' })
    const signature = signatureFor(params, { path: INBOUND_PATH })
    const before = await rowCounts()

    const attempts: Record<string, Request> = {
      'no signature': webhookRequest(INBOUND_PATH, params, null),
      'Body changed': webhookRequest(INBOUND_PATH, { ...params, Body: 'HELLO' }, signature),
      'From changed': webhookRequest(INBOUND_PATH, { ...params, From: freshNumber('737') }, signature),
      'To changed to another number of the account': webhookRequest(INBOUND_PATH, { ...params, To: sameAccountNumber }, signature),
      'a parameter added': webhookRequest(INBOUND_PATH, { ...params, OptOutType: 'STOP' }, signature),
      'a value repeated': webhookRequest(INBOUND_PATH, { ...params, Body: ['STOP', 'STOP'] }, signature),
      'signed for the Host it arrived at': webhookRequest(INBOUND_PATH, params, signatureFor(params, { path: INBOUND_PATH, url: INTERNAL_ORIGIN + INBOUND_PATH })),
      'signed for another host': webhookRequest(INBOUND_PATH, params, signatureFor(params, { path: INBOUND_PATH, url: `https://evil.example${INBOUND_PATH}` })),
      'signed for another path': webhookRequest(INBOUND_PATH, params, signatureFor(params, { path: STATUS_PATH })),
      'signed for a query string it lacks': webhookRequest(INBOUND_PATH, params, signatureFor(params, { path: `${INBOUND_PATH}?org=1` })),
      'signed with another account’s token': webhookRequest(INBOUND_PATH, params, signatureFor(params, { path: INBOUND_PATH, authToken: other.authToken })),
      'another AccountSid, signed with its token': webhookRequest(
        INBOUND_PATH,
        { ...params, AccountSid: other.sid },
        signatureFor({ ...params, AccountSid: other.sid }, { path: INBOUND_PATH, authToken: other.authToken }),
      ),
    }
    const statuses = Object.fromEntries(await Promise.all(Object.entries(attempts).map(async ([name, request]) => [name, (await postInbound(request)).status])))
    expect(statuses).toEqual(Object.fromEntries(Object.keys(attempts).map((name) => [name, 403])))
    expect(await rowCounts()).toEqual(before)
    expect(fake.messages).toEqual([])
  })

  it('verifies the path with its query string, and answers 400 for a signed request without what it needs', async () => {
    const { number } = await twilioOrganization()
    const path = `${INBOUND_PATH}?source=twilio`
    const withQuery = inboundParams({ from: freshNumber('737'), to: number, body: 'Who is this?' })
    expect((await postInbound(webhookRequest(path, withQuery, signatureFor(withQuery, { path })))).status).toBe(200)

    const before = await rowCounts()
    const { MessageSid: _sid, ...withoutSid } = inboundParams({ from: freshNumber('737'), to: number, body: 'STOP' })
    const response = await postInbound(webhookRequest(INBOUND_PATH, withoutSid))
    expect(response.status).toBe(400)
    expect(await rowCounts()).toEqual(before)
  })

  it('refuses with 503 when APP_URL is not set, since the signed URL cannot be known', async () => {
    const { number } = await twilioOrganization()
    const params = inboundParams({ from: freshNumber('737'), to: number, body: 'STOP' })
    const before = await rowCounts()
    delete process.env.APP_URL
    resetEnv()
    try {
      const response = await postInbound(webhookRequest(INBOUND_PATH, params))
      expect(response.status).toBe(503)
      expect(await response.text()).toMatch(/APP_URL/)
      expect((await postStatus(webhookRequest(STATUS_PATH, statusParams({ messageSid: sid('SM'), status: 'sent' })))).status).toBe(503)
    } finally {
      process.env.APP_URL = APP_URL
      resetEnv()
    }
    expect(await rowCounts()).toEqual(before)
  })

  it('refuses with 503 when the account’s token cannot be decrypted', async () => {
    const account = { sid: sid('AC'), authToken: randomBytes(16).toString('hex') }
    const { org, number } = await twilioOrganization(account)
    // Encrypted under a key the ring no longer holds.
    await prisma.carrierAccount.updateMany({ where: { organizationId: org.id }, data: { authTokenKeyId: 'retired' } })
    const params = inboundParams({ from: freshNumber('737'), to: number, body: 'STOP', accountSid: account.sid })
    const before = await rowCounts()
    const response = await postInbound(webhookRequest(INBOUND_PATH, params, signatureFor(params, { path: INBOUND_PATH, authToken: account.authToken })))
    expect(response.status).toBe(503)
    expect(await rowCounts()).toEqual(before)
  })
})

describe('POST /webhooks/twilio/status', () => {
  it('moves a message forward only: delivered then a late sent ends delivered, and repeats are ignored', async () => {
    const { number } = await twilioOrganization()
    const message = await optOutConfirmation(number)
    const carrierSid = message.carrierSid!
    for (const reported of ['delivered', 'sent', 'delivered', 'sent']) {
      const response = await postStatus(webhookRequest(STATUS_PATH, statusParams({ messageSid: carrierSid, status: reported })))
      expect(response.status).toBe(204)
      expect(await response.text()).toBe('')
    }
    expect(await statusOf(carrierSid)).toEqual({ status: 'delivered', errorCode: null })
    const events = await prisma.messageStatusEvent.findMany({ where: { carrierSid }, orderBy: { id: 'asc' } })
    expect(events.map((e) => [e.status, e.applied])).toEqual([['delivered', true], ['sent', false]])
  })

  it('records a carrier error code with the final status', async () => {
    const { number } = await twilioOrganization()
    const filtered = (await optOutConfirmation(number)).carrierSid!
    const failed = (await optOutConfirmation(number)).carrierSid!
    await postStatus(webhookRequest(STATUS_PATH, statusParams({ messageSid: filtered, status: 'sent' })))
    expect((await postStatus(webhookRequest(STATUS_PATH, statusParams({ messageSid: filtered, status: 'undelivered', errorCode: '30007' })))).status).toBe(204)
    expect((await postStatus(webhookRequest(STATUS_PATH, statusParams({ messageSid: failed, status: 'failed', errorCode: '30008' })))).status).toBe(204)
    expect(await statusOf(filtered)).toEqual({ status: 'undelivered', errorCode: 30007 })
    expect(await statusOf(failed)).toEqual({ status: 'failed', errorCode: 30008 })
    const event = await prisma.messageStatusEvent.findFirstOrThrow({ where: { carrierSid: filtered, status: 'undelivered' } })
    expect(event).toMatchObject({ errorCode: 30007, applied: true })
  })

  it('refuses an unsigned, tampered or unknown-account callback, and one about another account’s message, writing nothing', async () => {
    const { number } = await twilioOrganization()
    const carrierSid = (await optOutConfirmation(number)).carrierSid!
    // Another organization with its own Twilio account: its valid signature must not reach our message.
    const other = { sid: sid('AC'), authToken: randomBytes(16).toString('hex') }
    await twilioOrganization(other)
    const params = statusParams({ messageSid: carrierSid, status: 'delivered' })
    const signature = signatureFor(params, { path: STATUS_PATH })
    const unknownAccount = statusParams({ messageSid: carrierSid, status: 'delivered', accountSid: sid('AC') })
    const otherAccount = statusParams({ messageSid: carrierSid, status: 'undelivered', errorCode: '21610', accountSid: other.sid })
    const before = await rowCounts()

    const attempts: Record<string, Request> = {
      'no signature': webhookRequest(STATUS_PATH, params, null),
      'status changed': webhookRequest(STATUS_PATH, { ...params, MessageStatus: 'failed' }, signature),
      'error code added': webhookRequest(STATUS_PATH, { ...params, ErrorCode: '21610' }, signature),
      'signed for the inbound path': webhookRequest(STATUS_PATH, params, signatureFor(params, { path: INBOUND_PATH })),
      'an account nobody has': webhookRequest(STATUS_PATH, unknownAccount, signatureFor(unknownAccount, { path: STATUS_PATH, authToken: randomBytes(16).toString('hex') })),
      'another account’s message': webhookRequest(STATUS_PATH, otherAccount, signatureFor(otherAccount, { path: STATUS_PATH, authToken: other.authToken })),
    }
    const statuses = Object.fromEntries(await Promise.all(Object.entries(attempts).map(async ([name, request]) => [name, (await postStatus(request)).status])))
    expect(statuses).toEqual(Object.fromEntries(Object.keys(attempts).map((name) => [name, 403])))
    expect(await rowCounts()).toEqual(before)
    expect(await statusOf(carrierSid)).toEqual({ status: 'queued', errorCode: null })
  })

  it('answers 400 for a signed callback without a status', async () => {
    const { MessageStatus: _status, SmsStatus: _sms, ...params } = statusParams({ messageSid: sid('SM'), status: 'sent' })
    await twilioOrganization()
    const before = await rowCounts()
    expect((await postStatus(webhookRequest(STATUS_PATH, params))).status).toBe(400)
    expect(await rowCounts()).toEqual(before)
  })
})

describe('the webhooks', () => {
  it('answer only POST', async () => {
    for (const route of [inbound, status]) {
      const get = (await route.loader(args(new Request(INTERNAL_ORIGIN + INBOUND_PATH)))) as Response
      expect(get.status).toBe(405)
      expect(get.headers.get('allow')).toBe('POST')
      const put = (await route.action(args(new Request(INTERNAL_ORIGIN + INBOUND_PATH, { method: 'PUT', body: '' })))) as Response
      expect(put.status).toBe(405)
    }
  })
})
