import { listExternalRefs, putExternalRef } from '~/api/external-refs.server'
import { listExternalRefs as list, setExternalRef } from '~/modules/integrations/external-refs.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

const view = <T extends { createdAt: Date; updatedAt: Date; organizationId: string }>({ organizationId: _org, createdAt, updatedAt, ...ref }: T) => ({
  ...ref,
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
})

export const { loader, action } = apiRoute(
  handle(listExternalRefs, async ({ auth, query }) => {
    const { limit, cursor, ...filter } = query
    const page = await list({ organizationId: auth.organization.id, filter, page: { limit, cursor } })
    return { status: 200, body: { data: page.data.map(view), nextCursor: page.nextCursor } }
  }),
  handle(putExternalRef, async ({ auth, body: { data } }) => {
    const result = await setExternalRef({ organizationId: auth.organization.id, actor: auth.actor, ...data })
    return { status: result.created ? 201 : 200, body: { externalRef: view(result.ref) } }
  }),
)
