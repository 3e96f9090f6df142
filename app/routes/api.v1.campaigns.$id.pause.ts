import { pauseCampaign } from '~/api/campaigns.server'
import { pauseCampaign as pause } from '~/modules/campaigns/pause-campaign.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(pauseCampaign, async ({ auth, params, body: { data } }) => ({
    status: 200,
    body: { campaign: await pause({ organizationId: auth.organization.id, actor: auth.actor, campaignId: params.id, ...(data.reason ? { reason: data.reason } : {}) }) },
  })),
)
