import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { functions } from '../../../../inngest/index'
import { prisma } from '~/utils/db.server'
import { DEFAULT_EMAIL_FROM, resetEnv } from '~/utils/env.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { startFakePostmark, type FakePostmark } from '../../../../tests/fakes/fake-postmark'
import { createOrganization } from '../../../../tests/support/factories'
import { deliverEmail } from './deliver-email.server'
import { EMAIL_TAG } from './email-tags'
import { sendEmail } from './send-email.server'

const ENV_KEYS = [
  'APP_ENV',
  'APP_URL',
  'POSTMARK_SERVER_TOKEN',
  'POSTMARK_API_URL',
  'EMAIL_FROM',
  'INNGEST_EVENT_KEY',
  'INNGEST_SIGNING_KEY',
  'LIVEBLOCKS_SECRET_KEY',
  'CARRIER_TOKEN_KEYS',
] as const
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]))

function setEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  resetEnv()
}

/** A complete production environment (the parser refuses an incomplete one), sending to the fake. */
function useProduction() {
  setEnv({
    APP_ENV: 'production',
    APP_URL: 'https://app.example.test',
    EMAIL_FROM: 'esd.quest <no-reply@mail.example.test>',
    INNGEST_EVENT_KEY: 'test-event-key',
    INNGEST_SIGNING_KEY: 'signkey-test-0000',
    LIVEBLOCKS_SECRET_KEY: 'sk_test_0000',
    CARRIER_TOKEN_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  })
}

let fake: FakePostmark
let runner: InProcessRunner | undefined

beforeEach(async () => {
  fake = await startFakePostmark()
  setEnv({ APP_ENV: 'test', POSTMARK_SERVER_TOKEN: fake.serverToken, POSTMARK_API_URL: fake.url, EMAIL_FROM: undefined })
})

afterEach(async () => {
  await runner?.stop()
  runner = undefined
  await fake.close()
  setEnv(savedEnv)
})

async function drainJobs() {
  runner ??= startInProcessRunner({ functions, pollIntervalMs: 20, retryBaseMs: 10 })
  await runner.drain()
}

const recoveryEmail = (to = 'ada@example.test') => ({
  to,
  subject: 'Your esd.quest recovery link',
  text: 'Open https://app.example.test/recover?token=secret-token to sign in again.',
  tag: EMAIL_TAG.recoveryLink,
  carriesSecret: true,
})

const row = (id: string) => prisma.emailMessage.findUniqueOrThrow({ where: { id } })
const runsFor = (messageId: string) =>
  prisma.jobRun.findMany({ where: { functionId: 'email-deliver', eventName: 'email/queued' } }).then((runs) =>
    runs.filter((run) => JSON.stringify(run.events).includes(messageId)),
  )

