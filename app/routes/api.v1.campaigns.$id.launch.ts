import { launchCampaign } from '~/api/campaigns.server'
import { launchCampaign as launch } from '~/modules/campaigns/launch-campaign.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(launchCampaign, async ({ auth, params }) => ({
    status: 200,
    body: { campaign: await launch({ organizationId: auth.organization.id, actor: auth.actor, campaignId: params.id }) },
  })),
)
