import { cancelCampaign } from '~/api/campaigns.server'
import { cancelCampaign as cancel } from '~/modules/campaigns/cancel-campaign.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(cancelCampaign, async ({ auth, params }) => ({
    status: 200,
    body: { campaign: await cancel({ organizationId: auth.organization.id, actor: auth.actor, campaignId: params.id }) },
  })),
)