describe('sending an email', () => {
  it('records it as queued, then the job delivers it through the real SDK to Postmark', async () => {
    const organization = await createOrganization()
    const { id } = await sendEmail({ ...recoveryEmail(), html: '<p>Open the link</p>', organizationId: organization.id })

    expect(await row(id)).toMatchObject({ status: 'queued', organizationId: organization.id, providerMessageId: null, sentAt: null })
    expect(fake.requests).toEqual([])

    await drainJobs()
    // The job's event names the message, never its recipient or body: Settings › Jobs shows events to admins.
    const [run] = await runsFor(id)
    expect((run!.events as { data: unknown }[]).map((event) => event.data)).toEqual([{ messageId: id }])

    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]?.headers['x-postmark-server-token']).toBe(fake.serverToken)
    expect(fake.messages).toHaveLength(1)
    expect(fake.messages[0]).toMatchObject({
      from: DEFAULT_EMAIL_FROM,
      to: 'ada@example.test',
      subject: 'Your esd.quest recovery link',
      textBody: 'Open https://app.example.test/recover?token=secret-token to sign in again.',
      htmlBody: '<p>Open the link</p>',
      tag: 'recovery-link',
      metadata: { emailMessageId: id },
    })
    const sent = await row(id)
    expect(sent).toMatchObject({
      status: 'sent',
      provider: 'postmark',
      providerMessageId: fake.messages[0]?.messageId,
      error: null,
      // Outside production the outbox keeps the body, so developers and tests can open the link.
      textBody: 'Open https://app.example.test/recover?token=secret-token to sign in again.',
    })
    expect(sent.sentAt).toBeInstanceOf(Date)

    const runs = await runsFor(id)
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ status: 'completed', output: { status: 'sent', providerMessageId: sent.providerMessageId } })
    // The job's stored state never holds the body (and so never the link).
    expect(JSON.stringify(runs[0])).not.toContain('secret-token')
  })

  it('sends from EMAIL_FROM when it is set', async () => {
    setEnv({ EMAIL_FROM: 'Support <support@example.test>' })
    await sendEmail(recoveryEmail())
    await drainJobs()
    expect(fake.messages[0]?.from).toBe('Support <support@example.test>')
  })

  it('marks a permanently refused email failed with Postmark’s error, and does not retry it', async () => {
    fake.deactivateRecipient('gone@example.test')
    const { id } = await sendEmail(recoveryEmail('gone@example.test'))

    await drainJobs()

    expect(fake.requests).toHaveLength(1)
    expect(fake.messages).toEqual([])
    const failed = await row(id)
    expect(failed).toMatchObject({ status: 'failed', providerMessageId: null, sentAt: null })
    expect(failed.error).toMatch(/^Postmark error 406 \(HTTP 422\): .*Found inactive addresses: gone@example\.test/)
    const [run] = await runsFor(id)
    expect(run).toMatchObject({ status: 'completed', attempt: 0, output: { status: 'failed' } })
  })

  it('retries a transient failure and delivers exactly once', async () => {
    fake.failNextFor('ada@example.test', { status: 500, errorCode: 0, message: 'Internal Server Error' })
    fake.failNextFor('ada@example.test', { network: 'reset' })
    const { id } = await sendEmail(recoveryEmail())

    await drainJobs()

    expect(fake.requests).toHaveLength(3)
    expect(fake.messages).toHaveLength(1)
    expect(await row(id)).toMatchObject({ status: 'sent', providerMessageId: fake.messages[0]?.messageId })
    expect(await runsFor(id)).toMatchObject([{ status: 'completed' }])
  })

  it('records the last error when every attempt fails', async () => {
    for (let i = 0; i < 6; i++) {
      fake.failNextFor('ada@example.test', { status: 503, errorCode: 100, message: 'Maintenance' })
    }
    const { id } = await sendEmail(recoveryEmail())

    await drainJobs()

    // retries: 5 → six attempts in all, then the failure is recorded on the message.
    expect(fake.requests).toHaveLength(6)
    expect(fake.messages).toEqual([])
    const failed = await row(id)
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/^Not delivered after retries: .*Maintenance/)
  })

  it('keeps the email as captured, and calls nobody, when no Postmark token is configured', async () => {
    setEnv({ POSTMARK_SERVER_TOKEN: undefined })
    const { id } = await sendEmail(recoveryEmail())

    await drainJobs()

    expect(fake.requests).toEqual([])
    expect(await row(id)).toMatchObject({
      status: 'captured',
      provider: null,
      sentAt: null,
      textBody: 'Open https://app.example.test/recover?token=secret-token to sign in again.',
    })
  })

  it('refuses an invalid address or an empty subject before writing anything', async () => {
    const before = await prisma.emailMessage.count()
    await expect(sendEmail({ ...recoveryEmail(), to: 'ada at example' })).rejects.toMatchObject({
      code: 'invalid_email',
      status: 400,
      details: { fieldErrors: { to: ['Not a valid email address'] } },
    })
    await expect(sendEmail({ ...recoveryEmail(), subject: '  ' })).rejects.toMatchObject({ code: 'invalid_email' })
    await expect(sendEmail({ ...recoveryEmail(), tag: 'Recovery Link' })).rejects.toMatchObject({ code: 'invalid_email' })
    expect(await prisma.emailMessage.count()).toBe(before)
  })

  it('enqueues inside the caller’s transaction: delivered once it commits', async () => {
    const organization = await createOrganization()
    const id = await prisma.$transaction(async (tx) => {
      const { id } = await sendEmail({ ...recoveryEmail(), organizationId: organization.id, db: tx })
      await tx.organization.update({ where: { id: organization.id }, data: { name: 'Renamed with the email' } })
      return id
    })

    await drainJobs()

    expect(await row(id)).toMatchObject({ status: 'sent' })
    expect(fake.messages).toHaveLength(1)
  })

  it('enqueues inside the caller’s transaction: nothing stored or sent when it rolls back', async () => {
    let id: string | undefined
    await expect(
      prisma.$transaction(async (tx) => {
        id = (await sendEmail({ ...recoveryEmail(), db: tx })).id
        throw new Error('the caller changed its mind')
      }),
    ).rejects.toThrow('the caller changed its mind')

    await drainJobs()

    expect(id).toBeDefined()
    expect(await prisma.emailMessage.findUnique({ where: { id: id! } })).toBeNull()
    expect(fake.requests).toEqual([])
    const [run] = await runsFor(id!)
    expect(run).toMatchObject({ status: 'completed', output: { status: 'failed', recorded: false } })
  })

  it('does not send a message again once it has been sent', async () => {
    const { id } = await sendEmail(recoveryEmail())
    await drainJobs()

    expect(await deliverEmail({ messageId: id })).toEqual({ status: 'skipped', current: 'sent' })
    expect(fake.messages).toHaveLength(1)
  })
})

describe('secret-bearing emails in production', () => {
  it('lose their bodies once sent; subject, recipient, tag and status stay', async () => {
    useProduction()
    const recovery = await sendEmail({ ...recoveryEmail(), html: '<a href="https://app.example.test/recover?token=secret-token">Open</a>' })
    const invitation = await sendEmail({ ...recoveryEmail('new@example.test'), tag: EMAIL_TAG.invitation })
    const notice = await sendEmail({
      ...recoveryEmail('ops@example.test'),
      subject: 'Import finished',
      text: 'Done.',
      tag: 'import-finished',
      carriesSecret: false,
    })

    for (const { id } of [recovery, invitation, notice]) {
      expect(await deliverEmail({ messageId: id })).toMatchObject({ status: 'sent' })
    }

    expect(fake.messages.map((m) => m.textBody)).toEqual([
      recoveryEmail().text,
      recoveryEmail().text,
      'Done.',
    ])
    expect(fake.messages[0]?.from).toBe('esd.quest <no-reply@mail.example.test>')
    expect(await row(recovery.id)).toMatchObject({
      status: 'sent',
      to: 'ada@example.test',
      subject: 'Your esd.quest recovery link',
      tag: 'recovery-link',
      textBody: null,
      htmlBody: null,
    })
    expect(await row(invitation.id)).toMatchObject({ status: 'sent', tag: 'invitation', textBody: null })
    expect(await row(notice.id)).toMatchObject({ status: 'sent', textBody: 'Done.' })
  })

  it('lose their bodies when Postmark refuses them for good, too', async () => {
    useProduction()
    fake.deactivateRecipient('gone@example.test')
    const { id } = await sendEmail(recoveryEmail('gone@example.test'))

    expect(await deliverEmail({ messageId: id })).toMatchObject({ status: 'failed' })

    expect(await row(id)).toMatchObject({ status: 'failed', textBody: null, subject: 'Your esd.quest recovery link' })
  })
})
