import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptCarrierToken } from '~/modules/messaging/carrier-token-crypto.server'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { startFakeTwilio, type FakeTwilio } from '../../tests/fakes/fake-twilio'
import { createOrganization, createUser, sessionCookieFor } from '../../tests/support/factories'
import { freshNumber } from '../../tests/support/leads'
import { action, loader } from './_app.settings.carriers'

type ActionResult = Awaited<ReturnType<typeof action>>
type LoaderResult = Awaited<ReturnType<typeof loader>>

function get(cookie?: string) {
  return new Request('http://localhost/settings/carriers', { headers: cookie ? { cookie } : {} })
}

function post(cookie: string, fields: Record<string, string>) {
  return new Request('http://localhost/settings/carriers', {
    method: 'POST',
    headers: { cookie, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof Response)) throw new Error(`expected a thrown Response, got ${String(error)}`)
  return error
}

async function act(cookie: string, fields: Record<string, string>) {
  const result: ActionResult = await action({ request: post(cookie, fields), params: {}, context: {} })
  return { status: result.init?.status ?? 200, body: result.data }
}

async function page(cookie: string) {
  const result: LoaderResult = await loader({ request: get(cookie), params: {}, context: {} })
  return result
}

async function signedIn(role: 'admin' | 'operator', organizationId?: string) {
  const user = await createUser({ role, ...(organizationId ? { organizationId } : {}) })
  return { user, cookie: await sessionCookieFor(user.id) }
}

/** A Twilio account the fake knows, with a real-looking SID and token. */
function twilioAccount(details: { friendlyName?: string; type?: 'Trial' | 'Full' } = {}) {
  const account = { sid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') }
  fake.addAccount({ ...account, ...details })
  return account
}

/** An admin of a new `test` organization with a Twilio account added through the page. */
async function adminWithAccount(name = 'Main') {
  const org = await createOrganization({ environment: 'test' })
  const { user, cookie } = await signedIn('admin', org.id)
  const credentials = twilioAccount()
  const added = await act(cookie, { intent: 'add-account', name, accountSid: credentials.sid, authToken: credentials.authToken })
  expect(added.status).toBe(200)
  const account = await prisma.carrierAccount.findFirstOrThrow({ where: { organizationId: org.id, name } })
  return { org, user, cookie, credentials, account }
}

const utcToday = () => new Date().toISOString().slice(0, 10)

let fake: FakeTwilio
const savedBaseUrl = process.env.TWILIO_API_BASE_URL
beforeAll(async () => {
  fake = await startFakeTwilio()
  process.env.TWILIO_API_BASE_URL = fake.url
  resetEnv()
})
afterAll(async () => {
  if (savedBaseUrl === undefined) delete process.env.TWILIO_API_BASE_URL
  else process.env.TWILIO_API_BASE_URL = savedBaseUrl
  resetEnv()
  await fake.close()
})

describe('/settings/carriers', () => {
  it('keeps operators out of the page and its actions, and sends visitors to sign in', async () => {
    const { user, cookie } = await signedIn('operator')
    expect((await thrown(loader({ request: get(cookie), params: {}, context: {} }))).status).toBe(403)
    const credentials = twilioAccount()
    const fields = { intent: 'add-account', name: 'Sneaky', accountSid: credentials.sid, authToken: credentials.authToken }
    expect((await thrown(action({ request: post(cookie, fields), params: {}, context: {} }))).status).toBe(403)
    expect(await prisma.carrierAccount.count({ where: { organizationId: user.organizationId } })).toBe(0)
    expect(fake.requests.filter((r) => r.path.includes(credentials.sid))).toEqual([])

    expect((await thrown(loader({ request: get(), params: {}, context: {} }))).status).toBe(302)
  })

  it('tells a sandbox organization that it sends through the simulated carrier', async () => {
    const org = await createOrganization({ environment: 'sandbox' })
    const { cookie } = await signedIn('admin', org.id)
    expect(await page(cookie)).toEqual({ environment: 'sandbox', accounts: [] })
  })

  it('adds a Twilio account only after Twilio accepts its credentials, stores the token encrypted and audits it without secrets', async () => {
    const org = await createOrganization({ environment: 'test' })
    const { user, cookie } = await signedIn('admin', org.id)
    const credentials = twilioAccount({ friendlyName: 'Acme Twilio', type: 'Trial' })

    // Pasted in upper case: the same account.
    const added = await act(cookie, {
      intent: 'add-account',
      name: ' Main ',
      accountSid: `AC${credentials.sid.slice(2).toUpperCase()}`,
      authToken: credentials.authToken,
    })
    expect(added.status).toBe(200)
    expect(added.body.message).toMatch(/^Added “Main”: Twilio accepted the credentials\. It is a Twilio trial account/)
    expect(JSON.stringify(added.body)).not.toContain(credentials.authToken)

    // Checked through the SDK, with the credentials, before anything was stored.
    const checks = fake.requests.filter((r) => r.path === `/2010-04-01/Accounts/${credentials.sid}.json`)
    expect(checks).toHaveLength(1)
    expect(checks[0]!.method).toBe('GET')
    expect(checks[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${credentials.sid}:${credentials.authToken}`).toString('base64')}`)

    const row = await prisma.carrierAccount.findFirstOrThrow({ where: { organizationId: org.id } })
    expect(row).toMatchObject({ kind: 'twilio', name: 'Main', accountSid: credentials.sid, status: 'active', mps: 10, dailyCap: 10_000 })
    expect(row.authTokenCiphertext).not.toContain(credentials.authToken)
    expect(row.authTokenCiphertext).toMatch(/^v1\./)
    expect(decryptCarrierToken({ ciphertext: row.authTokenCiphertext!, keyId: row.authTokenKeyId! })).toBe(credentials.authToken)

    const audit = await prisma.auditLog.findMany({ where: { organizationId: org.id } })
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'carrier_account.added',
        actorId: user.id,
        targetType: 'carrier_account',
        targetId: row.id,
        summary: {
          after: { kind: 'twilio', name: 'Main', accountSid: `AC…${credentials.sid.slice(-4)}`, status: 'active', mps: 10, dailyCap: 10_000 },
          verifiedWithTwilio: { friendlyName: 'Acme Twilio', type: 'Trial' },
        },
      }),
    ])
    expect(JSON.stringify(audit[0]!.summary)).not.toContain(credentials.authToken)

    // The page shows it, with the SID cut to its last four characters and nothing of the token.
    const listed = await page(cookie)
    expect(listed.accounts).toEqual([
      expect.objectContaining({
        kind: 'twilio',
        name: 'Main',
        accountSidLast4: credentials.sid.slice(-4),
        status: 'active',
        mps: 10,
        dailyCap: 10_000,
        numbers: [],
      }),
    ])
    const json = JSON.stringify(listed)
    expect(json).not.toContain(credentials.authToken)
    expect(json).not.toContain(row.authTokenCiphertext)
    expect(json).not.toContain(credentials.sid)

    // The same account, or the same name, again: refused next to the field, without asking Twilio.
    const requestsBefore = fake.requests.length
    const again = await act(cookie, { intent: 'add-account', name: 'Other', accountSid: credentials.sid, authToken: credentials.authToken })
    expect(again.status).toBe(409)
    expect(again.body.result.error).toEqual({ accountSid: ['This Twilio account is already added to this organization.'] })
    const other = twilioAccount()
    const sameName = await act(cookie, { intent: 'add-account', name: 'Main', accountSid: other.sid, authToken: other.authToken })
    expect(sameName.status).toBe(409)
    expect(sameName.body.result.error).toEqual({ name: ['Another carrier account of this organization has this name.'] })
    expect(fake.requests.length).toBe(requestsBefore)
    expect(await prisma.carrierAccount.count({ where: { organizationId: org.id } })).toBe(1)
  })

  it('answers 422 for credentials Twilio refuses and stores nothing, nor sends the token back', async () => {
    const org = await createOrganization({ environment: 'test' })
    const { cookie } = await signedIn('admin', org.id)
    const credentials = twilioAccount()
    const wrongToken = randomBytes(16).toString('hex')

    const refused = await act(cookie, { intent: 'add-account', name: 'Main', accountSid: credentials.sid, authToken: wrongToken })
    expect(refused.status).toBe(422)
    expect(refused.body.result.error?.['']).toEqual([expect.stringMatching(/^Twilio refused these credentials\./)])
    expect(JSON.stringify(refused.body)).not.toContain(wrongToken)
    expect(refused.body.result.initialValue).toMatchObject({ name: 'Main', accountSid: credentials.sid })

    // A SID Twilio does not know: refused the same way.
    const unknown = await act(cookie, {
      intent: 'add-account',
      name: 'Main',
      accountSid: `AC${randomBytes(16).toString('hex')}`,
      authToken: credentials.authToken,
    })
    expect(unknown.status).toBe(422)

    expect(await prisma.carrierAccount.count({ where: { organizationId: org.id } })).toBe(0)
    expect(await prisma.auditLog.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('checks the form before asking Twilio, next to each field', async () => {
    const org = await createOrganization({ environment: 'test' })
    const { cookie } = await signedIn('admin', org.id)
    const requestsBefore = fake.requests.length
    const invalid = await act(cookie, { intent: 'add-account', name: '', accountSid: 'SK123', authToken: 'not-a-token' })
    expect(invalid.status).toBe(400)
    expect(invalid.body.result.error).toEqual({
      name: ['Enter a name'],
      accountSid: ['An Account SID is AC followed by 32 characters 0–9 and a–f'],
      authToken: ['An Auth Token is 32 characters 0–9 and a–f'],
    })
    expect(JSON.stringify(invalid.body)).not.toContain('not-a-token')
    expect(fake.requests.length).toBe(requestsBefore)
  })

  it('says so when Twilio cannot be reached, and stores nothing', async () => {
    const org = await createOrganization({ environment: 'test' })
    const { cookie } = await signedIn('admin', org.id)
    const gone = await startFakeTwilio()
    await gone.close()
    process.env.TWILIO_API_BASE_URL = gone.url
    resetEnv()
    try {
      const credentials = twilioAccount()
      const failed = await act(cookie, { intent: 'add-account', name: 'Main', accountSid: credentials.sid, authToken: credentials.authToken })
      expect(failed.status).toBe(502)
      expect(failed.body.result.error?.['']).toEqual([expect.stringMatching(/^Twilio could not be reached \(ECONNREFUSED\); nothing was changed/)])
    } finally {
      process.env.TWILIO_API_BASE_URL = fake.url
      resetEnv()
    }
    expect(await prisma.carrierAccount.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('imports the account’s SMS numbers with area code, state and warm-up, and leaves another organization’s number with it', async () => {
    const { org, cookie, credentials, account } = await adminWithAccount()
    const austin = freshNumber('512')
    const tollFree = freshNumber('800')
    const voiceOnly = freshNumber('512')
    const theirs = freshNumber('512')
    fake.addIncomingNumber(credentials.sid, { phoneNumber: austin })
    fake.addIncomingNumber(credentials.sid, { phoneNumber: tollFree })
    fake.addIncomingNumber(credentials.sid, { phoneNumber: voiceOnly, capabilities: { sms: false, mms: false } })
    fake.addIncomingNumber(credentials.sid, { phoneNumber: theirs })
    fake.addIncomingNumber(credentials.sid, { phoneNumber: '+447700900123' })
    // Another account's number is not listed for this one.
    fake.addIncomingNumber(fake.defaultAccount.sid, { phoneNumber: freshNumber('512') })

    const other = await createOrganization({ environment: 'test' })
    const otherAccount = await prisma.carrierAccount.create({ data: { organizationId: other.id, kind: 'simulated', name: 'Simulated carrier' } })
    const taken = await prisma.senderNumber.create({
      data: { organizationId: other.id, carrierAccountId: otherAccount.id, e164: theirs, areaCode: '512', state: 'TX' },
    })

    const imported = await act(cookie, { intent: 'import-numbers', accountId: account.id })
    expect(imported.status).toBe(200)
    expect(imported.body.message).toBe(
      'Twilio lists 5 numbers for this account. Imported 2 new numbers, warming up from today. 1 number refused (see below). 2 numbers skipped (see below).',
    )
    expect(imported.body.importReport).toEqual({
      refused: [{ e164: theirs, reason: 'Another organization sends from this number' }],
      skipped: [
        { e164: voiceOnly, reason: 'Cannot send SMS' },
        { e164: '+447700900123', reason: 'Not a US or Canadian number' },
      ],
    })

    const numbers = await prisma.senderNumber.findMany({ where: { organizationId: org.id }, orderBy: { e164: 'asc' } })
    expect(numbers.map((n) => n.e164)).toEqual([austin, tollFree].sort())
    const byE164 = new Map(numbers.map((n) => [n.e164, n]))
    expect(byE164.get(austin)).toMatchObject({ carrierAccountId: account.id, areaCode: '512', state: 'TX', status: 'active', mps: 1, dailyCap: 250 })
    expect(byE164.get(tollFree)).toMatchObject({ areaCode: '800', state: null })
    for (const number of numbers) expect(number.warmupStartedOn?.toISOString().slice(0, 10)).toBe(utcToday())
    // Not stolen.
    expect(await prisma.senderNumber.findUniqueOrThrow({ where: { id: taken.id } })).toMatchObject({ organizationId: other.id, carrierAccountId: otherAccount.id })

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.id, action: 'carrier_account.numbers_imported' } })
    expect(audit).toMatchObject({
      targetType: 'carrier_account',
      targetId: account.id,
      summary: { account: 'Main', listed: 5, imported: 2, unchanged: 0, moved: [], refused: [theirs], skipped: 2, missingFromTwilio: 0 },
    })

    // On the page: warming up (25 today of 250), nothing sent yet.
    const listed = await page(cookie)
    expect(listed.accounts[0]!.numbers.find((n) => n.e164 === austin)).toEqual({
      id: byE164.get(austin)!.id,
      e164: austin,
      areaCode: '512',
      state: 'TX',
      status: 'active',
      pausedReason: null,
      mps: 1,
      dailyCap: 250,
      todayCap: 25,
      warmupStartedOn: utcToday(),
      sentToday: 0,
    })

    // Again: nothing new, nothing changed.
    const again = await act(cookie, { intent: 'import-numbers', accountId: account.id })
    expect(again.body.message).toMatch(/No new numbers to import\. 2 numbers were already here\./)
    expect(await prisma.senderNumber.count({ where: { organizationId: org.id } })).toBe(2)
  })

  it('follows Twilio’s pages through the SDK', async () => {
    const { org, cookie, credentials, account } = await adminWithAccount()
    const phoneNumbers = Array.from({ length: 55 }, () => freshNumber('737'))
    for (const phoneNumber of phoneNumbers) fake.addIncomingNumber(credentials.sid, { phoneNumber })
    const imported = await act(cookie, { intent: 'import-numbers', accountId: account.id })
    expect(imported.body.message).toMatch(/^Twilio lists 55 numbers for this account\. Imported 55 new numbers/)
    expect(await prisma.senderNumber.count({ where: { organizationId: org.id } })).toBe(55)
    const lists = fake.requests.filter((r) => r.path === `/2010-04-01/Accounts/${credentials.sid}/IncomingPhoneNumbers.json`)
    expect(lists.map((r) => [r.query.get('Page'), r.query.get('PageSize')])).toEqual([
      [null, null],
      ['1', '50'],
    ])
  })

  it('refuses to import another organization’s account, and a disabled account until it is enabled', async () => {
    const { cookie, account } = await adminWithAccount()
    const stranger = await signedIn('admin')
    const foreign = await act(stranger.cookie, { intent: 'import-numbers', accountId: account.id })
    expect(foreign.status).toBe(404)

    const disabled = await act(cookie, { intent: 'set-account-status', accountId: account.id, status: 'disabled' })
    expect(disabled.body.message).toBe('“Main” is disabled: none of its numbers sends until it is enabled.')
    expect((await prisma.carrierAccount.findUniqueOrThrow({ where: { id: account.id } })).status).toBe('disabled')
    const refused = await act(cookie, { intent: 'import-numbers', accountId: account.id })
    expect(refused.status).toBe(409)
    expect(refused.body.result.error?.['']).toEqual(['“Main” is disabled; enable it before importing its numbers.'])

    const enabled = await act(cookie, { intent: 'set-account-status', accountId: account.id, status: 'active' })
    expect(enabled.status).toBe(200)
    expect(
      (await prisma.auditLog.findMany({ where: { targetId: account.id }, orderBy: { id: 'asc' } })).map((a) => a.action),
    ).toEqual(['carrier_account.added', 'carrier_account.disabled', 'carrier_account.enabled'])
  })

  it('pauses and resumes a number, audited, and counts what it sent today', async () => {
    const { org, user, cookie, credentials, account } = await adminWithAccount()
    const e164 = freshNumber('512')
    fake.addIncomingNumber(credentials.sid, { phoneNumber: e164 })
    await act(cookie, { intent: 'import-numbers', accountId: account.id })
    const number = await prisma.senderNumber.findUniqueOrThrow({ where: { e164 } })

    const paused = await act(cookie, { intent: 'set-number-status', numberId: number.id, status: 'paused' })
    expect(paused.body.message).toBe(`${e164} is paused; its queued messages wait until it is resumed.`)
    expect(await prisma.senderNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({
      status: 'paused',
      pausedReason: `Paused by ${user.email}`,
    })
    const twice = await act(cookie, { intent: 'set-number-status', numberId: number.id, status: 'paused' })
    expect(twice.status).toBe(409)

    const resumed = await act(cookie, { intent: 'set-number-status', numberId: number.id, status: 'active' })
    expect(resumed.body.message).toBe(`${e164} is sending again.`)
    expect(await prisma.senderNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({ status: 'active', pausedReason: null })
    expect(
      (await prisma.auditLog.findMany({ where: { targetId: number.id }, orderBy: { id: 'asc' } })).map((a) => [a.action, a.summary]),
    ).toEqual([
      ['sender_number.paused', { e164, before: { status: 'active', pausedReason: null }, after: { status: 'paused', pausedReason: `Paused by ${user.email}` } }],
      ['sender_number.resumed', { e164, before: { status: 'paused', pausedReason: `Paused by ${user.email}` }, after: { status: 'active', pausedReason: null } }],
    ])

    // Another organization's admin cannot touch it; an operator of this one neither.
    const stranger = await signedIn('admin')
    expect((await act(stranger.cookie, { intent: 'set-number-status', numberId: number.id, status: 'paused' })).status).toBe(404)
    const operator = await signedIn('operator', org.id)
    const refused = thrown(action({ request: post(operator.cookie, { intent: 'set-number-status', numberId: number.id, status: 'paused' }), params: {}, context: {} }))
    expect((await refused).status).toBe(403)
    expect((await prisma.senderNumber.findUniqueOrThrow({ where: { id: number.id } })).status).toBe('active')

    // Sent today: rows sent since 00:00 UTC only.
    const row = (sentAt: Date, status: 'sent' | 'pending' = 'sent') => ({
      organizationId: org.id,
      idempotencyKey: randomUUID(),
      purpose: 'marketing' as const,
      toE164: freshNumber('305'),
      fromE164: e164,
      senderNumberId: number.id,
      body: 'Hi',
      status,
      sentAt: status === 'sent' ? sentAt : null,
    })
    await prisma.sendQueueItem.createMany({
      data: [row(new Date()), row(new Date()), row(new Date(Date.now() - 2 * 86_400_000)), row(new Date(), 'pending')],
    })
    const listed = await page(cookie)
    expect(listed.accounts[0]!.numbers[0]).toMatchObject({ e164, sentToday: 2 })

    // Resumed with a message waiting: its dispatch run is requested again (the sweep's event for it was spent while paused).
    const dispatches = async () =>
      (await prisma.jobRun.findMany({ where: { eventName: 'messages/dispatch.requested' } })).filter((run) =>
        JSON.stringify(run.events).includes(number.id),
      ).length
    await act(cookie, { intent: 'set-number-status', numberId: number.id, status: 'paused', reason: 'Checking with the carrier' })
    expect((await prisma.senderNumber.findUniqueOrThrow({ where: { id: number.id } })).pausedReason).toBe('Checking with the carrier')
    expect(await dispatches()).toBe(0)
    await act(cookie, { intent: 'set-number-status', numberId: number.id, status: 'active' })
    expect(await dispatches()).toBe(1)
  })
})
