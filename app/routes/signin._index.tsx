import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { AuthLayout } from '~/components/shell/auth-layout'
import { getUser } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'Sign in · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/dashboard')
  return null
}

export default function SignIn() {
  return (
    <AuthLayout title="Sign in">
      <p className="text-muted-foreground">
        Open the one-time sign-in link you were given. When you run esd.quest locally, <code>npm start</code> prints a
        fresh link for the demo admin each time it starts.
      </p>
    </AuthLayout>
  )
}
