import { getConsentStanding } from '~/api/consent.server'
import { getConsentStanding as readStanding } from '~/modules/compliance/get-consent-standing.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getConsentStanding, async ({ auth, params }) => ({
    status: 200,
    body: { standing: await readStanding({ organizationId: auth.organization.id, phone: params.phone }) },
  })),
)
