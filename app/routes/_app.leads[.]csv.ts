import type { LoaderFunctionArgs } from '@remix-run/node'
import { leadFilter } from '~/modules/leads/lead-filter'
import { exportLeadsCsv } from '~/modules/leads/export-leads-csv.server'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { jsonResponse } from '~/utils/json-response.server'
import { userHasPermission } from '~/utils/permissions'
import { csvDownload } from '~/utils/csv-download.server'
import { resourceRoute } from '~/utils/resource-route.server'

/** GET /leads.csv?<filter>: the leads the filter matches as a streamed CSV download (every page of them). */
export const loader = resourceRoute(async ({ request, context }: LoaderFunctionArgs) => {
  const user = await requireUserWithPermission(request, 'read:lead:any')
  const parsed = leadFilter.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) return jsonResponse({ errors: parsed.error.flatten().fieldErrors }, { status: 400 })
  const stream = await exportLeadsCsv({
    organizationId: user.organization.id,
    actor: actorForUser(user, request, context),
    filter: parsed.data,
    showNumbers: userHasPermission(user, 'read:phone:any'),
  })
  const filename = `leads-${user.organization.slug}-${new Date().toISOString().slice(0, 10)}.csv`
  return csvDownload(stream, filename)
})
