import { simulateCarrierOutcome } from '~/modules/messaging/simulate-carrier-outcome.server'
import { inngest } from '../../client'
import { simulatedCarrierAccepted } from '../../events'

/**
 * The simulated carrier's side of the story: a moment after it took
 * messages, it reports each one's status and delivers any reply, through
 * the same functions Twilio's webhooks call.
 */
export const simulateCarrierOutcomes = inngest.createFunction(
  {
    id: 'carrier-simulate-outcomes',
    name: 'Report the simulated carrier’s deliveries and replies',
    triggers: [simulatedCarrierAccepted],
    retries: 3,
  },
  async ({ event, step }) => {
    await step.sleep('carrier-latency', '1s')
    return step.run('report', async () => {
      const reported = []
      for (const message of event.data.messages) reported.push(await simulateCarrierOutcome(message))
      return { reported: reported.length, replies: reported.filter((r) => r.replied).length }
    })
  },
)
