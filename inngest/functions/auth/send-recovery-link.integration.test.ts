import { InngestTestEngine } from '@inngest/test'
import { afterEach, describe, expect, it } from 'vitest'
import { requestRecoveryLink } from '~/modules/auth/request-recovery-link.server'
import { prisma } from '~/utils/db.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { runWithRequestContext } from '~/utils/request-context.server'
import { createUser } from '../../../tests/support/factories'
import { authRecoveryLinkRequested } from '../../events'
import { functions } from '../../index'
import { sendRequestedRecoveryLink } from './send-recovery-link'

const baseUrl = 'http://localhost:3000'

const eventFor = (email: string, overrides: { ip?: string | null; requestId?: string | null } = {}) => ({
  name: authRecoveryLinkRequested.name,
  data: { email, baseUrl, ip: overrides.ip ?? '198.51.100.40', requestId: overrides.requestId ?? 'recover-req-0040' },
})

const recoveryEmails = (to: string) => prisma.emailMessage.findMany({ where: { to, tag: 'recovery-link' } })

describe('auth-send-recovery-link (@inngest/test)', () => {
  it('emails an active user a one-time link and audits it with the asking request', async () => {
    const user = await createUser()
    const engine = new InngestTestEngine({ function: sendRequestedRecoveryLink, events: [eventFor(user.email.toUpperCase())] })

    const { result, ctx } = await engine.execute()

    expect(result).toEqual({ sent: true })
    expect(ctx.step.run).toHaveBeenCalledWith('send-recovery-link', expect.any(Function))
    const [email, ...more] = await recoveryEmails(user.email)
    expect(more).toEqual([])
    expect(email?.textBody).toMatch(/http:\/\/localhost:3000\/recover\/link\?token=[\w-]{20,}/)
    expect(await prisma.signInToken.count({ where: { userId: user.id, purpose: 'recovery' } })).toBe(1)
    expect(await prisma.auditLog.findMany({ where: { targetId: user.id }, select: { action: true, ip: true, requestId: true, actorId: true } })).toEqual([
      { action: 'recovery.link_requested', ip: '198.51.100.40', requestId: 'recover-req-0040', actorId: user.id },
    ])
  })

  it('does nothing for an address without an active account', async () => {
    const disabled = await createUser({ status: 'disabled' })
    for (const email of ['nobody-at-all@example.test', disabled.email]) {
      const engine = new InngestTestEngine({ function: sendRequestedRecoveryLink, events: [eventFor(email)] })
      const { result } = await engine.execute()
      expect(result).toEqual({ sent: false })
      expect(await recoveryEmails(email)).toEqual([])
    }
    expect(await prisma.signInToken.count({ where: { userId: disabled.id } })).toBe(0)
    expect(await prisma.auditLog.count({ where: { action: 'recovery.link_requested', targetId: disabled.id } })).toBe(0)
  })

  it('is triggered by auth/recovery-link.requested and is served', () => {
    expect(sendRequestedRecoveryLink.opts).toMatchObject({ id: 'auth-send-recovery-link' })
    expect(sendRequestedRecoveryLink.opts.triggers).toContainEqual(expect.objectContaining({ event: 'auth/recovery-link.requested' }))
    expect(functions).toContain(sendRequestedRecoveryLink)
  })
})

describe('auth-send-recovery-link through the in-process runner', () => {
  let runner: InProcessRunner | undefined
  afterEach(async () => {
    await runner?.stop()
    runner = undefined
  })

  it('sends the link a request asked for once the request is over, under that request’s id', async () => {
    const user = await createUser()
    await runWithRequestContext({ requestId: 'recover-req-0041' }, () =>
      requestRecoveryLink({ email: user.email, baseUrl, ip: '198.51.100.41', requestId: 'recover-req-0041' }),
    )
    // Answered, and nothing sent yet: the request only queued the work.
    expect(await recoveryEmails(user.email)).toEqual([])
    expect(await prisma.jobRun.findFirstOrThrow({ where: { functionId: 'auth-send-recovery-link' } })).toMatchObject({
      status: 'queued',
      requestId: 'recover-req-0041',
    })

    runner = startInProcessRunner({ functions, pollIntervalMs: 50 })
    await runner.drain()

    expect(await prisma.jobRun.findFirstOrThrow({ where: { functionId: 'auth-send-recovery-link' } })).toMatchObject({
      status: 'completed',
      output: { sent: true },
    })
    // The email itself went on through email-deliver (captured in the outbox: no Postmark here).
    expect(await recoveryEmails(user.email)).toEqual([expect.objectContaining({ status: 'captured' })])
    expect(await prisma.auditLog.findFirstOrThrow({ where: { action: 'recovery.link_requested', targetId: user.id } })).toMatchObject({
      ip: '198.51.100.41',
      requestId: 'recover-req-0041',
    })
  })
})
