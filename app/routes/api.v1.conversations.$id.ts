import { getConversation, updateConversation } from '~/api/conversations.server'
import { readConversation } from '~/modules/messaging/read-conversations-api.server'
import { updateConversation as update } from '~/modules/messaging/update-conversation.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getConversation, async ({ auth, params }) => ({
    status: 200,
    body: { conversation: await readConversation({ organizationId: auth.organization.id, conversationId: params.id }) },
  })),
  handle(updateConversation, async ({ auth, params, body: { data } }) => {
    await update({ organizationId: auth.organization.id, conversationId: params.id, actor: auth.actor, status: data.status, assignedUserId: data.assignedUserId })
    return { status: 200, body: { conversation: await readConversation({ organizationId: auth.organization.id, conversationId: params.id }) } }
  }),
)
