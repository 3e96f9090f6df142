import { dispatchSenderQueue } from '~/modules/messaging/dispatch-sender-queue.server'
import { inngest } from '../../client'
import { dispatchRequestedEvent, messagesDispatchRequested, simulatedCarrierAccepted } from '../../events'

/** Steps per run before it hands over to a new run (a run's history stays small). */
const STEPS_PER_RUN = 200

/**
 * Sends a sender number's pending messages at its pace: one run per number
 * at a time (concurrency keyed by the number, under Inngest and the
 * in-process runner alike), each step a paced slice of its queue
 * (dispatchSenderQueue, docs/decisions/042). Waits, sleeping, for messages
 * held until later (a back-off, the carrier's daily reset).
 */
export const dispatchSends = inngest.createFunction(
  {
    id: 'messages-dispatch',
    name: 'Send a number’s queued messages',
    triggers: [messagesDispatchRequested],
    concurrency: { key: 'event.data.senderNumberId', limit: 1 },
    retries: 3,
  },
  async ({ event, step, runId }) => {
    const { organizationId, senderNumberId } = event.data
    const totals = { sent: 0, blocked: 0, failed: 0, unknown: 0, retried: 0, deferred: 0 }
    for (let i = 0; i < STEPS_PER_RUN; i++) {
      const slice = await step.run(`send-${i}`, () => dispatchSenderQueue({ senderNumberId }))
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += slice[key]
      if (slice.simulated.length) {
        await step.sendEvent(`simulated-${i}`, simulatedCarrierAccepted.create({ organizationId, messages: slice.simulated }))
      }
      if (slice.stopped || slice.remaining === 0) return { ...totals, stopped: slice.stopped }
      const sent = slice.sent + slice.blocked + slice.failed + slice.unknown + slice.retried + slice.deferred
      if (sent === 0) {
        if (!slice.nextAt) return { ...totals, stopped: null }
        await step.sleepUntil(`wait-${i}`, new Date(slice.nextAt))
      }
    }
    await step.sendEvent('continue', dispatchRequestedEvent(organizationId, senderNumberId, `continued-${runId}`))
    return { ...totals, stopped: null, continued: true }
  },
)
