import { renderMetrics } from '~/modules/observability/metrics.server'

/** Prometheus text format for this process. */
export async function loader() {
  const { contentType, body } = await renderMetrics()
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } })
}
