import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError } from '~/utils/api-response.server'
import { resourceRoute } from '~/utils/resource-route.server'

/**
 * Any /api/v1/* path no endpoint matches: the API's JSON 404, whatever the
 * method. No key is asked for, so the answer is the same for everyone and
 * says nothing about keys or organizations. Only the path is echoed, never
 * the query string, which may carry something a caller should not have sent.
 */
const notFound = resourceRoute(({ request }: LoaderFunctionArgs | ActionFunctionArgs) => {
  const { pathname } = new URL(request.url)
  return apiError(404, 'not_found', `There is no endpoint at ${pathname}.`)
})

export { notFound as action, notFound as loader }
