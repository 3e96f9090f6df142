import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { revokeSession } from '~/modules/auth/sessions.server'
import { assertSameOrigin } from '~/utils/csrf.server'
import { clearSessionCookie, readSessionToken } from '~/utils/session.server'

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const token = await readSessionToken(request)
  if (token) await revokeSession(token)
  return redirect('/signin', { headers: { 'Set-Cookie': await clearSessionCookie() } })
}

export function loader() {
  return redirect('/')
}
