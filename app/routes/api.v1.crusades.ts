import { createCrusade, listCrusades } from '~/api/campaigns.server'
import { createCrusade as create, listCrusades as readCrusades } from '~/modules/campaigns/crusades.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listCrusades, async ({ auth, query }) => ({
    status: 200,
    body: await readCrusades({ organizationId: auth.organization.id, limit: query.limit, cursor: query.cursor }),
  })),
  handle(createCrusade, async ({ auth, body: { data } }) => {
    const crusade = await create({ organizationId: auth.organization.id, actor: auth.actor, input: data })
    return { status: 201, body: { crusade }, headers: { Location: `/api/v1/crusades/${crusade.id}` } }
  }),
)
