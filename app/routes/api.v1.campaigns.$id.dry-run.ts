import { dryRunCampaign } from '~/api/campaigns.server'
import { dryRunCampaign as dryRun } from '~/modules/campaigns/dry-run-campaign.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(dryRunCampaign, async ({ auth, params }) => ({ status: 200, body: await dryRun({ organizationId: auth.organization.id, campaignId: params.id }) })),
)
