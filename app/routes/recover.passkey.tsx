import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { RegisterPasskeyButton } from '~/components/auth/passkey-buttons'
import { AuthLayout } from '~/components/shell/auth-layout'
import { getRecoveryUser } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'Register a new passkey · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getRecoveryUser(request)
  if (!user) throw redirect('/recover')
  return { email: user.email }
}

export default function RecoverPasskey() {
  const { email } = useLoaderData<typeof loader>()
  return (
    <AuthLayout title="Register a new passkey">
      <p className="mb-4 text-muted-foreground">
        Last step for <strong className="text-foreground">{email}</strong>: create a passkey on this device. You will be signed in
        when it is saved. This page works for 15 minutes.
      </p>
      <RegisterPasskeyButton flow={{ flow: 'recovery' }} label="Create passkey" />
    </AuthLayout>
  )
}
