import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { AuthLayout } from '~/components/shell/auth-layout'
import { Button } from '~/components/ui/button'
import { FormMessage } from '~/components/ui/field'
import { redeemRecoveryLink } from '~/modules/auth/redeem-recovery-link.server'
import { inspectSignInLink, signInLinkMessage } from '~/modules/auth/redeem-sign-in-link.server'
import { isAppError } from '~/utils/app-error'
import { assertSameOrigin } from '~/utils/csrf.server'
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
      requestId: context.requestId,
    })
    return redirect('/recover/passkey', { headers: { 'Set-Cookie': await serializeSessionToken(session.token) } })
  } catch (error) {
    if (isAppError(error)) return data({ error: error.message }, error.status)
    throw error
  }
}

export default function RecoverLink() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  if (loaderData.state !== 'valid') {
    return (
      <AuthLayout title="This link cannot be used">
        <FormMessage tone="error">{loaderData.message}</FormMessage>
        <p className="mt-4 text-sm">
          <Link to="/recover" className="text-primary underline-offset-4 hover:underline">
            Ask for a new recovery link
          </Link>
        </p>
      </AuthLayout>
    )
  }
  return (
    <AuthLayout title="Recover your account">
      <p className="mb-4 text-muted-foreground">
        Continue to register a new passkey for <strong className="text-foreground">{loaderData.email}</strong>. This link works once.
      </p>
      <Form method="post">
        <input type="hidden" name="token" value={loaderData.token} />
        <Button type="submit" className="w-full" disabled={navigation.state !== 'idle'}>
          Continue
        </Button>
      </Form>
      {actionData?.error ? (
        <div className="mt-3">
          <FormMessage tone="error">{actionData.error}</FormMessage>
        </div>
      ) : null}
    </AuthLayout>
  )
}
