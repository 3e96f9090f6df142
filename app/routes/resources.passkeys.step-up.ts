import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { confirmStepUp } from '~/modules/auth/confirm-step-up.server'
import { authenticationResponseSchema } from '~/modules/auth/webauthn-response-schemas'
import { appErrorJson } from '~/utils/app-error-response.server'
import { actorForUser, requireUserSession } from '~/utils/auth.server'
import { parseJsonBody } from '~/utils/json-body.server'
import { jsonResponse } from '~/utils/json-response.server'
import { resourceRoute } from '~/utils/resource-route.server'

const bodySchema = z.object({ response: authenticationResponseSchema })

/** Records this session's passkey confirmation (step-up); the page then repeats the change it was asked for. */
export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  try {
    const { user, sessionId } = await requireUserSession(request)
    const body = await parseJsonBody(request, bodySchema)
    await confirmStepUp({ userId: user.id, sessionId, actor: actorForUser(user, request, context), response: body.response as never })
    return jsonResponse({ ok: true })
  } catch (error) {
    if (error instanceof Response) throw error
    return appErrorJson(error)
  }
})
