import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { signOut } from '~/modules/auth/sign-out.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { requestIdOf } from '~/utils/request-context.server'
import { clientIp } from '~/utils/request.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { clearSessionCookie, readSessionToken } from '~/utils/session.server'

export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  assertSameOrigin(request)
  const token = await readSessionToken(request)
  if (token) await signOut({ sessionToken: token, ip: clientIp(request, context), requestId: requestIdOf(request, context) })
  return redirect('/signin', { headers: { 'Set-Cookie': await clearSessionCookie(request) } })
})

export const loader = resourceRoute(() => {
  return redirect('/')
})
