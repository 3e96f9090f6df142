import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { exportImportRowErrorsCsv } from '~/modules/ingest/export-import-row-errors-csv.server'
import { isAppError } from '~/utils/app-error'
import { requireUserWithPermission } from '~/utils/auth.server'
import { csvDownload } from '~/utils/csv-download.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { IMPORT_PERMISSION } from '~/utils/upload-auth.server'

/** GET /imports/:id/errors.csv: the import's row errors with their raw rows, streamed. */
export const loader = resourceRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUserWithPermission(request, IMPORT_PERMISSION)
  const id = z.uuid().safeParse(params.id)
  if (!id.success) return new Response('No such import.', { status: 404 })
  try {
    const { filename, stream } = await exportImportRowErrorsCsv({ organizationId: user.organization.id, importFileId: id.data })
    return csvDownload(stream, filename)
  } catch (error) {
    if (isAppError(error) && error.status === 404) return new Response('No such import.', { status: 404 })
    throw error
  }
})
