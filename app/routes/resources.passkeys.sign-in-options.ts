import type { ActionFunctionArgs } from '@remix-run/node'
import { authLimits, enforceRateLimits } from '~/modules/auth/enforce-rate-limit.server'
import { startPasskeyAuthentication } from '~/modules/auth/passkey-authentication.server'
import { appErrorJson } from '~/utils/app-error-response.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { clientIp } from '~/utils/request.server'

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request)
  try {
    await enforceRateLimits([authLimits.challengesByIp(clientIp(request, context) ?? 'unknown')])
    return Response.json(await startPasskeyAuthentication())
  } catch (error) {
    return appErrorJson(error)
  }
}
