import { afterEach, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
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

async function outboxFixture() {
  const ours = await createOrganization()
  const theirs = await createOrganization()
  const admin = await createUser({ organizationId: ours.id, role: 'admin' })
  const operator = await createUser({ organizationId: ours.id, role: 'operator' })
  const outsider = await createUser({ organizationId: theirs.id, role: 'admin' })
  const base = { textBody: 'Open https://app.example.test/link', status: 'captured' as const }
  await prisma.emailMessage.createMany({
    data: [
      { ...base, organizationId: ours.id, to: 'invitee@example.test', subject: 'Our invitation', tag: 'invitation' },
      { ...base, organizationId: null, to: operator.email, subject: 'Recovery for our operator', tag: 'recovery-link' },
      { ...base, organizationId: null, to: outsider.email, subject: 'Recovery for their admin', tag: 'recovery-link' },
      { ...base, organizationId: theirs.id, to: 'someone@example.test', subject: 'Their invitation', tag: 'invitation' },
    ],
  })
  return { ours, admin, operator, outsider }
}

describe('/settings/outbox', () => {
  it('shows an admin the organization’s emails and platform emails to its members, and nothing else', async () => {
    const { admin, operator } = await outboxFixture()

    const data = await load('/settings/outbox', await sessionCookieFor(admin.id))

    expect(data.page.items.map((m) => m.subject).sort()).toEqual(['Our invitation', 'Recovery for our operator'])
    expect(data.page.items.find((m) => m.subject === 'Recovery for our operator')).toMatchObject({
      to: operator.email,
      tag: 'recovery-link',
      status: 'captured',
      textBody: 'Open https://app.example.test/link',
    })
    expect(data.page.total).toBe(2)
  })

  it('filters by recipient and pages', async () => {
    const { admin, operator } = await outboxFixture()
    const cookie = await sessionCookieFor(admin.id)

    const filtered = await load(`/settings/outbox?recipient=${encodeURIComponent(operator.email)}`, cookie)
    expect(filtered.recipient).toBe(operator.email)
    expect(filtered.page.items.map((m) => m.subject)).toEqual(['Recovery for our operator'])

    const first = await load('/settings/outbox?size=1', cookie)
    expect(first.page.items).toHaveLength(1)
    expect(first.page.nextCursor).not.toBeNull()
    const second = await load(`/settings/outbox?size=1&after=${first.page.nextCursor}`, cookie)
    expect(second.page.items).toHaveLength(1)
    expect(second.page.items[0]?.id).not.toBe(first.page.items[0]?.id)
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
