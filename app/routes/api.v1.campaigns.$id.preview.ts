import { previewCampaign } from '~/api/campaigns.server'
import { previewCampaign as preview } from '~/modules/campaigns/preview-campaign.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(previewCampaign, async ({ auth, params }) => ({ status: 200, body: { data: await preview({ organizationId: auth.organization.id, campaignId: params.id }) } })),
)
