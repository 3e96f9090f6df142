import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { addPasskey, passkeyNameFrom } from '~/modules/auth/add-passkey.server'
import { finishRecovery } from '~/modules/auth/finish-recovery.server'
import { registrationResponseSchema } from '~/modules/auth/webauthn-response-schemas'
import { acceptInvitation } from '~/modules/orgs/accept-invitation.server'
import { AppError } from '~/utils/app-error'
import { appErrorJson } from '~/utils/app-error-response.server'
import { actorForUser, requireUserSession } from '~/utils/auth.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { parseJsonBody } from '~/utils/json-body.server'
import { jsonResponse } from '~/utils/json-response.server'
import { requestIdOf } from '~/utils/request-context.server'
import { clientIp } from '~/utils/request.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { readSessionToken, serializeSessionToken } from '~/utils/session.server'

const bodySchema = z.object({
  flow: z.enum(['account', 'recovery', 'invitation']),
  response: registrationResponseSchema,
  passkeyName: z.string().max(60).optional(),
})

/** Deduces a friendly default name for a passkey from the browser. */
function defaultPasskeyName(request: Request) {
  const ua = request.headers.get('user-agent') ?? ''
  const device = /iPhone|iPad/.test(ua) ? 'iPhone' : /Android/.test(ua) ? 'Android' : /Mac OS X/.test(ua) ? 'Mac' : /Windows/.test(ua) ? 'Windows PC' : /Linux/.test(ua) ? 'Linux computer' : 'Passkey'
  return `${device} (${new Date().toISOString().slice(0, 10)})`
}

export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  assertSameOrigin(request)
  try {
    const body = await parseJsonBody(request, bodySchema)
    const name = passkeyNameFrom(body.passkeyName, defaultPasskeyName(request))
    const response = body.response as never
    const origin = { ip: clientIp(request, context), userAgent: request.headers.get('user-agent'), requestId: requestIdOf(request, context) }
    if (body.flow === 'account') {
      const { user, sessionId } = await requireUserSession(request)
      await addPasskey({ userId: user.id, sessionId, actor: actorForUser(user, request, context), response, name })
      return jsonResponse({ ok: true })
    }
    const session =
      body.flow === 'invitation'
        ? await acceptInvitation({ response, passkeyName: name, ...origin })
        : await finishRecovery({
            recoverySessionToken: (await readSessionToken(request)) ?? missingRecovery(),
            response,
            name,
            ...origin,
          })
    return jsonResponse(
      { redirectTo: body.flow === 'invitation' ? '/dashboard' : '/account?recovered=1' },
      { headers: { 'Set-Cookie': await serializeSessionToken(session.token, request) } },
    )
  } catch (error) {
    if (error instanceof Response) throw error
    return appErrorJson(error)
  }
})

function missingRecovery(): never {
  throw new AppError('recovery_expired', 'This recovery has expired. Start again from “Lost your passkey?”.', 410)
}
