import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { AppShell } from '~/components/shell/app-shell'
import { liveblocksConfig } from '~/modules/realtime/liveblocks-config.server'
import { requireUser } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const realtime = liveblocksConfig()
  return { user, realtime: realtime ? { baseUrl: realtime.publicBaseUrl } : null }
}

export default function AppLayout() {
  const { user, realtime } = useLoaderData<typeof loader>()
  return (
    <AppShell user={user} realtime={realtime}>
      <Outlet />
    </AppShell>
  )
}
