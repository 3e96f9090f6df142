import { InngestTestEngine } from '@inngest/test'
import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { useFakePostmark } from '../../../tests/support/use-fake-postmark'
import { emailQueued } from '../../events'
import { functions } from '../../index'
import { deliverQueuedEmail } from './deliver-email'

const postmark = useFakePostmark()

async function queuedEmail(to = 'ada@example.test') {
  return prisma.emailMessage.create({
    data: { to, subject: 'Welcome', textBody: 'Hello https://app.example.test/invite/abc', tag: 'invitation' },
  })
}

const eventFor = (messageId: string) => ({ name: emailQueued.name, data: { messageId } })

describe('email-deliver (@inngest/test)', () => {
  it('delivers the message in one named step', async () => {
    const message = await queuedEmail()
    const engine = new InngestTestEngine({ function: deliverQueuedEmail, events: [eventFor(message.id)] })

    const { result, ctx } = await engine.execute()

    expect(result).toEqual({ status: 'sent', providerMessageId: postmark.current.messages[0]?.messageId })
    expect(ctx.step.run).toHaveBeenCalledWith('deliver', expect.any(Function))
    expect(postmark.current.messages).toEqual([expect.objectContaining({ to: 'ada@example.test', subject: 'Welcome', tag: 'invitation' })])
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: 'sent' })
  })

  it('fails the step on a transient error, so Inngest retries it, and leaves the message queued', async () => {
    const message = await queuedEmail()
    postmark.current.failNextFor('ada@example.test', { status: 503, errorCode: 100, message: 'Maintenance' })
    const engine = new InngestTestEngine({ function: deliverQueuedEmail, events: [eventFor(message.id)] })

    const { result, error } = await engine.execute()

    expect(result).toBeUndefined()
    expect(error).toMatchObject({ name: 'PostmarkSendError', message: expect.stringContaining('Maintenance') })
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: 'queued', error: null })
  })

  it('resolves a permanent refusal as failed, without an error to retry', async () => {
    postmark.current.deactivateRecipient('gone@example.test')
    const message = await queuedEmail('gone@example.test')
    const engine = new InngestTestEngine({ function: deliverQueuedEmail, events: [eventFor(message.id)] })

    const { result, error } = await engine.execute()

    expect(error).toBeUndefined()
    expect(result).toMatchObject({ status: 'failed', error: expect.stringContaining('406') })
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: 'failed' })
  })

  it('is triggered by email/queued, retries 5 times and is served', () => {
    expect(deliverQueuedEmail.opts).toMatchObject({ id: 'email-deliver', retries: 5 })
    expect(deliverQueuedEmail.opts.triggers).toContainEqual(expect.objectContaining({ event: 'email/queued' }))
    expect(functions).toContain(deliverQueuedEmail)
  })
})
