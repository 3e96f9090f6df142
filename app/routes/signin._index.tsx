import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PasskeySignInButton } from '~/components/auth/passkey-buttons'
import { AuthLayout } from '~/components/shell/auth-layout'
import { FormMessage } from '~/components/ui/field'
import { getUser } from '~/utils/auth.server'
import { safeRedirectPath } from '~/utils/safe-redirect-path'

export const meta: MetaFunction = () => [{ title: 'Sign in · esd.quest' }]

const notices: Record<string, string> = {
  'passkey-removed': 'The passkey was removed and every session ended. Sign in with one of your other passkeys.',
  'signed-out-everywhere': 'You were signed out on every device.',
  'session-ended': 'You ended this session and are signed out on this device.',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  const redirectTo = safeRedirectPath(params.get('redirectTo'), '/dashboard')
  if (await getUser(request)) throw redirect(redirectTo)
  return { redirectTo, notice: notices[params.get('notice') ?? ''] ?? null }
}

export default function SignIn() {
  const { redirectTo, notice } = useLoaderData<typeof loader>()
  return (
    <AuthLayout title="Sign in">
      <div className="space-y-4">
        {notice ? <FormMessage tone="info">{notice}</FormMessage> : null}
        <p className="text-muted-foreground">Use the passkey on this device, your phone or a security key. No password needed.</p>
        <PasskeySignInButton redirectTo={redirectTo} />
        <p className="text-sm">
          <Link to="/recover" className="text-primary underline-offset-4 hover:underline">
            Lost your passkey? Recover your account
          </Link>
        </p>
        <p className="border-t border-border pt-4 text-xs text-muted-foreground">
          Running esd.quest locally? <code>npm start</code> prints a one-time sign-in link for the demo admin.
        </p>
      </div>
    </AuthLayout>
  )
}
