import { afterEach, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { createSession } from '~/modules/auth/sessions.server'
import { hashToken } from '~/modules/auth/tokens.server'
import { serializeSessionToken } from '~/utils/session.server'
import { createOrganization, createUser, sessionCookieFor } from '../../tests/support/factories'
import { loader } from './_app.settings.outbox'

const PRODUCTION_ENV = {
  APP_ENV: 'production',
  APP_URL: 'https://app.example.test',
  INNGEST_EVENT_KEY: 'test-event-key',
  INNGEST_SIGNING_KEY: 'signkey-test-0000',
  LIVEBLOCKS_SECRET_KEY: 'sk_test_0000',
  POSTMARK_SERVER_TOKEN: 'pm-test-token',
  EMAIL_FROM: 'esd.quest <no-reply@mail.example.test>',
  CARRIER_TOKEN_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
} as const
const saved = Object.fromEntries(Object.keys(PRODUCTION_ENV).map((key) => [key, process.env[key]]))

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  resetEnv()
})

async function load(url: string, cookie?: string) {
  const request = new Request(`http://localhost${url}`, { headers: cookie ? { cookie } : {} })
  return loader({ request, params: {}, context: {} })
}

async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  const thrown = await promise.then(
    () => null,
    (error: unknown) => error,
  )
  expect(thrown).toBeInstanceOf(Response)
  return thrown as Response
}

const LINK = 'https://app.example.test/recover/link?token=recovery-secret-0123456789abcdef'

async function outboxFixture() {
  const ours = await createOrganization()
  const theirs = await createOrganization()
  const admin = await createUser({ organizationId: ours.id, role: 'admin' })
  const colleague = await createUser({ organizationId: ours.id, role: 'admin' })
  const operator = await createUser({ organizationId: ours.id, role: 'operator' })
  const outsider = await createUser({ organizationId: theirs.id, role: 'admin' })
  const secret = { textBody: `Open ${LINK}`, status: 'captured' as const, carriesSecret: true }
  await prisma.emailMessage.createMany({
    data: [
      { ...secret, organizationId: ours.id, to: 'invitee@example.test', subject: 'Our invitation', tag: 'invitation' },
      { ...secret, organizationId: null, to: operator.email, subject: 'Recovery for our operator', tag: 'recovery-link' },
      { ...secret, organizationId: null, to: colleague.email, subject: 'Recovery for our colleague', tag: 'recovery-link' },
      { ...secret, organizationId: null, to: outsider.email, subject: 'Recovery for their admin', tag: 'recovery-link' },
      { ...secret, organizationId: theirs.id, to: 'someone@example.test', subject: 'Their invitation', tag: 'invitation' },
      {
        organizationId: null,
        to: operator.email,
        subject: 'A passkey was added to your account',
        tag: 'security-notice',
        textBody: 'A passkey was added. If it was not you, open https://app.example.test/account',
        status: 'captured',
        carriesSecret: false,
      },
    ],
  })
  return { ours, admin, colleague, operator, outsider }
}

/** A super admin of the platform organization, acting inside `organizationId`. */
async function impersonatingSuperAdmin(organizationId: string) {
  const platform = await createOrganization()
  const superAdmin = await createUser({ organizationId: platform.id, role: 'super_admin' })
  const { token } = await createSession({ userId: superAdmin.id })
  await prisma.session.update({ where: { id: hashToken(token) }, data: { impersonatedOrganizationId: organizationId } })
  return { superAdmin, cookie: (await serializeSessionToken(token, new Request('http://localhost:3000/'))).split(';')[0]! }
}

const bySubject = (data: Awaited<ReturnType<typeof load>>, subject: string) => data.page.items.find((m) => m.subject === subject)

