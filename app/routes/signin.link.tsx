import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { LinkUnusable, SpendLinkForm } from '~/components/auth/one-time-link'
import { inspectSignInLink, signInLinkMessage } from '~/modules/auth/redeem-sign-in-link.server'
import { signInWithLink } from '~/modules/auth/sign-in-with-link.server'
import { isAppError } from '~/utils/app-error'
import { assertSameOrigin } from '~/utils/csrf.server'
import { requestIdOf } from '~/utils/request-context.server'
import { clientIp } from '~/utils/request.server'
import { serializeSessionToken } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Sign in · esd.quest' }]

const tokenSchema = z.object({ token: z.string().min(20).max(200) })

/**
 * GET only shows the link's state; the POST uses it up. Mail scanners and
 * link previews open links with GET, and must not burn them.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const parsed = tokenSchema.safeParse({ token })
  if (!parsed.success) return data({ state: 'unknown' as const, message: signInLinkMessage('unknown'), token: '' }, 400)
  const link = await inspectSignInLink(parsed.data.token)
  if (link.state !== 'valid') {
    return data({ state: link.state, message: signInLinkMessage(link.state), token: '' }, 410)
  }
  return { state: 'valid' as const, email: link.user.email, name: link.user.name, token: parsed.data.token }
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const submission = parseWithZod(await request.formData(), { schema: tokenSchema })
  if (submission.status !== 'success') {
    return data({ error: signInLinkMessage('unknown') }, 400)
  }
  try {
    const session = await signInWithLink({
      token: submission.value.token,
      ip: clientIp(request, context),
      userAgent: request.headers.get('user-agent'),
      requestId: requestIdOf(request, context),
    })
    return redirect('/dashboard', { headers: { 'Set-Cookie': await serializeSessionToken(session.token, request) } })
  } catch (error) {
    if (isAppError(error)) return data({ error: error.message }, error.status)
    throw error
  }
}

export default function SignInLink() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (loaderData.state !== 'valid') {
    return <LinkUnusable message={loaderData.message} backTo="/signin" backLabel="Back to sign in" />
  }
  return (
    <SpendLinkForm title="Sign in" token={loaderData.token} busyLabel="Signing in…" error={actionData?.error}>
      Continue as <strong className="text-foreground">{loaderData.name}</strong> ({loaderData.email}). This link works once.
    </SpendLinkForm>
  )
}
