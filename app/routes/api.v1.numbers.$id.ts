import { getNumber, updateNumber } from '~/api/numbers.server'
import { getSenderNumber } from '~/modules/messaging/list-sender-numbers.server'
import { setSenderNumberStatus } from '~/modules/messaging/set-sender-number-status.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getNumber, async ({ auth, params }) => ({
    status: 200,
    body: { number: await getSenderNumber({ organizationId: auth.organization.id, senderNumberId: params.id }) },
  })),
  handle(updateNumber, async ({ auth, params, body: { data } }) => {
    const organizationId = auth.organization.id
    await setSenderNumberStatus({ organizationId, actor: auth.actor, senderNumberId: params.id, status: data.status, reason: data.reason ?? null })
    return { status: 200, body: { number: await getSenderNumber({ organizationId, senderNumberId: params.id }) } }
  }),
)
