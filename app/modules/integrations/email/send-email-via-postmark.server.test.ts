import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakePostmark, type FakePostmark } from '../../../../tests/fakes/fake-postmark'
import { createPostmarkClient } from './postmark-client.server'
import { PostmarkSendError, sendEmailViaPostmark } from './send-email-via-postmark.server'

const FROM = 'esd.quest <no-reply@esd.quest>'
const TO = 'ada@example.test'

let fake: FakePostmark
beforeEach(async () => {
  fake = await startFakePostmark()
})
afterEach(async () => {
  await fake.close()
})

// A short timeout: were apiBaseUrl ignored, the SDK would head for the real
// api.postmarkapp.com and the test must fail fast instead of hanging.
function clientFor(options: { serverToken?: string; apiBaseUrl?: string; timeoutMs?: number } = {}) {
  return createPostmarkClient({
    serverToken: options.serverToken ?? fake.serverToken,
    apiBaseUrl: options.apiBaseUrl ?? fake.url,
    timeoutMs: options.timeoutMs ?? 2_000,
  })
}

async function sendError(promise: Promise<unknown>): Promise<PostmarkSendError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(PostmarkSendError)
  return error as PostmarkSendError
}

const email = { from: FROM, to: TO, subject: 'Your recovery link', textBody: 'Open https://app.example.test/r?t=1' }

describe('sendEmailViaPostmark through the real SDK and the fake Postmark', () => {
  it('sends exactly the fields given, with the server token, and returns Postmark’s MessageID', async () => {
    const sent = await sendEmailViaPostmark({
      client: clientFor(),
      ...email,
      htmlBody: '<p>Open</p>',
      tag: 'recovery-link',
      metadata: { emailMessageId: 'm-1' },
    })

    expect(fake.requests).toHaveLength(1)
    const request = fake.requests[0]
    expect(request?.method).toBe('POST')
    expect(request?.path).toBe('/email')
    expect(request?.headers['x-postmark-server-token']).toBe(fake.serverToken)
    expect(request?.headers['user-agent']).toMatch(/^Postmark\.JS - 5\./)
    expect(request?.body).toEqual({
      From: FROM,
      To: TO,
      Subject: 'Your recovery link',
      TextBody: 'Open https://app.example.test/r?t=1',
      HtmlBody: '<p>Open</p>',
      Tag: 'recovery-link',
      Metadata: { emailMessageId: 'm-1' },
      MessageStream: 'outbound',
    })
    expect(sent).toEqual({ messageId: fake.messages[0]?.messageId, submittedAt: fake.messages[0]?.submittedAt })
  })

  it('leaves out what is not given', async () => {
    await sendEmailViaPostmark({ client: clientFor(), ...email })
    expect(fake.requests[0]?.body).toEqual({
      From: FROM,
      To: TO,
      Subject: 'Your recovery link',
      TextBody: 'Open https://app.example.test/r?t=1',
      MessageStream: 'outbound',
    })
  })

  it('keeps a path prefix of apiBaseUrl', async () => {
    await sendError(sendEmailViaPostmark({ client: clientFor({ apiBaseUrl: `${fake.url}/postmark-proxy/` }), ...email }))
    expect(fake.requests[0]?.path).toBe('/postmark-proxy/email')
  })

  it('wrong server token: 401 / 10, retriable (the configuration can be fixed), nothing sent', async () => {
    const error = await sendError(sendEmailViaPostmark({ client: clientFor({ serverToken: 'wrong' }), ...email }))
    expect(error).toMatchObject({ code: 'postmark_send_failed', postmarkCode: 10, httpStatus: 401, retriable: true, outcomeUnknown: false })
    expect(fake.messages).toEqual([])
  })

  it('inactive recipient: 422 / 406, not retriable, with Postmark’s message', async () => {
    fake.deactivateRecipient(TO)
    const error = await sendError(sendEmailViaPostmark({ client: clientFor(), ...email }))
    expect(error).toMatchObject({ postmarkCode: 406, httpStatus: 422, retriable: false, outcomeUnknown: false })
    expect(error.message).toContain('Found inactive addresses: ada@example.test')
  })

  it('invalid request (300): not retriable', async () => {
    const error = await sendError(sendEmailViaPostmark({ client: clientFor(), ...email, to: 'not-an-address' }))
    expect(error).toMatchObject({ postmarkCode: 300, httpStatus: 422, retriable: false })
    expect(error.message).toContain("Invalid 'To' address")
  })

  it('out of credits (422 / 405): retriable', async () => {
    fake.failNextFor(TO, { status: 422, errorCode: 405, message: 'Not allowed to send' })
    expect(await sendError(sendEmailViaPostmark({ client: clientFor(), ...email }))).toMatchObject({ postmarkCode: 405, retriable: true })
  })

  it.each([
    [500, 0],
    [503, 100],
  ])('Postmark answers %i: retriable, outcome unknown', async (status, errorCode) => {
    fake.failNextFor(TO, { status, errorCode, message: 'Server error' })
    const error = await sendError(sendEmailViaPostmark({ client: clientFor(), ...email }))
    expect(error).toMatchObject({ httpStatus: status, retriable: true, outcomeUnknown: true })
  })

  it('rate limited (429): retriable, not sent', async () => {
    fake.failNextFor(TO, { status: 429, errorCode: 429, message: 'Rate limit exceeded' })
    const error = await sendError(sendEmailViaPostmark({ client: clientFor(), ...email }))
    expect(error).toMatchObject({ httpStatus: 429, retriable: true, outcomeUnknown: false })
  })

  it.each([['reset' as const], ['hang' as const]])('connection %s: retriable, outcome unknown', async (network) => {
    fake.failNextFor(TO, { network })
    const error = await sendError(sendEmailViaPostmark({ client: clientFor({ timeoutMs: 300 }), ...email }))
    expect(error).toMatchObject({ postmarkCode: null, httpStatus: null, retriable: true, outcomeUnknown: true })
    expect(fake.requests).toHaveLength(1)
  })
})
