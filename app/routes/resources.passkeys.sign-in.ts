import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { signInWithPasskey } from '~/modules/auth/sign-in-with-passkey.server'
import { authenticationResponseSchema } from '~/modules/auth/webauthn-response-schemas'
import { appErrorJson } from '~/utils/app-error-response.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { parseJsonBody } from '~/utils/json-body.server'
import { clientIp } from '~/utils/request.server'
import { safeRedirectPath } from '~/utils/safe-redirect-path'
import { serializeSessionToken } from '~/utils/session.server'

const bodySchema = z.object({ response: authenticationResponseSchema, redirectTo: z.string().max(500).optional() })

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request)
  try {
    const body = await parseJsonBody(request, bodySchema)
    const session = await signInWithPasskey({
      response: body.response as never,
      ip: clientIp(request, context),
      userAgent: request.headers.get('user-agent'),
      requestId: context.requestId,
    })
    return Response.json(
      { redirectTo: safeRedirectPath(body.redirectTo, '/dashboard') },
      { headers: { 'Set-Cookie': await serializeSessionToken(session.token) } },
    )
  } catch (error) {
    return appErrorJson(error)
  }
}
