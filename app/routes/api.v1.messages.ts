import { listMessages, sendMessages } from '~/api/messages.server'
import { queueSends } from '~/modules/messaging/queue-sends.server'
import { readMessagePage } from '~/modules/messaging/read-conversations-api.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listMessages, async ({ auth, query: { limit, cursor, ...filter } }) => ({
    status: 200,
    body: await readMessagePage({ organizationId: auth.organization.id, limit, cursor, filter }),
  })),
  handle(sendMessages, async ({ auth, body: { data }, idempotencyKey }) => {
    const sent = await queueSends({
      organizationId: auth.organization.id,
      actor: auth.actor,
      purpose: data.purpose,
      body: data.body,
      leadIds: data.leadIds,
      to: data.to,
      // The framework replays answers for 24 hours; the batch keeps the key for good, so a later retry still names this send. Keys are per API key, as the framework's are.
      idempotencyKey: idempotencyKey ? `api:${auth.apiKey.id}:${idempotencyKey}` : undefined,
    })
    return {
      status: 202,
      body: { ...sent, blocked: sent.blocked.map(({ id, leadId, to, reason, message, detail }) => ({ id, leadId, to, reason, message, detail: detail ?? null })) },
    }
  }),
)
