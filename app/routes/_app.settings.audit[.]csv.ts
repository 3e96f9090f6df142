import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseWithZod } from '@conform-to/zod/v4'
import { auditFiltersSchema } from '~/modules/audit/audit-filters'
import { exportAuditCsv } from '~/modules/audit/export-audit-csv.server'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { jsonResponse } from '~/utils/json-response.server'
import { csvDownload } from '~/utils/csv-download.server'
import { resourceRoute } from '~/utils/resource-route.server'

/** GET /settings/audit.csv?<filters>: the filtered audit log as a streamed CSV download. */
export const loader = resourceRoute(async ({ request, context }: LoaderFunctionArgs) => {
  const user = await requireUserWithPermission(request, 'read:audit:any')
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: auditFiltersSchema })
  if (submission.status !== 'success') {
    return jsonResponse({ errors: submission.error }, { status: 400 })
  }
  const stream = await exportAuditCsv({
    organizationId: user.organization.id,
    actor: actorForUser(user, request, context),
    filters: submission.value,
  })
  const filename = `audit-${user.organization.slug}-${new Date().toISOString().slice(0, 10)}.csv`
  return csvDownload(stream, filename)
})
