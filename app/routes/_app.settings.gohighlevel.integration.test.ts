import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptCarrierToken } from '~/modules/messaging/carrier-token-crypto.server'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { startFakeGhl, type FakeGhl } from '../../tests/fakes/fake-ghl'
import { createOrganization, createUser, sessionCookieFor } from '../../tests/support/factories'
import { createLeads, freshNumber } from '../../tests/support/leads'
import { action as pushAction } from './resources.gohighlevel.push'
import { action, loader } from './_app.settings.gohighlevel'

type ActionResult = Awaited<ReturnType<typeof action>>

function post(url: string, cookie: string, fields: Record<string, string>) {
  return new Request(url, {
    method: 'POST',
    headers: { cookie, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

async function act(cookie: string, fields: Record<string, string>) {
  const result: ActionResult = await action({ request: post('http://localhost/settings/gohighlevel', cookie, fields), params: {}, context: {} })
  return { status: result.init?.status ?? 200, body: result.data }
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof Response)) throw new Error(`expected a thrown Response, got ${String(error)}`)
  return error
}

let fake: FakeGhl
const savedUrl = process.env.GHL_API_URL
beforeAll(async () => {
  fake = await startFakeGhl()
  process.env.GHL_API_URL = fake.url
  resetEnv()
})
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.GHL_API_URL
  else process.env.GHL_API_URL = savedUrl
  resetEnv()
  await fake.close()
})

async function admin() {
  const org = await createOrganization({ environment: 'sandbox' })
  const user = await createUser({ role: 'admin', organizationId: org.id })
  return { org, cookie: await sessionCookieFor(user.id) }
}

describe('Settings › GoHighLevel', () => {
  it('saves the token encrypted, never shows it again, keeps it when left empty, and tests the connection', async () => {
    const { org, cookie } = await admin()
    const saved = await act(cookie, {
      intent: 'save',
      token: fake.token,
      locationId: fake.locationId,
      inboundWebhookUrl: fake.webhookUrl,
      tags: 'esd.quest, hot lead, esd.quest',
      enabled: 'on',
    })
    expect(saved.status).toBe(200)
    expect(JSON.stringify(saved.body)).not.toContain(fake.token)
    const row = await prisma.goHighLevelIntegration.findUniqueOrThrow({ where: { organizationId: org.id } })
    expect(row).toMatchObject({ locationId: fake.locationId, tags: ['esd.quest', 'hot lead'], enabled: true, pushOnPositiveReply: false, status: 'untested', tokenHint: fake.token.slice(-4) })
    expect(row.tokenCiphertext).not.toContain(fake.token)
    expect(decryptCarrierToken({ ciphertext: row.tokenCiphertext, keyId: row.tokenKeyId })).toBe(fake.token)

    const view = await loader({ request: new Request('http://localhost/settings/gohighlevel', { headers: { cookie } }), params: {}, context: {} })
    expect(JSON.stringify(view)).not.toContain(fake.token)
    expect(view.settings).toMatchObject({ tokenHint: fake.token.slice(-4), status: 'untested' })

    // An empty token keeps the saved one; the switch turns on.
    expect((await act(cookie, { intent: 'save', token: '', locationId: fake.locationId, pushOnPositiveReply: 'on', enabled: 'on' })).status).toBe(200)
    const again = await prisma.goHighLevelIntegration.findUniqueOrThrow({ where: { organizationId: org.id } })
    expect(again).toMatchObject({ tokenCiphertext: row.tokenCiphertext, pushOnPositiveReply: true, inboundWebhookUrl: null })

    expect(await act(cookie, { intent: 'test' })).toMatchObject({ status: 200, body: { ok: true } })
    expect(await prisma.goHighLevelIntegration.findUniqueOrThrow({ where: { organizationId: org.id } })).toMatchObject({ status: 'ok' })

    const audit = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: { startsWith: 'gohighlevel.' } }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['gohighlevel.settings_saved', 'gohighlevel.settings_saved', 'gohighlevel.connection_tested'])
    expect(JSON.stringify(audit.map((a) => a.summary))).not.toContain(fake.token)
  })

  it('asks for a token first, and reports a token GHL refuses as failing', async () => {
    const { org, cookie } = await admin()
    const missing = await act(cookie, { intent: 'save', locationId: fake.locationId, enabled: 'on' })
    expect(missing.status).toBe(400)
    expect(missing.body.result.error).toMatchObject({ token: ['Paste the Private Integration token.'] })

    expect((await act(cookie, { intent: 'save', token: 'pit-not-a-real-token', locationId: fake.locationId, enabled: 'on' })).status).toBe(200)
    const tested = await act(cookie, { intent: 'test' })
    expect(tested).toMatchObject({ status: 502, body: { ok: false, message: expect.stringContaining('refused the Private Integration token (401') } })
    expect(await prisma.goHighLevelIntegration.findUniqueOrThrow({ where: { organizationId: org.id } })).toMatchObject({ status: 'failing' })
  })

  it('is for administrators only', async () => {
    const org = await createOrganization({ environment: 'sandbox' })
    const operator = await createUser({ role: 'operator', organizationId: org.id })
    const cookie = await sessionCookieFor(operator.id)
    const refused = await thrown(loader({ request: new Request('http://localhost/settings/gohighlevel', { headers: { cookie } }), params: {}, context: {} }))
    expect(refused.status).toBe(403)
  })
})

