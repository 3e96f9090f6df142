import { listConversations } from '~/api/conversations.server'
import { readConversationPage } from '~/modules/messaging/read-conversations-api.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listConversations, async ({ auth, query: { limit, cursor, ...filter } }) => ({
    status: 200,
    body: await readConversationPage({ organizationId: auth.organization.id, limit, cursor, filter }),
  })),
)
