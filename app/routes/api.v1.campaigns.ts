import { createCampaign, listCampaigns } from '~/api/campaigns.server'
import { listCampaigns as readCampaigns } from '~/modules/campaigns/campaign-view.server'
import { createCampaign as create } from '~/modules/campaigns/save-campaign.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listCampaigns, async ({ auth, query }) => ({
    status: 200,
    body: await readCampaigns({ organizationId: auth.organization.id, limit: query.limit, cursor: query.cursor, status: query.status, crusadeId: query.crusadeId }),
  })),
  handle(createCampaign, async ({ auth, body: { data } }) => {
    const campaign = await create({ organizationId: auth.organization.id, actor: auth.actor, input: data })
    return { status: 201, body: { campaign }, headers: { Location: `/api/v1/campaigns/${campaign.id}` } }
  }),
)
