import { settleStrandedSends } from '~/modules/messaging/settle-stranded-sends.server'
import { settleUnknownSends } from '~/modules/messaging/settle-unknown-sends.server'
import { inngest } from '../../client'
import { dispatchRequestedEvent } from '../../events'

/**
 * Every five minutes: a send left `sending` by a crash is marked `unknown`
 * (the carrier may have it; it is never resent blindly); unknown sends are
 * looked up at the carrier and recorded as sent, or failed once the carrier
 * plainly never had them; numbers with messages due but no dispatch run get
 * one.
 */
export const settleStrandedSendsJob = inngest.createFunction(
  {
    id: 'messages-settle-stranded',
    name: 'Settle stranded sends and wake idle numbers',
    triggers: [{ cron: '*/5 * * * *' }],
  },
  async ({ step }) => {
    const settled = await step.run('settle', () => settleStrandedSends({}))
    const lookedUp = await step.run('look-up-unknown', () => settleUnknownSends({}))
    if (settled.idleSenders.length) {
      await step.sendEvent(
        'wake',
        settled.idleSenders.map((s) => dispatchRequestedEvent(s.organizationId, s.senderNumberId, `sweep-${s.since}`)),
      )
    }
    return { unknown: settled.markedUnknown, woken: settled.idleSenders.length, ...lookedUp }
  },
)
