import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeTwilio, type FakeTwilio, type FakeTwilioAccount } from './fake-twilio'

const TO = '+12025550143'
const FROM = '+12025550178'

let fake: FakeTwilio
beforeEach(async () => {
  fake = await startFakeTwilio()
})
afterEach(async () => {
  await fake.close()
})

function basicAuth({ sid, authToken }: FakeTwilioAccount) {
  return `Basic ${Buffer.from(`${sid}:${authToken}`).toString('base64')}`
}

async function postMessage(fields: [string, string][], account: FakeTwilioAccount = fake.defaultAccount) {
  const response = await fetch(`${fake.url}/2010-04-01/Accounts/${account.sid}/Messages.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(account), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

describe('fake Twilio: POST Messages.json', () => {
  it('accepts a valid SMS with a realistic Message resource and records it', async () => {
    const { status, json } = await postMessage([
      ['To', TO],
      ['From', FROM],
      ['Body', 'Hello'],
      ['StatusCallback', 'https://example.test/status'],
    ])

    expect(status).toBe(201)
    expect(json).toMatchObject({
      account_sid: fake.defaultAccount.sid,
      to: TO,
      from: FROM,
      body: 'Hello',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      api_version: '2010-04-01',
      error_code: null,
    })
    expect(json.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(json.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/)
    expect(json.uri).toBe(`/2010-04-01/Accounts/${fake.defaultAccount.sid}/Messages/${String(json.sid)}.json`)
    expect(fake.messages).toEqual([
      expect.objectContaining({
        sid: json.sid,
        accountSid: fake.defaultAccount.sid,
        to: TO,
        from: FROM,
        body: 'Hello',
        mediaUrls: [],
        statusCallback: 'https://example.test/status',
      }),
    ])
  })

  it('accepts media without a body, with an MM sid and repeated MediaUrl kept in order', async () => {
    const { status, json } = await postMessage([
      ['To', TO],
      ['From', FROM],
      ['MediaUrl', 'https://example.test/a.jpg'],
      ['MediaUrl', 'https://example.test/b.jpg'],
    ])
    expect(status).toBe(201)
    expect(json.sid).toMatch(/^MM[0-9a-f]{32}$/)
    expect(json.num_media).toBe('2')
    expect(fake.messages[0]?.mediaUrls).toEqual(['https://example.test/a.jpg', 'https://example.test/b.jpg'])
  })

  it('accepts a MessagingServiceSid instead of From', async () => {
    const { status, json } = await postMessage([
      ['To', TO],
      ['MessagingServiceSid', 'MG00000000000000000000000000000000'],
      ['Body', 'Hi'],
    ])
    expect(status).toBe(201)
    expect(json).toMatchObject({ from: null, status: 'accepted' })
  })

  it.each([
    ['To missing', [['From', FROM], ['Body', 'x']], 21604],
    ['From missing', [['To', TO], ['Body', 'x']], 21603],
    ['To not E.164', [['To', '2025550143'], ['From', FROM], ['Body', 'x']], 21211],
    ['Body and MediaUrl missing', [['To', TO], ['From', FROM]], 21602],
    ['Body over 1600 characters', [['To', TO], ['From', FROM], ['Body', 'x'.repeat(1601)]], 21617],
  ] as [string, [string, string][], number][])('answers 400 when %s', async (_case, fields, code) => {
    const { status, json } = await postMessage(fields)
    expect(status).toBe(400)
    expect(json).toEqual({
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: 400,
    })
    expect(fake.messages).toEqual([])
  })

  it('answers 401 / 20003 for a wrong auth token or no credentials', async () => {
    const wrong = await postMessage([['To', TO]], { sid: fake.defaultAccount.sid, authToken: 'wrong' })
    expect(wrong.status).toBe(401)
    expect(wrong.json).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    })

    const anonymous = await fetch(`${fake.url}/2010-04-01/Accounts/${fake.defaultAccount.sid}/Messages.json`, {
      method: 'POST',
    })
    expect(anonymous.status).toBe(401)
  })

  it('accepts added accounts, but not on another account’s path', async () => {
    const other = { sid: `AC${randomBytes(16).toString('hex')}`, authToken: 'other-token' }
    fake.addAccount(other)
    expect((await postMessage([['To', TO], ['From', FROM], ['Body', 'x']], other)).status).toBe(201)

    const response = await fetch(`${fake.url}/2010-04-01/Accounts/${fake.defaultAccount.sid}/Messages.json`, {
      method: 'POST',
      headers: { authorization: basicAuth(other) },
    })
    expect(response.status).toBe(404)
  })

  it('plays scripted failures for a recipient once each, in order', async () => {
    fake.failNextFor(TO, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' })
    fake.failNextFor(TO, { status: 503, code: 20503, message: 'Service unavailable' })
    const fields: [string, string][] = [['To', TO], ['From', FROM], ['Body', 'x']]

    expect((await postMessage(fields)).json).toMatchObject({ code: 21610, status: 400 })
    expect((await postMessage(fields)).json).toMatchObject({ code: 20503, status: 503 })
    expect((await postMessage([['To', '+12025550199'], ['From', FROM], ['Body', 'x']])).status).toBe(201)
    expect((await postMessage(fields)).status).toBe(201)
    expect(fake.messages).toHaveLength(2)
  })

  it('drops the connection for a scripted network failure', async () => {
    fake.failNextFor(TO, { network: 'reset' })
    await expect(postMessage([['To', TO], ['From', FROM], ['Body', 'x']])).rejects.toThrow()
    expect(fake.requests).toHaveLength(1)
  })

  it.each([
    ['a', 1],
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['[]'.repeat(40), 1], // GSM extended characters take two septets each
    ['[]'.repeat(41), 2],
    ['é'.repeat(160), 1], // é is in the GSM alphabet
    ['ł'.repeat(70), 1], // ł is not: UCS-2
    ['ł'.repeat(71), 2],
  ])('counts segments like Twilio (%#)', async (body, segments) => {
    const { json } = await postMessage([['To', TO], ['From', FROM], ['Body', body]])
    expect(json.num_segments).toBe(String(segments))
  })
})

describe('fake Twilio: GET Messages/{sid}.json', () => {
  it('returns a stored message and 404 / 20404 for an unknown one', async () => {
    const created = await postMessage([['To', TO], ['From', FROM], ['Body', 'Hello']])
    const base = `${fake.url}/2010-04-01/Accounts/${fake.defaultAccount.sid}/Messages`
    const headers = { authorization: basicAuth(fake.defaultAccount) }

    const found = await fetch(`${base}/${String(created.json.sid)}.json`, { headers })
    expect(found.status).toBe(200)
    expect(await found.json()).toEqual(created.json)

    const missing = await fetch(`${base}/SM${'0'.repeat(32)}.json`, { headers })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 20404, status: 404 })
  })
})
