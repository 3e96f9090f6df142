import { Form, Link } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { Icon } from '~/components/ui/icon'

/** Shown on every page while a super admin acts inside another organization. */
export function ImpersonationBanner({ organization }: { organization: string }) {
  return (
    <div role="status" className="flex flex-wrap items-center justify-center gap-3 bg-warning px-4 py-2 text-sm font-medium text-warning-foreground" data-testid="impersonation-banner">
      <Icon name="warning" />
      <span>You are acting inside {organization} as a platform super admin. Everything you do is logged.</span>
      <Form method="post" action="/platform/impersonation">
        <input type="hidden" name="intent" value="stop" />
        <Button type="submit" size="sm" variant="secondary">
          Stop
        </Button>
      </Form>
    </div>
  )
}

/** Until the user has a passkey, they can only come back with a link. */
export function AddPasskeyBanner() {
  return (
    <div role="status" className="flex flex-wrap items-center justify-center gap-2 border-b border-border bg-accent px-4 py-2 text-sm text-accent-foreground">
      <span>You have no passkey yet, so you cannot sign in again without a new link. Add one within 5 minutes of signing in.</span>
      <Link to="/account" className="font-medium underline underline-offset-4">
        Add a passkey
      </Link>
    </div>
  )
}
