import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { getUser } from '~/utils/auth.server'
import { resourceRoute } from '~/utils/resource-route.server'

export const loader = resourceRoute(async ({ request }: LoaderFunctionArgs) => {
  return redirect((await getUser(request)) ? '/dashboard' : '/signin')
})
