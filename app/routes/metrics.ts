import { renderMetrics } from '~/modules/observability/metrics.server'
import { resourceRoute } from '~/utils/resource-route.server'

/** Prometheus text format for this process. */
export const loader = resourceRoute(async () => {
  const { contentType, body } = await renderMetrics()
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } })
})
