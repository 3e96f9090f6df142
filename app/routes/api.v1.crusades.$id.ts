import { deleteCrusade, getCrusade, updateCrusade } from '~/api/campaigns.server'
import { deleteCrusade as remove, getCrusade as read, updateCrusade as update } from '~/modules/campaigns/crusades.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getCrusade, async ({ auth, params }) => ({ status: 200, body: { crusade: await read({ organizationId: auth.organization.id, crusadeId: params.id }) } })),
  handle(updateCrusade, async ({ auth, params, body: { data } }) => ({
    status: 200,
    body: { crusade: await update({ organizationId: auth.organization.id, actor: auth.actor, crusadeId: params.id, input: data }) },
  })),
  handle(deleteCrusade, async ({ auth, params }) => {
    await remove({ organizationId: auth.organization.id, actor: auth.actor, crusadeId: params.id })
    return { status: 204 }
  }),
)
