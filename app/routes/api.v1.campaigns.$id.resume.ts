import { resumeCampaign } from '~/api/campaigns.server'
import { resumeCampaign as resume } from '~/modules/campaigns/resume-campaign.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(resumeCampaign, async ({ auth, params }) => ({
    status: 200,
    body: { campaign: await resume({ organizationId: auth.organization.id, actor: auth.actor, campaignId: params.id }) },
  })),
)
