import { getIdentity } from '~/api/lead-writes.server'
import { getIdentity as readIdentity } from '~/modules/leads/get-identity.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getIdentity, async ({ auth, params }) => ({
    status: 200,
    body: { identity: await readIdentity({ organizationId: auth.organization.id, identityId: params.id, showNumbers: true }) },
  })),
)
