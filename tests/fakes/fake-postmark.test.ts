import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakePostmark, type FakePostmark } from './fake-postmark'

let fake: FakePostmark
beforeEach(async () => {
  fake = await startFakePostmark()
})
afterEach(async () => {
  await fake.close()
})

const valid = {
  From: 'esd.quest <no-reply@esd.quest>',
  To: 'ada@example.test',
  Subject: 'Your recovery link',
  TextBody: 'Open https://app.example.test/recover?token=abc',
  Tag: 'recovery-link',
}

async function postEmail(body: unknown, options: { token?: string | null; contentType?: string; raw?: string } = {}) {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': options.contentType ?? 'application/json',
  }
  const token = options.token === undefined ? fake.serverToken : options.token
  if (token !== null) headers['x-postmark-server-token'] = token
  const response = await fetch(`${fake.url}/email`, {
    method: 'POST',
    headers,
    body: options.raw ?? JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

describe('fake Postmark: POST /email', () => {
  it('accepts a valid email, answers like Postmark and records it', async () => {
    const { status, json } = await postEmail({
      ...valid,
      HtmlBody: '<p>Open</p>',
      MessageStream: 'outbound',
      Metadata: { emailMessageId: 'e-1' },
    })

    expect(status).toBe(200)
    expect(json).toEqual({
      To: 'ada@example.test',
      SubmittedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      MessageID: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      ErrorCode: 0,
      Message: 'OK',
    })
    expect(fake.messages).toEqual([
      expect.objectContaining({
        messageId: json.MessageID,
        from: valid.From,
        to: valid.To,
        subject: valid.Subject,
        textBody: valid.TextBody,
        htmlBody: '<p>Open</p>',
        tag: 'recovery-link',
        messageStream: 'outbound',
        metadata: { emailMessageId: 'e-1' },
      }),
    ])
  })

  it('accepts an HTML-only email and a "Name <address>" recipient', async () => {
    const { status } = await postEmail({ ...valid, To: 'Ada <ada@example.test>', TextBody: undefined, HtmlBody: '<p>Hi</p>' })
    expect(status).toBe(200)
    expect(fake.messages[0]).toMatchObject({ to: 'Ada <ada@example.test>', textBody: null, htmlBody: '<p>Hi</p>' })
  })

  it('answers 401 / ErrorCode 10 for a wrong or missing server token', async () => {
    const wrong = await postEmail(valid, { token: 'not-the-token' })
    expect(wrong).toEqual({
      status: 401,
      json: { ErrorCode: 10, Message: expect.stringContaining('Server Token you provided') },
    })
    const missing = await postEmail(valid, { token: null })
    expect(missing).toEqual({ status: 401, json: { ErrorCode: 10, Message: expect.stringContaining('No Account or Server API tokens') } })
    expect(fake.messages).toEqual([])
  })

  it.each([
    ['From missing', { ...valid, From: undefined }, "Invalid 'From' address: ''."],
    ['From not an address', { ...valid, From: 'esd.quest' }, "Invalid 'From' address: 'esd.quest'."],
    ['To missing', { ...valid, To: undefined }, 'Zero recipients specified'],
    ['To not an address', { ...valid, To: 'ada at example' }, "Invalid 'To' address: 'ada at example'."],
    ['Subject missing', { ...valid, Subject: '' }, "The 'Subject' field is required."],
    ['no body', { ...valid, TextBody: undefined }, 'Provide either email TextBody or HtmlBody or both.'],
  ])('answers 422 / ErrorCode 300 when %s', async (_case, body, message) => {
    expect(await postEmail(body)).toEqual({ status: 422, json: { ErrorCode: 300, Message: message } })
    expect(fake.messages).toEqual([])
  })

  it('answers 422 for a body that is not JSON', async () => {
    expect(await postEmail(null, { raw: '{"From":' })).toEqual({
      status: 422,
      json: { ErrorCode: 402, Message: 'Received invalid JSON input.' },
    })
    expect((await postEmail(null, { raw: 'From=a', contentType: 'application/x-www-form-urlencoded' })).json).toMatchObject({
      ErrorCode: 409,
    })
  })

  it('refuses an inactive recipient with 422 / 406 in the message format the SDK parses', async () => {
    fake.deactivateRecipient('Ada@Example.test')
    const { status, json } = await postEmail(valid)
    expect(status).toBe(422)
    expect(json.ErrorCode).toBe(406)
    expect(json.Message).toMatch(/Found inactive addresses: ada@example\.test\. Inactive recipients/)
    // Still refused: inactive is a state, not a one-off failure.
    expect((await postEmail(valid)).status).toBe(422)
    expect((await postEmail({ ...valid, To: 'grace@example.test' })).status).toBe(200)
  })

  it('plays scripted failures for a recipient once each, in order', async () => {
    fake.failNextFor('ada@example.test', { status: 500, errorCode: 0, message: 'Internal Server Error' })
    fake.failNextFor('ada@example.test', { status: 503, errorCode: 100, message: 'Maintenance' })

    expect(await postEmail(valid)).toEqual({ status: 500, json: { ErrorCode: 0, Message: 'Internal Server Error' } })
    expect(await postEmail(valid)).toEqual({ status: 503, json: { ErrorCode: 100, Message: 'Maintenance' } })
    expect((await postEmail(valid)).status).toBe(200)
    expect(fake.messages).toHaveLength(1)
  })

  it('drops the connection for a scripted network failure', async () => {
    fake.failNextFor('ada@example.test', { network: 'reset' })
    await expect(postEmail(valid)).rejects.toThrow()
    expect(fake.requests).toHaveLength(1)
    expect(fake.messages).toEqual([])
  })

  it('has no other routes', async () => {
    const response = await fetch(`${fake.url}/email/batch`, { method: 'POST' })
    expect(response.status).toBe(404)
  })
})
