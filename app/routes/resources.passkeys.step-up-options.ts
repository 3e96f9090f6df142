import type { ActionFunctionArgs } from '@remix-run/node'
import { authLimits, enforceRateLimits } from '~/modules/auth/enforce-rate-limit.server'
import { startStepUp } from '~/modules/auth/start-step-up.server'
import { appErrorJson } from '~/utils/app-error-response.server'
import { requireUserSession } from '~/utils/auth.server'
import { jsonResponse } from '~/utils/json-response.server'
import { clientIp } from '~/utils/request.server'
import { resourceRoute } from '~/utils/resource-route.server'

/** Options for "Confirm with your passkey": the signed-in user's own passkeys only. */
export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  try {
    const { user, sessionId } = await requireUserSession(request)
    await enforceRateLimits([authLimits.challengesByIp(clientIp(request, context) ?? 'unknown')])
    return jsonResponse(await startStepUp({ userId: user.id, sessionId }))
  } catch (error) {
    if (error instanceof Response) throw error
    return appErrorJson(error)
  }
})
