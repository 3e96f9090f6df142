import { checkReadiness } from '~/modules/observability/check-readiness.server'

/** Readiness: 200 only when the database answers and every migration is applied. */
export async function loader() {
  const readiness = await checkReadiness()
  return Response.json(readiness, { status: readiness.status === 'ready' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } })
}
