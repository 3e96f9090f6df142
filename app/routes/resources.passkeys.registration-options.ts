import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { authLimits, enforceRateLimits } from '~/modules/auth/enforce-rate-limit.server'
import { startPasskeyRegistration } from '~/modules/auth/passkey-registration.server'
import { startAddingPasskey } from '~/modules/auth/start-adding-passkey.server'
import { startInvitationRegistration } from '~/modules/orgs/start-invitation-registration.server'
import { AppError } from '~/utils/app-error'
import { appErrorJson } from '~/utils/app-error-response.server'
import { getRecoveryUser, requireUserSession } from '~/utils/auth.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { parseJsonBody } from '~/utils/json-body.server'
import { jsonResponse } from '~/utils/json-response.server'
import { clientIp } from '~/utils/request.server'
import { resourceRoute } from '~/utils/resource-route.server'

const bodySchema = z.discriminatedUnion('flow', [
  z.object({ flow: z.literal('account') }),
  z.object({ flow: z.literal('recovery') }),
  z.object({
    flow: z.literal('invitation'),
    token: z.string().min(20).max(200),
    name: z.string().trim().min(1, 'Enter your name').max(80),
  }),
])

/** Passkey creation options for the three ways a passkey is added. */
export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  assertSameOrigin(request)
  try {
    const body = await parseJsonBody(request, bodySchema)
    if (body.flow === 'invitation') {
      // The only door here open without a session: limit how fast it is knocked on.
      await enforceRateLimits([authLimits.challengesByIp(clientIp(request, context))])
      return jsonResponse(await startInvitationRegistration(body))
    }
    if (body.flow === 'account') {
      const { user, sessionId } = await requireUserSession(request)
      return jsonResponse(await startAddingPasskey({ user, sessionId }))
    }
    const user = await getRecoveryUser(request)
    if (!user) throw new AppError('recovery_expired', 'This recovery has expired. Start again from “Lost your passkey?”.', 410)
    return jsonResponse(await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name }))
  } catch (error) {
    if (error instanceof Response) throw error
    return appErrorJson(error)
  }
})
