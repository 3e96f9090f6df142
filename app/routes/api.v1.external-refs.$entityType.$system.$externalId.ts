import { deleteExternalRef } from '~/api/external-refs.server'
import { deleteExternalRef as remove } from '~/modules/integrations/external-refs.server'
import { AppError } from '~/utils/app-error'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(deleteExternalRef, async ({ auth, params }) => {
    const removed = await remove({ organizationId: auth.organization.id, actor: auth.actor, ...params })
    if (!removed) throw new AppError('external_ref_not_found', 'The organization has no such external ref.', 404)
    return { status: 204 }
  }),
)
