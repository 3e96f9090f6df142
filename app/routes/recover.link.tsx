import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { LinkUnusable, SpendLinkForm } from '~/components/auth/one-time-link'
import { redeemRecoveryLink } from '~/modules/auth/redeem-recovery-link.server'
import { inspectSignInLink, signInLinkMessage } from '~/modules/auth/redeem-sign-in-link.server'
import { isAppError } from '~/utils/app-error'
import { assertSameOrigin } from '~/utils/csrf.server'
import { requestIdOf } from '~/utils/request-context.server'
import { clientIp } from '~/utils/request.server'
import { serializeSessionToken } from '~/utils/session.server'

export const meta: MetaFunction = () => [{ title: 'Recover your account · esd.quest' }]

const tokenSchema = z.string().min(20).max(200)

/** GET only shows the link's state (mail scanners open links); the POST spends it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = tokenSchema.safeParse(new URL(request.url).searchParams.get('token'))
  if (!token.success) return data({ state: 'unknown' as const, message: signInLinkMessage('unknown'), token: '' }, 400)
  const link = await inspectSignInLink(token.data, new Date(), 'recovery')
  if (link.state !== 'valid') return data({ state: link.state, message: signInLinkMessage(link.state), token: '' }, 410)
  return { state: 'valid' as const, email: link.user.email, token: token.data, message: '' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const token = tokenSchema.safeParse((await request.formData()).get('token'))
  if (!token.success) return data({ error: signInLinkMessage('unknown') }, 400)
  try {
    const session = await redeemRecoveryLink({
      token: token.data,
      ip: clientIp(request, context),
      userAgent: request.headers.get('user-agent'),
      requestId: requestIdOf(request, context),
    })
    return redirect('/recover/passkey', { headers: { 'Set-Cookie': await serializeSessionToken(session.token, request) } })
  } catch (error) {
    if (isAppError(error)) return data({ error: error.message }, error.status)
    throw error
  }
}

export default function RecoverLink() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (loaderData.state !== 'valid') {
    return <LinkUnusable message={loaderData.message} backTo="/recover" backLabel="Ask for a new recovery link" />
  }
  return (
    <SpendLinkForm title="Recover your account" token={loaderData.token} busyLabel="Checking…" error={actionData?.error}>
      Continue to register a new passkey for <strong className="text-foreground">{loaderData.email}</strong>. This link works once.
    </SpendLinkForm>
  )
}