describe('/settings/outbox', () => {
  it('shows an admin the organization’s emails and platform emails to its members, and nothing else', async () => {
    const { admin, operator } = await outboxFixture()

    const data = await load('/settings/outbox', await sessionCookieFor(admin.id))

    expect(data.page.items.map((m) => m.subject).sort()).toEqual([
      'A passkey was added to your account',
      'Our invitation',
      'Recovery for our colleague',
      'Recovery for our operator',
    ])
    expect(bySubject(data, 'Recovery for our operator')).toMatchObject({ to: operator.email, tag: 'recovery-link', status: 'captured' })
    expect(data.page.total).toBe(4)
  })

  it('tells an admin that a colleague’s link was sent, but never sends the link itself', async () => {
    const { admin, operator, colleague } = await outboxFixture()

    const data = await load('/settings/outbox', await sessionCookieFor(admin.id))

    for (const subject of ['Recovery for our operator', 'Recovery for our colleague', 'Our invitation']) {
      expect(bySubject(data, subject)).toMatchObject({ carriesSecret: true, bodyHidden: true, textBody: null })
    }
    expect(bySubject(data, 'Recovery for our colleague')?.to).toBe(colleague.email)
    // An email without a secret stays readable by the admin.
    expect(bySubject(data, 'A passkey was added to your account')).toMatchObject({
      to: operator.email,
      carriesSecret: false,
      bodyHidden: false,
      textBody: 'A passkey was added. If it was not you, open https://app.example.test/account',
    })
    // Not in the loader's data at all, not merely left out of the page.
    expect(JSON.stringify(data)).not.toContain('recovery-secret')
  })

  it('shows the recipient their own link, and only theirs', async () => {
    const { colleague } = await outboxFixture()

    const data = await load('/settings/outbox', await sessionCookieFor(colleague.id))

    expect(bySubject(data, 'Recovery for our colleague')).toMatchObject({ bodyHidden: false, textBody: `Open ${LINK}` })
    expect(bySubject(data, 'Recovery for our operator')).toMatchObject({ bodyHidden: true, textBody: null })
    expect(bySubject(data, 'Our invitation')).toMatchObject({ bodyHidden: true, textBody: null })
  })

  it('never shows an impersonating super admin a link, not even one sent to their own address', async () => {
    const { ours } = await outboxFixture()
    const { superAdmin, cookie } = await impersonatingSuperAdmin(ours.id)
    await prisma.emailMessage.create({
      data: {
        organizationId: ours.id,
        to: superAdmin.email,
        subject: 'Invitation to the super admin’s address',
        tag: 'invitation',
        textBody: `Open ${LINK}`,
        status: 'captured',
        carriesSecret: true,
      },
    })

    const data = await load('/settings/outbox', cookie)

    expect(data.page.total).toBe(5)
    for (const message of data.page.items.filter((m) => m.carriesSecret)) {
      expect(message).toMatchObject({ bodyHidden: true, textBody: null })
    }
    expect(bySubject(data, 'Invitation to the super admin’s address')).toMatchObject({ to: superAdmin.email, bodyHidden: true })
    expect(JSON.stringify(data)).not.toContain('recovery-secret')
  })

  it('filters by recipient and pages', async () => {
    const { admin, operator } = await outboxFixture()
    const cookie = await sessionCookieFor(admin.id)

    const filtered = await load(`/settings/outbox?recipient=${encodeURIComponent(operator.email)}`, cookie)
    expect(filtered.recipient).toBe(operator.email)
    expect(filtered.page.items.map((m) => m.subject).sort()).toEqual(['A passkey was added to your account', 'Recovery for our operator'])

    const first = await load('/settings/outbox?size=1', cookie)
    expect(first.page.items).toHaveLength(1)
    expect(first.page.nextCursor).not.toBeNull()
    const second = await load(`/settings/outbox?size=3&after=${first.page.nextCursor}`, cookie)
    expect(second.page.items).toHaveLength(3)
    expect(second.page.items.map((m) => m.id)).not.toContain(first.page.items[0]?.id)
    expect(second.page.nextCursor).toBeNull()
  })

  it('is forbidden (403) to an operator', async () => {
    const { operator } = await outboxFixture()
    const response = await thrownResponse(load('/settings/outbox', await sessionCookieFor(operator.id)))
    expect(response.status).toBe(403)
  })

  it('sends a signed-out visitor to sign in', async () => {
    const response = await thrownResponse(load('/settings/outbox'))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/signin?redirectTo=%2Fsettings%2Foutbox')
  })

  it('does not exist (404) in production, even for an admin', async () => {
    const { admin } = await outboxFixture()
    const cookie = await sessionCookieFor(admin.id)
    Object.assign(process.env, PRODUCTION_ENV)
    resetEnv()

    const response = await thrownResponse(load('/settings/outbox', cookie))
    expect(response.status).toBe(404)
  })
})
