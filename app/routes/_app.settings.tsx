import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/ui/card'
import { SettingsNav, settingsTabs } from '~/components/shell/settings-nav'
import { requireUser } from '~/utils/auth.server'
import { getEnv } from '~/utils/env.server'
import { userHasPermission } from '~/utils/permissions'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const showDevTools = getEnv().APP_ENV !== 'production'
  const allowed = settingsTabs.filter((t) => userHasPermission(user, t.permission) && (!t.devOnly || showDevTools))
  if (allowed.length === 0) throw new Response('Organization settings are for administrators.', { status: 403 })
  if (new URL(request.url).pathname.replace(/\/$/, '') === '/settings') throw redirect(allowed[0]!.to)
  return { user: { permissions: user.permissions }, showDevTools, organization: user.organization.name }
}

export default function SettingsLayout() {
  const { user, showDevTools, organization } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Settings" description={organization} />
      <SettingsNav user={user} showDevTools={showDevTools} />
      <Outlet />
    </>
  )
}
