import { jsonResponse } from '~/utils/json-response.server'
import { resourceRoute } from '~/utils/resource-route.server'

/** Liveness: the process answers. Deliberately touches nothing else. */
export const loader = resourceRoute(() => {
  return jsonResponse({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
})
