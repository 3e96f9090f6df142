import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { exportDryRunList } from '~/modules/campaigns/export-dry-run-list.server'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { csvDownload } from '~/utils/csv-download.server'
import { jsonResponse } from '~/utils/json-response.server'
import { userHasPermission } from '~/utils/permissions'
import { resourceRoute } from '~/utils/resource-route.server'

const outcome = z.enum(['allowed', 'registry_check_at_launch', ...(Object.keys(GATE_BLOCK_REASONS) as (keyof typeof GATE_BLOCK_REASONS)[])])

/** GET /campaigns/:id/dry-run.csv?reason=…: the leads of a campaign's dry run with one outcome, as a CSV download. */
export const loader = resourceRoute(async ({ request, params, context }: LoaderFunctionArgs) => {
  // A list of leads: the lead permission as well as the campaign one.
  const user = await requireUserWithPermission(request, 'read:lead:any')
  if (!userHasPermission(user, 'read:campaign:any')) return jsonResponse({ error: 'You may not read campaigns.' }, { status: 403 })
  const id = z.uuid().safeParse(params.id)
  const reason = outcome.safeParse(new URL(request.url).searchParams.get('reason'))
  if (!id.success) return jsonResponse({ error: 'No such campaign' }, { status: 404 })
  if (!reason.success) return jsonResponse({ error: `reason must be one of: ${outcome.options.join(', ')}` }, { status: 400 })
  try {
    const stream = await exportDryRunList({
      organizationId: user.organization.id,
      actor: actorForUser(user, request, context),
      campaignId: id.data,
      reason: reason.data,
      showNumbers: userHasPermission(user, 'read:phone:any'),
    })
    return csvDownload(stream, `campaign-${id.data.slice(0, 8)}-${reason.data}.csv`)
  } catch (error) {
    if (isAppError(error)) return jsonResponse({ error: error.message }, { status: error.status })
    throw error
  }
})