describe('the Send to GoHighLevel button', () => {
  it('queues a push of the organization’s lead, audited, and refuses another organization’s', async () => {
    const { org, cookie } = await admin()
    await act(cookie, { intent: 'save', token: fake.token, locationId: fake.locationId, enabled: 'on' })
    const { leads } = await createLeads(org.id, [{ phone: freshNumber('512') }])
    const operator = await createUser({ role: 'operator', organizationId: org.id })
    const operatorCookie = await sessionCookieFor(operator.id)

    const pushed = await pushAction({ request: post('http://localhost/resources/gohighlevel/push', operatorCookie, { leadId: leads[0]!.id }), params: {}, context: {} })
    expect(pushed).toMatchObject({ ok: true })
    expect(await prisma.goHighLevelPush.findMany({ where: { organizationId: org.id } })).toEqual([
      expect.objectContaining({ leadId: leads[0]!.id, trigger: 'operator', status: 'pending', requestedBy: operator.email }),
    ])

    const other = await createOrganization({ environment: 'sandbox' })
    const { leads: theirs } = await createLeads(other.id, [{ phone: freshNumber('512') }])
    const refused = (await pushAction({ request: post('http://localhost/resources/gohighlevel/push', operatorCookie, { leadId: theirs[0]!.id }), params: {}, context: {} })) as {
      init?: { status?: number }
      data?: { ok: boolean; message: string }
    }
    expect(refused.init?.status).toBe(404)
    expect(await prisma.goHighLevelPush.count({ where: { leadId: theirs[0]!.id } })).toBe(0)
  })
})

describe('the Inbound Webhook URL in production', () => {
  const KEYS = ['APP_ENV', 'APP_URL', 'EMAIL_FROM', 'POSTMARK_SERVER_TOKEN', 'INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY', 'LIVEBLOCKS_SECRET_KEY', 'CARRIER_TOKEN_KEYS'] as const
  const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]))
  function restore() {
    for (const key of KEYS) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
    resetEnv()
  }

  it('must be https and public', async () => {
    const { saveGoHighLevelSettings } = await import('~/modules/integrations/gohighlevel/save-gohighlevel-settings.server')
    const { systemActor } = await import('~/modules/audit/actor')
    const org = await createOrganization({ environment: 'prod' })
    const actor = systemActor('test', { organizationId: org.id })
    Object.assign(process.env, {
      APP_ENV: 'production',
      APP_URL: 'https://app.example.test',
      EMAIL_FROM: 'esd.quest <no-reply@mail.example.test>',
      POSTMARK_SERVER_TOKEN: 'postmark-test-token',
      INNGEST_EVENT_KEY: 'test-event-key',
      INNGEST_SIGNING_KEY: 'signkey-test-0000',
      LIVEBLOCKS_SECRET_KEY: 'sk_test_0000',
      CARRIER_TOKEN_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    })
    resetEnv()
    try {
      const save = (inboundWebhookUrl: string) =>
        saveGoHighLevelSettings({ organizationId: org.id, actor, input: { token: fake.token, locationId: fake.locationId, inboundWebhookUrl, tags: [], enabled: true, pushOnPositiveReply: false } })
      await expect(save('http://hooks.example.com/x')).rejects.toMatchObject({ code: 'invalid_webhook_url', message: expect.stringContaining('https://') })
      await expect(save('https://169.254.169.254/latest')).rejects.toMatchObject({ code: 'invalid_webhook_url', message: expect.stringContaining('public address') })
      await expect(save('https://localhost/hook')).rejects.toMatchObject({ code: 'invalid_webhook_url' })
      expect(await save('https://services.leadconnectorhq.com/hooks/abc/webhook-trigger/def')).toMatchObject({ inboundWebhookUrl: 'https://services.leadconnectorhq.com/hooks/abc/webhook-trigger/def' })
    } finally {
      restore()
    }
  })
})
