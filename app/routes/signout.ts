import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { signOut } from '~/modules/auth/sign-out.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { clientIp } from '~/utils/request.server'
import { clearSessionCookie, readSessionToken } from '~/utils/session.server'

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const token = await readSessionToken(request)
  if (token) await signOut({ sessionToken: token, ip: clientIp(request, context), requestId: context.requestId })
  return redirect('/signin', { headers: { 'Set-Cookie': await clearSessionCookie() } })
}

export function loader() {
  return redirect('/')
}
