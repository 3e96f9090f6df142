import { checkReadiness } from '~/modules/observability/check-readiness.server'
import { jsonResponse } from '~/utils/json-response.server'
import { resourceRoute } from '~/utils/resource-route.server'

/** Readiness: 200 only when the database answers and every migration is applied. */
export const loader = resourceRoute(async () => {
  const readiness = await checkReadiness()
  return jsonResponse(readiness, { status: readiness.status === 'ready' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
})
