import { Form, Link, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { AuthLayout } from '~/components/shell/auth-layout'
import { Button } from '~/components/ui/button'
import { FormMessage } from '~/components/ui/field'

/** A one-time link (sign-in, recovery, invitation) that is used, expired or unknown. */
export function LinkUnusable({ title = 'This link cannot be used', message, backTo, backLabel }: {
  title?: string
  message: string
  backTo: string
  backLabel: string
}) {
  return (
    <AuthLayout title={title}>
      <FormMessage tone="error">{message}</FormMessage>
      <p className="mt-4 text-sm">
        <Link to={backTo} className="text-primary underline-offset-4 hover:underline">
          {backLabel}
        </Link>
      </p>
    </AuthLayout>
  )
}

/**
 * The confirmation page of a valid one-time link: opening the link (GET)
 * spends nothing; this button's POST does.
 */
export function SpendLinkForm({ title, token, busyLabel, error, children }: {
  title: string
  token: string
  busyLabel: string
  error?: string | null
  children: ReactNode
}) {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  return (
    <AuthLayout title={title}>
      <p className="mb-4 text-muted-foreground">{children}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? busyLabel : 'Continue'}
        </Button>
      </Form>
      {error ? (
        <div className="mt-3">
          <FormMessage tone="error">{error}</FormMessage>
        </div>
      ) : null}
    </AuthLayout>
  )
}
