import type { ActionFunctionArgs } from '@remix-run/node'
import { authorizeRealtime } from '~/modules/realtime/authorize-realtime.server'
import { getUser } from '~/utils/auth.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { jsonResponse } from '~/utils/json-response.server'
import { resourceRoute } from '~/utils/resource-route.server'

export const action = resourceRoute(async ({ request }: ActionFunctionArgs) => {
  assertSameOrigin(request)
  const user = await getUser(request)
  if (!user) return jsonResponse({ error: 'Sign in first' }, { status: 401 })
  const body = (await request.json().catch(() => ({}))) as { room?: unknown }
  const { status, body: payload } = await authorizeRealtime({ user, room: body.room })
  return new Response(payload, { status, headers: { 'Content-Type': 'application/json' } })
})
