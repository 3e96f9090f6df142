import type { ActionFunctionArgs } from '@remix-run/node'
import { authLimits, enforceRateLimits } from '~/modules/auth/enforce-rate-limit.server'
import { startPasskeyAuthentication } from '~/modules/auth/passkey-authentication.server'
import { appErrorJson } from '~/utils/app-error-response.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { jsonResponse } from '~/utils/json-response.server'
import { clientIp } from '~/utils/request.server'
import { resourceRoute } from '~/utils/resource-route.server'

export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  assertSameOrigin(request)
  try {
    await enforceRateLimits([authLimits.challengesByIp(clientIp(request, context))])
    return jsonResponse(await startPasskeyAuthentication())
  } catch (error) {
    return appErrorJson(error)
  }
})
