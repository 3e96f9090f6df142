import { listConversationMessages, replyInConversation } from '~/api/conversations.server'
import { getMessage } from '~/modules/messaging/get-message.server'
import { readConversation, readMessagePage } from '~/modules/messaging/read-conversations-api.server'
import { replyInConversation as reply } from '~/modules/messaging/reply-in-conversation.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listConversationMessages, async ({ auth, params, query: { limit, cursor, ...filter } }) => {
    const organizationId = auth.organization.id
    await readConversation({ organizationId, conversationId: params.id })
    return { status: 200, body: await readMessagePage({ organizationId, limit, cursor, filter: { ...filter, conversationId: params.id } }) }
  }),
  handle(replyInConversation, async ({ auth, params, body: { data }, idempotencyKey }) => {
    const organizationId = auth.organization.id
    const sent = await reply({
      organizationId,
      conversationId: params.id,
      actor: auth.actor,
      body: data.body,
      // As POST /api/v1/messages: the batch keeps the key for good, per API key.
      ...(idempotencyKey ? { idempotencyKey: `api:${auth.apiKey.id}:${idempotencyKey}` } : {}),
    })
    const id = sent.queued[0]?.id ?? sent.blocked[0]?.id
    if (!id) throw new Error(`The reply in conversation ${params.id} was neither queued nor recorded as blocked.`)
    return { status: 202, body: { batchId: sent.batchId, replayed: sent.replayed, message: await getMessage({ organizationId, id }) } }
  }),
)
