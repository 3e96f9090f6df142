import { pushLeadToGoHighLevel } from '~/api/gohighlevel.server'
import { requestGoHighLevelPush } from '~/modules/integrations/gohighlevel/request-gohighlevel-push.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(pushLeadToGoHighLevel, async ({ auth, params }) => {
    const push = await requestGoHighLevelPush({ organizationId: auth.organization.id, leadId: params.id, actor: auth.actor, trigger: 'api' })
    return {
      status: 202,
      body: { push: { ...push, createdAt: push.createdAt.toISOString(), finishedAt: push.finishedAt?.toISOString() ?? null } },
    }
  }),
)
