import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeTwilio, type FakeTwilio, type FakeTwilioAccount } from '../../../tests/fakes/fake-twilio'
import { sendSmsViaTwilio, TwilioSendError } from './send-sms-via-twilio.server'
import { createTwilioClient } from './twilio-client.server'

const TO = '+12025550143'
const FROM = '+12025550178'

let fake: FakeTwilio
beforeEach(async () => {
  fake = await startFakeTwilio()
})
afterEach(async () => {
  await fake.close()
})

// A short timeout: were apiBaseUrl ignored, the SDK would head for the real
// api.twilio.com and the test must fail fast instead of hanging.
function clientFor(account: FakeTwilioAccount = fake.defaultAccount, options: { timeoutMs?: number; apiBaseUrl?: string } = {}) {
  return createTwilioClient({
    accountSid: account.sid,
    authToken: account.authToken,
    apiBaseUrl: options.apiBaseUrl ?? fake.url,
    timeoutMs: options.timeoutMs ?? 2_000,
  })
}

async function sendError(promise: Promise<unknown>): Promise<TwilioSendError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(TwilioSendError)
  return error as TwilioSendError
}

describe('sendSmsViaTwilio through the real SDK and the fake Twilio', () => {
  it('sends exactly the fields given, as the account, and returns Twilio’s sid', async () => {
    const result = await sendSmsViaTwilio({
      client: clientFor(),
      from: FROM,
      to: TO,
      body: 'Hello from esd.quest',
      statusCallbackUrl: 'https://app.example.test/webhooks/twilio/status',
    })

    expect(fake.requests).toHaveLength(1)
    const request = fake.requests[0]
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe(`/2010-04-01/Accounts/${fake.defaultAccount.sid}/Messages.json`)
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${fake.defaultAccount.sid}:${fake.defaultAccount.authToken}`).toString('base64')}`,
    )
    expect(request?.headers['user-agent']).toMatch(/^twilio-node\//)
    expect(request?.body).toEqual({
      To: TO,
      From: FROM,
      Body: 'Hello from esd.quest',
      StatusCallback: 'https://app.example.test/webhooks/twilio/status',
    })

    expect(fake.messages).toHaveLength(1)
    expect(fake.messages[0]).toMatchObject({
      accountSid: fake.defaultAccount.sid,
      to: TO,
      from: FROM,
      body: 'Hello from esd.quest',
      mediaUrls: [],
      statusCallback: 'https://app.example.test/webhooks/twilio/status',
    })
    expect(result).toEqual({ sid: fake.messages[0]?.sid, status: 'queued', numSegments: 1 })
    expect(result.sid).toMatch(/^SM[0-9a-f]{32}$/)
  })

  it('sends every media URL in order and no StatusCallback when none is given', async () => {
    const result = await sendSmsViaTwilio({
      client: clientFor(),
      from: FROM,
      to: TO,
      body: 'x'.repeat(161),
      mediaUrls: ['https://cdn.example.test/a.jpg', 'https://cdn.example.test/b.png'],
    })

    expect(fake.requests[0]?.body).toEqual({
      To: TO,
      From: FROM,
      Body: 'x'.repeat(161),
      MediaUrl: ['https://cdn.example.test/a.jpg', 'https://cdn.example.test/b.png'],
    })
    expect(fake.messages[0]?.mediaUrls).toEqual(['https://cdn.example.test/a.jpg', 'https://cdn.example.test/b.png'])
    expect(result).toEqual({ sid: fake.messages[0]?.sid, status: 'queued', numSegments: 2 })
  })

  it('authenticates as whichever account the client was created for', async () => {
    const account = { sid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') }
    fake.addAccount(account)

    await sendSmsViaTwilio({ client: clientFor(account), from: FROM, to: TO, body: 'Hi' })

    expect(fake.messages[0]?.accountSid).toBe(account.sid)
  })

  it('keeps a path prefix of apiBaseUrl', async () => {
    const client = clientFor(fake.defaultAccount, { apiBaseUrl: `${fake.url}/twilio-proxy/` })

    await sendError(sendSmsViaTwilio({ client, from: FROM, to: TO, body: 'Hi' }))

    expect(fake.requests[0]?.path).toBe(`/twilio-proxy/2010-04-01/Accounts/${fake.defaultAccount.sid}/Messages.json`)
  })

  it('wrong auth token: code 20003, not retriable, nothing sent', async () => {
    const client = clientFor({ sid: fake.defaultAccount.sid, authToken: 'not-the-token' })

    const error = await sendError(sendSmsViaTwilio({ client, from: FROM, to: TO, body: 'Hi' }))

    expect(error).toMatchObject({
      code: 'twilio_send_failed',
      twilioCode: 20003,
      httpStatus: 401,
      retriable: false,
      outcomeUnknown: false,
    })
    expect(fake.requests).toHaveLength(1)
    expect(fake.messages).toEqual([])
  })

  it('unsubscribed recipient (21610): not retriable, with Twilio’s message', async () => {
    fake.failNextFor(TO, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' })

    const error = await sendError(sendSmsViaTwilio({ client: clientFor(), from: FROM, to: TO, body: 'Hi' }))

    expect(error).toMatchObject({ twilioCode: 21610, httpStatus: 400, retriable: false, outcomeUnknown: false })
    expect(error.message).toContain('Attempt to send to unsubscribed recipient')
    expect(error.details).toEqual({ twilioCode: 21610, httpStatus: 400, retriable: false, outcomeUnknown: false })
    expect(fake.messages).toEqual([])
  })

  it.each([
    ['invalid To', '+1', 'Hi', 21211],
    ['no body and no media', TO, '', 21602],
  ])('validation error (%s): mapped, not retriable', async (_case, to, body, twilioCode) => {
    const error = await sendError(sendSmsViaTwilio({ client: clientFor(), from: FROM, to, body }))

    expect(error).toMatchObject({ twilioCode, httpStatus: 400, retriable: false })
  })

  it.each([
    [500, 20500],
    [503, 20503],
  ])('Twilio answers %i: retriable, outcome unknown', async (status, code) => {
    fake.failNextFor(TO, { status, code, message: 'Internal failure' })

    const error = await sendError(sendSmsViaTwilio({ client: clientFor(), from: FROM, to: TO, body: 'Hi' }))

    expect(error).toMatchObject({ twilioCode: code, httpStatus: status, retriable: true, outcomeUnknown: true })
  })

  it('rate limited (429 / 20429): retriable, not sent', async () => {
    fake.failNextFor(TO, { status: 429, code: 20429, message: 'Too Many Requests' })

    const error = await sendError(sendSmsViaTwilio({ client: clientFor(), from: FROM, to: TO, body: 'Hi' }))

    expect(error).toMatchObject({ twilioCode: 20429, retriable: true, outcomeUnknown: false })
  })

  it.each([['reset' as const], ['hang' as const]])(
    'connection %s after the request reached Twilio: retriable, outcome unknown',
    async (network) => {
      fake.failNextFor(TO, { network })

      const client = clientFor(fake.defaultAccount, { timeoutMs: 300 })
      const error = await sendError(sendSmsViaTwilio({ client, from: FROM, to: TO, body: 'Hi' }))

      expect(error).toMatchObject({ twilioCode: null, httpStatus: null, retriable: true, outcomeUnknown: true })
      expect(fake.requests).toHaveLength(1)
    },
  )

  it('Twilio unreachable (connection refused): retriable, known not sent', async () => {
    const stopped = fake
    fake = await startFakeTwilio()
    await stopped.close()
    const apiBaseUrl = stopped.url

    const error = await sendError(
      sendSmsViaTwilio({ client: clientFor(fake.defaultAccount, { apiBaseUrl }), from: FROM, to: TO, body: 'Hi' }),
    )

    expect(error).toMatchObject({ retriable: true, outcomeUnknown: false })
    expect(error.message).toContain('ECONNREFUSED')
  })
})
