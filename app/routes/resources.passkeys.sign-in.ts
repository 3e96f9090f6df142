import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { signInWithPasskey } from '~/modules/auth/sign-in-with-passkey.server'
import { authenticationResponseSchema } from '~/modules/auth/webauthn-response-schemas'
import { appErrorJson } from '~/utils/app-error-response.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { parseJsonBody } from '~/utils/json-body.server'
import { jsonResponse } from '~/utils/json-response.server'
import { requestIdOf } from '~/utils/request-context.server'
import { clientIp } from '~/utils/request.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { safeRedirectPath } from '~/utils/safe-redirect-path'
import { serializeSessionToken } from '~/utils/session.server'

const bodySchema = z.object({ response: authenticationResponseSchema, redirectTo: z.string().max(500).optional() })

export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  assertSameOrigin(request)
  try {
    const body = await parseJsonBody(request, bodySchema)
    const session = await signInWithPasskey({
      response: body.response as never,
      ip: clientIp(request, context),
      userAgent: request.headers.get('user-agent'),
      requestId: requestIdOf(request, context),
    })
    return jsonResponse(
      { redirectTo: safeRedirectPath(body.redirectTo, '/dashboard') },
      { headers: { 'Set-Cookie': await serializeSessionToken(session.token, request) } },
    )
  } catch (error) {
    return appErrorJson(error)
  }
})
