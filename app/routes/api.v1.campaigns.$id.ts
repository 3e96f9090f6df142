import { deleteCampaign, getCampaign, updateCampaign } from '~/api/campaigns.server'
import { getCampaign as read } from '~/modules/campaigns/campaign-view.server'
import { deleteCampaign as remove, updateCampaign as update } from '~/modules/campaigns/save-campaign.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getCampaign, async ({ auth, params }) => ({ status: 200, body: { campaign: await read({ organizationId: auth.organization.id, campaignId: params.id }) } })),
  handle(updateCampaign, async ({ auth, params, body: { data } }) => ({
    status: 200,
    body: { campaign: await update({ organizationId: auth.organization.id, actor: auth.actor, campaignId: params.id, input: data }) },
  })),
  handle(deleteCampaign, async ({ auth, params }) => {
    await remove({ organizationId: auth.organization.id, actor: auth.actor, campaignId: params.id })
    return { status: 204 }
  }),
)
